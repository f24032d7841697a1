package cn.wuzhou.income.models.export;

import cn.wuzhou.income.models.MartCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes rows of a mart (or any table described by {@link MartCatalog.Column}s) as the files
 * of interfaces.md: CSV (UTF-8 with a BOM, header = column names, RFC 4180 quoting, booleans
 * {@code true}/{@code false}, nulls empty, plain decimals) and XLSX (Chinese headers, numbers as
 * numbers, and a sheet {@code 定义} with each column's name, label and definition plus notes such
 * as the filters and the export time).
 *
 * <p>Rows are lists of plain Java values in column order: {@code String}, {@code Integer},
 * {@code Long}, {@code BigDecimal}, {@code Double}, {@code Boolean}, {@code LocalDate} or
 * {@code java.sql.Date}, {@code LocalDateTime} or {@code java.sql.Timestamp}, or null. No Spark:
 * the command line and the dashboards share it.
 */
public final class MartFiles {
  /** Name of the definitions sheet of an XLSX export. */
  public static final String DEFINITIONS_SHEET = "定义";

  private MartFiles() {}

  /** CSV of {@code rows}: a UTF-8 BOM, the header of column names, then one record per row. */
  public static void writeCsv(List<MartCatalog.Column> columns, Iterable<? extends List<?>> rows, OutputStream out)
      throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write('\uFEFF');
    CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180);
    csv.printRecord(columns.stream().map(MartCatalog.Column::name).toList());
    for (List<?> row : rows) {
      requireWidth(columns, row);
      for (Object v : row) {
        csv.print(text(v));
      }
      csv.println();
    }
    csv.flush();
  }

  /**
   * XLSX of {@code rows}: a first sheet named {@code sheetName} with the Chinese labels as header
   * and numbers, booleans and dates as typed cells; a second sheet {@link #DEFINITIONS_SHEET}
   * with 列名/中文名/类型/定义 per column, then {@code notes} (label → value) below.
   */
  public static void writeXlsx(String sheetName, List<MartCatalog.Column> columns, Iterable<? extends List<?>> rows,
      Map<String, String> notes, OutputStream out) throws IOException {
    Workbook wb = new Workbook(out, "wuzhou-income-warehouse", "1.0");
    Worksheet data = wb.newWorksheet(sheetName(sheetName));
    for (int c = 0; c < columns.size(); c++) {
      data.value(0, c, columns.get(c).label());
      data.style(0, c).bold().set();
    }
    int r = 1;
    for (List<?> row : rows) {
      requireWidth(columns, row);
      for (int c = 0; c < columns.size(); c++) {
        cell(data, r, c, columns.get(c), row.get(c));
      }
      r++;
    }
    data.freezePane(0, 1);

    Worksheet defs = wb.newWorksheet(DEFINITIONS_SHEET);
    List<String> head = List.of("列名", "中文名", "类型", "定义");
    for (int c = 0; c < head.size(); c++) {
      defs.value(0, c, head.get(c));
      defs.style(0, c).bold().set();
    }
    int d = 1;
    for (MartCatalog.Column col : columns) {
      defs.value(d, 0, col.name());
      defs.value(d, 1, col.label());
      defs.value(d, 2, col.type());
      defs.value(d, 3, col.definition());
      d++;
    }
    d++;
    for (Map.Entry<String, String> note : notes.entrySet()) {
      defs.value(d, 0, note.getKey());
      defs.style(d, 0).bold().set();
      defs.value(d, 1, note.getValue());
      d++;
    }
    wb.finish();
  }

  /** The CSV text of a value: empty for null, plain decimals, {@code true}/{@code false}, ISO dates. */
  public static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof BigDecimal b) {
      return b.toPlainString();
    }
    if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      return Double.isFinite(x) ? new BigDecimal(Double.toString(x)).toPlainString() : Double.toString(x);
    }
    if (v instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime().toString().replace('T', ' ');
    }
    if (v instanceof LocalDateTime ts) {
      return ts.toString().replace('T', ' ');
    }
    return v.toString();
  }

  private static void cell(Worksheet ws, int r, int c, MartCatalog.Column col, Object v) {
    if (v == null) {
      return;
    }
    if (v instanceof Number n) {
      ws.value(r, c, n instanceof BigDecimal ? n : new BigDecimal(text(n)));
      String format = switch (col.type()) {
        case "money", "pct" -> "0.00";
        case "ratio4" -> "0.0000";
        case "int" -> "0";
        default -> null;
      };
      if (format != null) {
        ws.style(r, c).format(format).set();
      }
    } else if (v instanceof Boolean b) {
      ws.value(r, c, b);
    } else if (v instanceof java.sql.Date date) {
      dateCell(ws, r, c, date.toLocalDate());
    } else if (v instanceof LocalDate date) {
      dateCell(ws, r, c, date);
    } else {
      ws.value(r, c, text(v));
    }
  }

  private static void dateCell(Worksheet ws, int r, int c, LocalDate date) {
    ws.value(r, c, date);
    ws.style(r, c).format("yyyy-mm-dd").set();
  }

  private static void requireWidth(List<MartCatalog.Column> columns, List<?> row) {
    if (row.size() != columns.size()) {
      throw new IllegalArgumentException("a row has " + row.size() + " values for " + columns.size() + " columns");
    }
  }

  /** Excel sheet names: at most 31 characters, none of []:*?/\. */
  private static String sheetName(String name) {
    String clean = name.replaceAll("[\\[\\]:*?/\\\\]", "_");
    return clean.length() > 31 ? clean.substring(0, 31) : clean;
  }
}
