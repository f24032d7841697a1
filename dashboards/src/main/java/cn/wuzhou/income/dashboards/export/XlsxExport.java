package cn.wuzhou.income.dashboards.export;

import cn.wuzhou.income.models.MartCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jooq.Record;

/**
 * A mart list as an XLSX workbook (fastexcel): sheet 数据 with Chinese headers and typed cells
 * (numbers as numbers, booleans as 是/否, nulls empty), sheet 说明 with the mart, the as-of
 * date, when the marts were published, the filters, and each column's name, label and
 * definition from marts.yaml.
 */
public final class XlsxExport {
  public static final String DATA_SHEET = "数据";
  public static final String DEFINITIONS_SHEET = "说明";

  private XlsxExport() {}

  /** What the definitions sheet says about the export besides the columns. */
  public record About(String martName, String martLabel, LocalDate asOf, LocalDateTime publishedAt,
      Map<String, ?> filters) {}

  public static void write(OutputStream out, About info, List<MartCatalog.Column> columns, List<Record> rows)
      throws IOException {
    Workbook wb = new Workbook(out, "warehouse", "1.0");
    Worksheet data = wb.newWorksheet(DATA_SHEET);
    for (int c = 0; c < columns.size(); c++) {
      data.value(0, c, columns.get(c).label());
      data.style(0, c).bold().set();
    }
    int r = 1;
    for (Record row : rows) {
      for (int c = 0; c < columns.size(); c++) {
        Object v = row.get(columns.get(c).name());
        if (v instanceof BigDecimal d) {
          data.value(r, c, d);
        } else if (v instanceof Number n) {
          data.value(r, c, n);
        } else if (v instanceof Boolean b) {
          data.value(r, c, b ? "是" : "否");
        } else if (v != null) {
          data.value(r, c, v.toString());
        }
      }
      r++;
    }
    Worksheet sheet = wb.newWorksheet(DEFINITIONS_SHEET);
    int line = 0;
    sheet.value(line, 0, "数据表");
    sheet.value(line++, 1, info.martLabel() + "（" + info.martName() + "）");
    sheet.value(line, 0, "数据截止日期");
    sheet.value(line++, 1, info.asOf() == null ? "" : info.asOf().toString());
    sheet.value(line, 0, "发布时间");
    sheet.value(line++, 1, info.publishedAt() == null ? "" : info.publishedAt().toString().replace('T', ' '));
    sheet.value(line, 0, "筛选条件");
    sheet.value(line++, 1, info.filters().isEmpty() ? "全部" : info.filters().toString());
    sheet.value(line, 0, "行数");
    sheet.value(line++, 1, rows.size());
    line++;
    sheet.value(line, 0, "列名");
    sheet.value(line, 1, "中文名称");
    sheet.value(line, 2, "定义");
    sheet.range(line, 0, line, 2).style().bold().set();
    line++;
    for (MartCatalog.Column c : columns) {
      sheet.value(line, 0, c.name());
      sheet.value(line, 1, c.label());
      sheet.value(line++, 2, c.definition());
    }
    wb.finish();
  }
}
