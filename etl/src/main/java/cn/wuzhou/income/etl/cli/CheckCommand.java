package cn.wuzhou.income.etl.cli;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.SparkSessions;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.ingest.Deliveries;
import cn.wuzhou.income.etl.ingest.QualityReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warehouse check [--format table|csv]}: the data-quality report of the latest run. */
@Command(name = "check", description = "Data-quality report of the latest run: per feed and period, rows received, loaded, quarantined by reason, unmatched people.")
public final class CheckCommand extends WarehouseCommand {
  enum Format { table, csv }

  @Option(names = "--format", paramLabel = "table|csv", description = "table (default) or csv (only CSV on standard output).")
  Format format = Format.table;

  @Override
  public Integer call() {
    WarehouseConfig config = config();
    SparkSession spark = SparkSessions.create(config);
    WarehouseTables tables = WarehouseTables.of(spark, config);
    if (!tables.exists(Deliveries.TABLE)) {
      throw new UserException("no run yet: no tables under " + config.effectiveTablesRoot()
          + "; run 'bin/warehouse run --landing DIR' first");
    }
    List<String> header = QualityReport.columns();
    List<List<String>> rows = new ArrayList<>();
    for (Row r : QualityReport.build(tables).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < header.size(); i++) {
        cells.add(r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
      }
      rows.add(cells);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (format == Format.csv) {
      printCsv(out, header, rows);
    } else {
      printTable(out, header, rows);
    }
    return 0;
  }

  static void printCsv(PrintStream out, List<String> header, List<List<String>> rows) {
    try {
      CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
      printer.printRecord(header);
      for (List<String> r : rows) {
        printer.printRecord(r);
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void printTable(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], displayWidth(r.get(i)));
      }
    }
    out.println(line(header, width));
    for (List<String> r : rows) {
      out.println(line(r, width));
    }
    if (rows.isEmpty()) {
      out.println("(no deliveries)");
    }
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      b.append(c).append(" ".repeat(Math.max(0, width[i] - displayWidth(c)))).append(i + 1 < cells.size() ? "  " : "");
    }
    return b.toString().stripTrailing();
  }

  /** Chinese characters take two columns in a terminal. */
  private static int displayWidth(String s) {
    return s.codePoints().map(c -> c >= 0x1100 ? 2 : 1).sum();
  }
}
