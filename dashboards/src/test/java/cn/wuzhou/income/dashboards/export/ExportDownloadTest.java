package cn.wuzhou.income.dashboards.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.dashboards.api.TestServerAccess;
import cn.wuzhou.income.models.MartCatalog;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads re-read and checked cell by cell. */
class ExportDownloadTest {
  @TempDir static Path dir;
  static TestServerAccess server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServerAccess(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> labels(String mart) {
    return MartCatalog.get().mart(mart).columns().stream().map(MartCatalog.Column::label).toList();
  }

  @Test
  void csvHasABomChineseHeadersAndPlainValues() throws Exception {
    HttpResponse<byte[]> r = server.download("city1",
        "/api/marts/mart_declining_households/export?format=csv&year=2024&quarter=4&sort=household_id");
    assertEquals(200, r.statusCode());
    assertEquals("text/csv; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
    byte[] bytes = r.body();
    assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(bytes[0], bytes[1], bytes[2]));
    List<String> lines = List.of(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n"));
    assertEquals(String.join(",", labels("mart_declining_households")), lines.get(0));
    assertEquals(List.of(
        "2024,4,H001,万秀区,城东镇,新村,脱贫户,3,张*,1,7000.00,8000.00,-12.50,true,true,wage,5,8,2,true,false,村级",
        "2024,4,H002,万秀区,龙湖镇,龙村,监测户,2,欧**明,2,9000.00,9500.00,-5.26,true,false,operating,12,12,0,false,false,",
        "2024,4,H003,长洲区,倒水镇,水村,脱贫不稳定户,4,李*,,6000.00,,,false,true,,0,0,3,true,true,乡科级"),
        lines.subList(1, lines.size()));
  }

  @Test
  void analystCsvHasNoNameColumn() throws Exception {
    byte[] bytes = server.download("analyst1",
        "/api/marts/mart_declining_households/export?format=csv&year=2024&quarter=4&county=%E4%B8%87%E7%A7%80%E5%8C%BA"
        + "&township=%E9%BE%99%E6%B9%96%E9%95%87").body();
    List<String> lines = List.of(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n"));
    List<String> header = new ArrayList<>(labels("mart_declining_households"));
    header.remove("户主姓名（脱敏）");
    assertEquals(List.of(String.join(",", header),
        "2024,4,H002,万秀区,龙湖镇,龙村,监测户,2,2,9000.00,9500.00,-5.26,true,false,operating,12,12,0,false,false,"),
        lines);
  }

  @Test
  void decliningHouseholdsXlsxHasTypedCellsAndADefinitionsSheetWithTheAsOfDate() throws Exception {
    HttpResponse<byte[]> r = server.download("assessor1",
        "/api/marts/mart_declining_households/export?format=xlsx&year=2024&quarter=4&county=%E9%95%BF%E6%B4%B2%E5%8C%BA");
    assertEquals(200, r.statusCode());
    try (InputStream in = new ByteArrayInputStream(r.body()); ReadableWorkbook wb = new ReadableWorkbook(in)) {
      List<Sheet> sheets = wb.getSheets().toList();
      assertEquals(List.of("数据", "说明"), sheets.stream().map(Sheet::getName).toList());
      List<List<String>> data = padded(cells(sheets.get(0)));
      assertEquals(labels("mart_declining_households"), data.get(0));
      // Numbers are numeric cells, booleans 是/否, nulls empty.
      assertEquals(List.of("2024", "4", "H003", "长洲区", "倒水镇", "水村", "脱贫不稳定户", "4", "李*", "", "6000.00",
          "", "", "否", "是", "", "0", "0", "3", "是", "是", "乡科级"), data.get(1));
      assertEquals(2, data.size());
      Row second = sheets.get(0).read().get(1);
      assertEquals(CellType.NUMBER, second.getCell(10).getType());
      assertEquals(new BigDecimal("6000.00"), second.getCell(10).asNumber());
      List<List<String>> about = cells(sheets.get(1));
      assertEquals(List.of("数据表", "收入下降及低于监测线户（mart_declining_households）"), about.get(0));
      assertEquals(List.of("数据截止日期", "2024-12-31"), about.get(1));
      assertEquals("发布时间", about.get(2).get(0));
      assertEquals(List.of("筛选条件", "{year=2024, quarter=4, county=长洲区}"), about.get(3));
      assertEquals(List.of("行数", "1"), about.get(4));
      assertEquals(List.of("列名", "中文名称", "定义"), about.get(6));
      MartCatalog.Column first = MartCatalog.get().mart("mart_declining_households").columns().get(8);
      assertEquals(List.of(first.name(), first.label(), first.definition()), about.get(7 + 8));
      assertEquals(7 + 22, about.size());
    }
  }

  @Test
  void evaluationMetricsXlsxHoldsEveryIndicatorRow() throws Exception {
    HttpResponse<byte[]> r = server.download("city1", "/api/marts/mart_evaluation_metrics/export?format=xlsx&year=2024");
    try (InputStream in = new ByteArrayInputStream(r.body()); ReadableWorkbook wb = new ReadableWorkbook(in)) {
      List<List<String>> data = cells(wb.getFirstSheet());
      assertEquals(labels("mart_evaluation_metrics"), data.get(0));
      assertEquals(List.of(
          List.of("2024", "4", "city", "梧州市", "E04", "收入不增反降户占比", "2.00", "40.00", "5.00", "%"),
          List.of("2024", "4", "county", "万秀区", "E04", "收入不增反降户占比", "2.00", "25.00", "8.00", "%"),
          List.of("2024", "4", "county", "长洲区", "E04", "收入不增反降户占比", "0.00", "15.00", "0.00", "%")),
          data.subList(1, data.size()));
    }
  }

  /** Every row of the sheet as the text of its cells, empty strings for blank cells. */
  private static List<List<String>> cells(Sheet sheet) throws Exception {
    List<List<String>> out = new ArrayList<>();
    try (Stream<Row> rows = sheet.openStream()) {
      for (Row row : rows.toList()) {
        while (out.size() < row.getRowNum() - 1) {
          out.add(List.of());
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.getCellCount(); i++) {
          values.add(row.getCell(i) == null ? "" : row.getCellText(i));
        }
        out.add(values);
      }
    }
    return out;
  }

  /** Data rows padded with empty cells to the header's width (trailing blanks are not stored). */
  private static List<List<String>> padded(List<List<String>> rows) {
    int width = rows.get(0).size();
    List<List<String>> out = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> p = new ArrayList<>(row);
      while (p.size() < width) {
        p.add("");
      }
      out.add(p);
    }
    return out;
  }
}
