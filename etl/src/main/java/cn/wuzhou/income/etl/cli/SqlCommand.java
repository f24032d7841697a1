package cn.wuzhou.income.etl.cli;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.SparkSessions;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.models.export.MartFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import scala.collection.JavaConverters;

/**
 * {@code bin/warehouse sql "QUERY" [--format table|csv]}: Spark SQL over every table under the
 * home (bronze, silver, gold, marts; each a view of its name), read-only ({@link ReadOnlyQuery}).
 * The result goes to standard output, logs to standard error.
 */
@Command(name = "sql", description = "Spark SQL over every warehouse table (bronze, silver, gold, marts), "
    + "read-only: SELECT, WITH, SHOW, DESCRIBE, EXPLAIN.")
public final class SqlCommand extends WarehouseCommand {
  /** Output formats. */
  enum Format { table, csv }

  @Parameters(index = "0", paramLabel = "QUERY", description = "the statement, e.g. \"select * from dim_region\"")
  String query;

  @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
      description = "table (aligned, for people; default) or csv (header then rows, RFC 4180, UTF-8, for scripts)")
  Format format;

  @Option(names = "--max-rows", defaultValue = "1000", paramLabel = "N",
      description = "rows shown by --format table (default 1000); csv prints every row")
  int maxRows;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    WarehouseConfig config = config();
    SparkSession spark = SparkSessions.create(config);
    ReadOnlyQuery.require(spark, query);
    WarehouseTables.of(spark, config).registerViews();
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      if (e instanceof AnalysisException a) {
        throw new UserException("sql: " + a.getSimpleMessage().lines().findFirst().orElse(""));
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.csv) {
      printCsv(result, out);
    } else {
      printTable(result, out, maxRows);
    }
    out.flush();
    return 0;
  }

  /** The header and every row as RFC 4180 CSV (CRLF line ends; nulls empty; plain decimals). */
  static void printCsv(Dataset<Row> result, PrintWriter out) throws java.io.IOException {
    CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180);
    csv.printRecord((Object[]) result.columns());
    for (Iterator<Row> it = result.toLocalIterator(); it.hasNext(); ) {
      Row row = it.next();
      for (int i = 0; i < row.size(); i++) {
        csv.print(text(row.get(i)));
      }
      csv.println();
    }
    csv.flush();
  }

  /** An aligned table of at most {@code maxRows} rows; East Asian characters count two columns wide. */
  static void printTable(Dataset<Row> result, PrintWriter out, int maxRows) {
    String[] names = result.columns();
    List<Row> rows = result.limit(maxRows + 1).collectAsList();
    boolean more = rows.size() > maxRows;
    List<String[]> cells = new ArrayList<>();
    cells.add(names);
    for (Row row : rows.subList(0, Math.min(rows.size(), maxRows))) {
      String[] c = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        c[i] = row.isNullAt(i) ? "NULL" : text(row.get(i));
      }
      cells.add(c);
    }
    int[] widths = new int[names.length];
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        widths[i] = Math.max(widths[i], displayWidth(c[i]));
      }
    }
    for (int r = 0; r < cells.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < names.length; i++) {
        String v = cells.get(r)[i];
        line.append(i == 0 ? "" : " | ").append(v).append(" ".repeat(widths[i] - displayWidth(v)));
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
          rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(rule);
      }
    }
    int shown = cells.size() - 1;
    out.println("(" + shown + (shown == 1 ? " row" : " rows") + (more ? "; more not shown: use --max-rows or --format csv" : "") + ")");
  }

  static String text(Object v) {
    if (v instanceof scala.collection.Seq<?> seq) {
      return JavaConverters.seqAsJavaList(seq).stream().map(SqlCommand::text).toList().toString();
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      return JavaConverters.mapAsJavaMap(map).toString();
    }
    if (v instanceof byte[] bytes) {
      return java.util.HexFormat.of().formatHex(bytes);
    }
    return MartFiles.text(v);
  }

  private static int displayWidth(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      boolean wide = script == Character.UnicodeScript.HAN || (cp >= 0x3000 && cp <= 0x303F)
          || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
      w += wide ? 2 : 1;
      i += Character.charCount(cp);
    }
    return w;
  }
}
