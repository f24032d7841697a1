package cn.wuzhou.income.etl.cli;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SparkSessions;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.models.MartCatalog;
import cn.wuzhou.income.models.export.MartFiles;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/warehouse export MART [--year Y] [--quarter Q] [--format csv|xlsx] --out FILE}: one
 * mart of metrics.md from its Delta table under the home, filtered, in the columns and order of
 * {@link MartCatalog}, rows ordered by the mart's grain, written by {@link MartFiles}.
 *
 * <p>Filters: {@code --year} selects the mart's {@code year} column ({@code base_year} for
 * {@code mart_quintile_transition}); {@code --quarter} needs a mart with a {@code quarter} column
 * (the annual quintile marts and the monthly subsidy mart have none: asking is an error, exit 2).
 * Without filters every period is written.
 */
@Command(name = "export", description = "Export one mart to CSV (UTF-8 with BOM) or XLSX (Chinese headers, "
    + "definitions sheet 定义).")
public final class ExportCommand extends WarehouseCommand {
  /** File formats. */
  enum Format { csv, xlsx }

  @Parameters(index = "0", paramLabel = "MART", description = "mart name, e.g. mart_income_evidence")
  String mart;

  @Option(names = "--year", paramLabel = "Y", description = "only year Y (base_year for mart_quintile_transition)")
  Integer year;

  @Option(names = "--quarter", paramLabel = "Q", description = "only quarter Q (1..4); marts with a quarter column only")
  Integer quarter;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv or xlsx; default: xlsx when --out ends with .xlsx, else csv")
  Format format;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "file to write (replaced)")
  Path out;

  @Override
  public Integer call() throws IOException {
    MartCatalog catalog = MartCatalog.get();
    if (!catalog.contains(mart)) {
      throw new UserException("export: unknown mart '" + mart + "'; known marts: "
          + String.join(", ", catalog.marts().stream().map(MartCatalog.Mart::name).toList()), WarehouseCli.USAGE);
    }
    MartCatalog.Mart m = catalog.mart(mart);
    Column filter = filter(m, year, quarter);
    Format f = format != null ? format
        : out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx") ? Format.xlsx : Format.csv;

    WarehouseConfig config = config();
    SparkSession spark = SparkSessions.create(config);
    WarehouseTables tables = WarehouseTables.of(spark, config);
    if (!tables.exists(mart)) {
      throw new UserException("export: " + mart + " has not been built under " + tables.path(mart)
          + "; run 'bin/warehouse run' first");
    }
    Progress.Stage stage = Progress.stderr().stage("export " + mart);
    List<List<Object>> rows = rows(tables.read(mart), m, filter);
    String asOf = lastCommit(spark, tables.path(mart));
    Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".part");
    try (OutputStream os = Files.newOutputStream(tmp)) {
      if (f == Format.csv) {
        MartFiles.writeCsv(m.columns(), rows, os);
      } else {
        MartFiles.writeXlsx(m.label(), m.columns(), rows, notes(m, asOf), os);
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    stage.done(rows.size() + " rows (" + describe(m, year, quarter) + ") to " + out + " as " + f);
    return 0;
  }

  /**
   * The SQL condition of the filters on {@code m}; {@link UserException} (exit 2) when the mart
   * has no column for a filter or the quarter is not 1..4.
   */
  static Column filter(MartCatalog.Mart m, Integer year, Integer quarter) {
    Column condition = functions.lit(true);
    if (year != null) {
      condition = condition.and(functions.col(yearColumn(m)).equalTo(year));
    }
    if (quarter != null) {
      if (quarter < 1 || quarter > 4) {
        throw new UserException("export: --quarter is " + quarter + "; allowed: 1, 2, 3, 4", WarehouseCli.USAGE);
      }
      if (!m.columnNames().contains("quarter")) {
        throw new UserException("export: " + m.name() + " has no quarter column (" + periodOf(m)
            + "); leave out --quarter", WarehouseCli.USAGE);
      }
      condition = condition.and(functions.col("quarter").equalTo(quarter));
    }
    return condition;
  }

  /** The mart's rows matching {@code filter}, as Java values in catalogue column order, ordered by grain. */
  static List<List<Object>> rows(Dataset<Row> table, MartCatalog.Mart m, Column filter) {
    List<String> present = Arrays.asList(table.columns());
    for (String c : m.columnNames()) {
      if (!present.contains(c)) {
        throw new UserException("export: the table " + m.name() + " has no column '" + c
            + "' of models/marts.yaml; rebuild it with 'bin/warehouse run'");
      }
    }
    Column[] cols = m.columnNames().stream().map(functions::col).toArray(Column[]::new);
    Column[] order = m.grain().stream().map(c -> functions.col(c).asc_nulls_first()).toArray(Column[]::new);
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : table.filter(filter).select(cols).orderBy(order).collectAsList()) {
      List<Object> values = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        values.add(r.isNullAt(i) ? null : r.get(i));
      }
      rows.add(values);
    }
    return rows;
  }

  private static String yearColumn(MartCatalog.Mart m) {
    return m.columnNames().contains("year") ? "year" : "base_year";
  }

  private static String periodOf(MartCatalog.Mart m) {
    return m.columnNames().contains("due_month") ? "it is monthly: due_month" : "it is annual";
  }

  private static String describe(MartCatalog.Mart m, Integer year, Integer quarter) {
    List<String> parts = new ArrayList<>();
    if (year != null) {
      parts.add(yearColumn(m) + " = " + year);
    }
    if (quarter != null) {
      parts.add("quarter = " + quarter);
    }
    return parts.isEmpty() ? "all periods" : String.join(", ", parts);
  }

  private Map<String, String> notes(MartCatalog.Mart m, String asOf) {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("数据表", m.name() + "（" + m.label() + "）");
    notes.put("筛选", describe(m, year, quarter));
    notes.put("数据更新时间", asOf);
    notes.put("导出时间", LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
    return notes;
  }

  /** Time of the table's latest Delta commit (when the mart was last published). */
  private static String lastCommit(SparkSession spark, String path) {
    Row last = DeltaTable.forPath(spark, path).history(1).select("timestamp").first();
    ZoneId zone = ZoneId.of(spark.conf().get("spark.sql.session.timeZone"));
    return last.getTimestamp(0).toInstant().atZone(zone).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
  }
}
