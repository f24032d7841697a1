package cn.wuzhou.income.etl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.testing.SharedSpark;
import cn.wuzhou.income.models.MartCatalog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bin/warehouse export} of a hand-made mart_income_evidence table, read back cell by cell. */
class ExportCommandTest {
  private static final String HEADER = "year,quarter,household_id,county,township,declared_wage,evidenced_wage,"
      + "declared_transfer,evidenced_transfer,declared_operating,evidenced_operating,declared_property,"
      + "evidenced_property,evidence_coverage,unsupported_wage,unsupported_transfer,reported_pc_mismatch";
  private static Path home;

  @BeforeAll
  static void writeMart() throws IOException {
    CliRun.useRepositoryConf();
    home = Files.createTempDirectory("export-home");
    // Columns out of catalogue order plus one the catalogue does not know: export must reorder and drop it.
    StructType schema = StructType.fromDDL("extra string, quarter int, year int, household_id string, county string, "
        + "township string, declared_wage decimal(18,2), evidenced_wage decimal(18,2), declared_transfer decimal(18,2), "
        + "evidenced_transfer decimal(18,2), declared_operating decimal(18,2), evidenced_operating decimal(18,2), "
        + "declared_property decimal(18,2), evidenced_property decimal(18,2), evidence_coverage decimal(12,2), "
        + "unsupported_wage boolean, unsupported_transfer boolean, reported_pc_mismatch boolean");
    List<Row> rows = List.of(
        // coverage = (min(3000,3000) + min(300,500)) / (3000 + 500) * 100 = 94.29
        RowFactory.create("x", 1, 2024, "H1", "万秀区", "城东镇", m("3000"), m("3000"), m("500"), m("300"),
            m("600"), m("800"), m("100"), m("0"), new BigDecimal("94.29"), false, false, false),
        // coverage = (5500 + 300) / (7000 + 1200) * 100 = 70.73
        RowFactory.create("x", 2, 2024, "H1", "万秀区", "龙湖镇", m("7000"), m("5500"), m("1200"), m("300"),
            m("1500"), m("800"), m("200"), m("0"), new BigDecimal("70.73"), false, false, true),
        // nothing declared for wage and transfer: coverage null; operating net negative
        RowFactory.create("x", 2, 2024, "H2", "万秀区", "城东镇", m("0"), m("0"), m("0"), m("0"),
            m("-50"), m("0"), m("0"), m("150"), null, false, false, false));
    new WarehouseTables(SharedSpark.session(), home).overwrite("mart_income_evidence",
        SharedSpark.session().createDataFrame(rows, schema));
  }

  @Test
  void csvHasBomHeaderOfColumnNamesAndPlainValuesOfTheFilteredPeriod() throws IOException {
    Path out = home.resolve("evidence.csv");
    CliRun run = CliRun.of("export", "mart_income_evidence", "--home", home.toString(), "--year", "2024",
        "--quarter", "2", "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.out());
    byte[] bytes = Files.readAllBytes(out);
    assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(bytes[0], bytes[1], bytes[2]));
    assertEquals("\uFEFF" + HEADER + "\r\n"
        + "2024,2,H1,万秀区,龙湖镇,7000.00,5500.00,1200.00,300.00,1500.00,800.00,200.00,0.00,70.73,false,false,true\r\n"
        + "2024,2,H2,万秀区,城东镇,0.00,0.00,0.00,0.00,-50.00,0.00,0.00,150.00,,false,false,false\r\n",
        new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void xlsxHasChineseHeadersTypedCellsAndADefinitionsSheet() throws IOException {
    Path out = home.resolve("evidence.xlsx");
    CliRun run = CliRun.of("export", "mart_income_evidence", "--home", home.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    MartCatalog.Mart mart = MartCatalog.get().mart("mart_income_evidence");
    try (ReadableWorkbook wb = new ReadableWorkbook(out.toFile())) {
      List<Sheet> sheets = wb.getSheets().toList();
      assertEquals(List.of("收入佐证", "定义"), sheets.stream().map(Sheet::getName).toList());
      List<List<String>> data = cells(sheets.get(0), 17);
      assertEquals(mart.columns().stream().map(c -> "s:" + c.label()).toList(), data.get(0));
      assertEquals(List.of("n:2024", "n:1", "s:H1", "s:万秀区", "s:城东镇", "n:3000", "n:3000", "n:500", "n:300",
          "n:600", "n:800", "n:100", "n:0", "n:94.29", "b:false", "b:false", "b:false"), data.get(1));
      assertEquals(List.of("n:2024", "n:2", "s:H1", "s:万秀区", "s:龙湖镇", "n:7000", "n:5500", "n:1200", "n:300",
          "n:1500", "n:800", "n:200", "n:0", "n:70.73", "b:false", "b:false", "b:true"), data.get(2));
      assertEquals(List.of("n:2024", "n:2", "s:H2", "s:万秀区", "s:城东镇", "n:0", "n:0", "n:0", "n:0",
          "n:-50", "n:0", "n:0", "n:150", "", "b:false", "b:false", "b:false"), data.get(3));
      assertEquals(4, data.size());

      List<List<String>> defs = cells(sheets.get(1), 4);
      assertEquals(List.of("s:列名", "s:中文名", "s:类型", "s:定义"), defs.get(0));
      assertEquals(List.of("s:year", "s:年度", "s:int", "s:年度 Y"), defs.get(1));
      assertEquals(List.of("s:evidence_coverage", "s:佐证覆盖率（%）", "s:pct", "s:工资性与转移性收入被部门记录佐证的比例"),
          defs.get(14));
      assertEquals(List.of("s:数据表", "s:mart_income_evidence（收入佐证）", "", ""), defs.get(19));
      assertEquals(List.of("s:筛选", "s:all periods", "", ""), defs.get(20));
      assertEquals("s:数据更新时间", defs.get(21).get(0));
      assertTrue(defs.get(21).get(1).matches("s:\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), defs.get(21).toString());
      assertEquals("s:导出时间", defs.get(22).get(0));
    }
  }

  @Test
  void anUnknownMartIsOneLineListingTheMartsWithExitCode2() {
    CliRun run = CliRun.of("export", "mart_nope", "--home", home.toString(), "--out", home.resolve("x.csv").toString());
    assertEquals(2, run.exitCode());
    assertEquals("warehouse: export: unknown mart 'mart_nope'; known marts: "
        + MartCatalog.get().marts().stream().map(MartCatalog.Mart::name).collect(Collectors.joining(", ")) + "\n",
        run.err().replace("\r\n", "\n"));
  }

  @Test
  void quarterOnAnAnnualMartIsAnError() {
    CliRun run = CliRun.of("export", "mart_quintile_trend", "--home", home.toString(), "--year", "2024",
        "--quarter", "4", "--out", home.resolve("x.csv").toString());
    assertEquals(2, run.exitCode());
    assertEquals("warehouse: export: mart_quintile_trend has no quarter column (it is annual); leave out --quarter\n",
        run.err().replace("\r\n", "\n"));
  }

  @Test
  void quarterOutOfRangeIsAnError() {
    CliRun run = CliRun.of("export", "mart_income_evidence", "--home", home.toString(), "--quarter", "5",
        "--out", home.resolve("x.csv").toString());
    assertEquals(2, run.exitCode());
    assertEquals("warehouse: export: --quarter is 5; allowed: 1, 2, 3, 4\n", run.err().replace("\r\n", "\n"));
  }

  /** Each row's first {@code width} cells as {@code n:number}, {@code s:text}, {@code b:boolean}, or "" when empty. */
  private static List<List<String>> cells(Sheet sheet, int width) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (org.dhatim.fastexcel.reader.Row row : sheet.read()) {
      while (rows.size() < row.getRowNum() - 1) {
        rows.add(Collections.nCopies(width, ""));
      }
      String[] values = new String[width];
      Arrays.fill(values, "");
      for (int i = 0; i < width; i++) {
        Cell c = row.getOptionalCell(i).orElse(null);
        if (c == null) {
          continue;
        }
        values[i] = switch (c.getType()) {
          case NUMBER -> "n:" + c.asNumber().stripTrailingZeros().toPlainString();
          case STRING -> "s:" + c.asString();
          case BOOLEAN -> "b:" + c.asBoolean();
          case EMPTY -> "";
          default -> c.getType() + ":" + c.getRawValue();
        };
      }
      rows.add(List.of(values));
    }
    return rows;
  }

  private static BigDecimal m(String yuan) {
    return new BigDecimal(yuan).setScale(2);
  }
}
