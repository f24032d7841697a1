package cn.wuzhou.income.etl.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.etl.ingest.FeedFiles.RawRecord;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedFilesTest {
  @TempDir
  Path dir;

  private List<RawRecord> records(Path file, int headerSize) throws Exception {
    List<RawRecord> out = new ArrayList<>();
    FeedFiles.records(file, headerSize, out::add);
    return out;
  }

  @Test
  void csvLineNumbersCountBlankLinesAndQuotedLineBreaks() throws Exception {
    // line 1 header; 2 a; 3 blank; 4-5 one record with a quoted line break; 6 all-empty row; 7 too many fields
    String text = "k,v\r\na,1\r\n\r\n\"b,\nc\",2\r\n,\r\nd,3,x\r\n\r\n";
    Path f = dir.resolve("x.csv");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    assertEquals(List.of(
        new RawRecord(2, "a,1", List.of("a", "1"), true),
        new RawRecord(4, "\"b,\nc\",2", List.of("b,\nc", "2"), true),
        new RawRecord(7, "d,3,x", List.of("d", "3", "x"), false)), records(f, 2));
    assertEquals(List.of("k", "v"), FeedFiles.header(f));
  }

  @Test
  void bomAndGb18030AreDecodedWithoutBeingTold() throws Exception {
    Path bom = dir.resolve("bom.csv");
    Files.write(bom, ("\uFEFF户编号,姓名\n H1 ,张三\n").getBytes(StandardCharsets.UTF_8));
    Path gb = dir.resolve("gb.csv");
    Files.write(gb, "户编号,姓名\nH1,张三\n".getBytes(Charset.forName("GB18030")));
    for (Path f : List.of(bom, gb)) {
      assertEquals(List.of("户编号", "姓名"), FeedFiles.header(f), f.toString());
    }
    assertEquals(List.of(new RawRecord(2, " H1 ,张三", List.of(" H1 ", "张三"), true)), records(bom, 2));
    assertEquals(List.of(new RawRecord(2, "H1,张三", List.of("H1", "张三"), true)), records(gb, 2));
  }

  @Test
  void xlsxFirstSheetRowNumbersAndCellsRightOfTheHeader() throws Exception {
    Path f = dir.resolve("x.xlsx");
    try (var out = Files.newOutputStream(f); Workbook wb = new Workbook(out, "test", "1.0")) {
      Worksheet first = wb.newWorksheet("first");
      first.value(0, 0, "户编号");
      first.value(0, 1, "金额");
      first.value(1, 0, "H1");
      first.value(1, 1, 12.5);
      // row 3 (index 2) empty; row 4 has a value right of the header's last column
      first.value(3, 0, "H2");
      first.value(3, 1, "3");
      first.value(3, 3, "extra");
      // row 5: only a formatted, empty cell right of the header
      first.value(4, 0, "H3");
      first.style(4, 2).bold().set();
      Worksheet second = wb.newWorksheet("second");
      second.value(0, 0, "not read");
    }
    assertEquals(List.of("户编号", "金额"), FeedFiles.header(f));
    assertEquals(List.of(
        new RawRecord(2, "H1,12.5", List.of("H1", "12.5"), true),
        new RawRecord(4, "H2,3,,extra", List.of("H2", "3", "", "extra"), false),
        new RawRecord(5, "H3", List.of("H3"), true)), records(f, 2));
  }
}
