package cn.wuzhou.income.dashboards.export;

import cn.wuzhou.income.models.MartCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jooq.Record;

/**
 * A mart list as CSV for the dashboards' downloads: UTF-8 with a byte-order mark (so Excel reads
 * the Chinese), header = the columns' Chinese labels of marts.yaml, booleans {@code true/false},
 * nulls empty, decimals plain (no exponent), CRLF line ends.
 */
public final class CsvExport {
  private CsvExport() {}

  public static void write(OutputStream out, List<MartCatalog.Column> columns, List<Record> rows) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    writer.write('\uFEFF');
    CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
        .setHeader(columns.stream().map(MartCatalog.Column::label).toArray(String[]::new)).build());
    for (Record row : rows) {
      for (MartCatalog.Column c : columns) {
        csv.print(text(row.get(c.name())));
      }
      csv.println();
    }
    csv.flush();
  }

  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return value.toString();
  }
}
