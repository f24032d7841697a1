package cn.wuzhou.income.etl.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Reads one landing file (CSV in UTF-8 with or without BOM or GB18030, or the first sheet of an
 * {@code .xlsx}) as a header and records, each record with the physical line (sheet row) it
 * starts on and its raw text. Plain Java, so it runs inside Spark tasks.
 */
public final class FeedFiles {
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
  private static final Charset GB18030 = Charset.forName("GB18030");

  private FeedFiles() {}

  /**
   * One record of a file.
   *
   * @param lineNumber the line the record starts on (header = 1, blank lines count); sheet row in xlsx
   * @param rawLine the record's text as delivered (xlsx: its cells as one CSV line)
   * @param fields the field values as delivered, untrimmed
   * @param fieldCountOk false when the record has more or fewer fields than the header
   */
  public record RawRecord(int lineNumber, String rawLine, List<String> fields, boolean fieldCountOk) {}

  public static boolean isXlsx(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx");
  }

  /** The header cells, trimmed; throws {@link IOException} when the file cannot be read at all. */
  public static List<String> header(Path file) throws IOException {
    List<String> header = new ArrayList<>();
    if (isXlsx(file)) {
      try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
          Stream<Row> rows = firstSheet(wb).openStream()) {
        Iterator<Row> it = rows.iterator();
        while (it.hasNext()) {
          List<String> cells = cells(it.next(), wb.isDate1904());
          if (cells.stream().anyMatch(c -> !Values.isEmpty(c))) {
            cells.forEach(c -> header.add(Values.trim(c)));
            break;
          }
        }
      } catch (RuntimeException e) {
        throw new IOException("not a readable .xlsx workbook: " + e.getMessage(), e);
      }
    } else {
      try (CSVParser parser = CSVParser.parse(new StringReader(decode(Files.readAllBytes(file))), CSV)) {
        Iterator<CSVRecord> it = parser.iterator();
        if (it.hasNext()) {
          it.next().forEach(c -> header.add(Values.trim(c)));
        }
      } catch (UncheckedIOException e) {
        throw new IOException("not a readable CSV file: " + e.getMessage(), e);
      }
    }
    while (!header.isEmpty() && header.get(header.size() - 1).isEmpty()) {
      header.remove(header.size() - 1);
    }
    return header;
  }

  /**
   * Hands every record after the header to {@code sink}, skipping blank lines and records whose
   * fields are all empty. {@code headerSize} is the number of header cells.
   */
  public static void records(Path file, int headerSize, Consumer<RawRecord> sink) throws IOException {
    if (isXlsx(file)) {
      xlsxRecords(file, headerSize, sink);
    } else {
      csvRecords(decode(Files.readAllBytes(file)), headerSize, sink);
    }
  }

  /** Strict UTF-8 (BOM removed); bytes that are not UTF-8 are read as GB18030 (a superset of GBK). */
  public static String decode(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, GB18030);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  static void csvRecords(String text, int headerSize, Consumer<RawRecord> sink) throws IOException {
    LineCounter lines = new LineCounter(text);
    CSVRecord pending = null;
    boolean header = true;
    try (CSVParser parser = CSVParser.parse(new StringReader(text), CSV)) {
      Iterator<CSVRecord> it = parser.iterator();
      while (true) {
        CSVRecord next;
        try {
          next = it.hasNext() ? it.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
          // An unterminated quote: the rest of the file is one record nobody can split into fields.
          int restStart = 0;
          if (pending != null) {
            int start = (int) pending.getCharacterPosition();
            restStart = nextRecordStart(text, skipLineEnds(text, start));
            if (!header) {
              emitCsv(text, lines, pending, start, restStart, headerSize, sink, true);
            }
          }
          emitCsv(text, lines, null, restStart, text.length(), headerSize, sink, false);
          return;
        }
        if (pending != null) {
          int end = next == null ? text.length() : (int) next.getCharacterPosition();
          if (!header) {
            emitCsv(text, lines, pending, (int) pending.getCharacterPosition(), end, headerSize, sink, true);
          }
          header = false;
        }
        if (next == null) {
          return;
        }
        pending = next;
      }
    }
  }

  /** commons-csv reports a record's position before the blank lines it skipped. */
  private static int skipLineEnds(String text, int from) {
    int i = from;
    while (i < text.length() && (text.charAt(i) == '\n' || text.charAt(i) == '\r')) {
      i++;
    }
    return i;
  }

  private static int nextRecordStart(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl + 1;
  }

  private static void emitCsv(String text, LineCounter lines, CSVRecord record, int start, int end,
      int headerSize, Consumer<RawRecord> sink, boolean parsed) {
    start = skipLineEnds(text, start);
    if (start >= end) {
      return;
    }
    String raw = stripLineEnds(text.substring(start, end));
    if (raw.isEmpty()) {
      return;
    }
    int line = lines.lineAt(start);
    if (!parsed || record == null) {
      sink.accept(new RawRecord(line, raw, List.of(raw), false));
      return;
    }
    List<String> fields = record.toList();
    if (fields.stream().allMatch(Values::isEmpty)) {
      return;
    }
    sink.accept(new RawRecord(line, raw, fields, fields.size() == headerSize));
  }

  private static String stripLineEnds(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Line numbers of character positions, counted forwards once. */
  private static final class LineCounter {
    private final String text;
    private int position;
    private int line = 1;

    LineCounter(String text) {
      this.text = text;
    }

    int lineAt(int target) {
      for (; position < target; position++) {
        if (text.charAt(position) == '\n') {
          line++;
        }
      }
      return line;
    }
  }

  private static void xlsxRecords(Path file, int headerSize, Consumer<RawRecord> sink) throws IOException {
    try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
        Stream<Row> rows = firstSheet(wb).openStream()) {
      boolean header = true;
      for (Iterator<Row> it = rows.iterator(); it.hasNext(); ) {
        Row row = it.next();
        List<String> cells = cells(row, wb.isDate1904());
        if (cells.stream().allMatch(Values::isEmpty)) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        boolean countOk = true;
        for (int i = headerSize; i < cells.size(); i++) {
          if (!Values.isEmpty(cells.get(i))) {
            countOk = false;
          }
        }
        List<String> fields = countOk && cells.size() > headerSize ? cells.subList(0, headerSize) : cells;
        sink.accept(new RawRecord(row.getRowNum(), csvLine(fields), List.copyOf(fields), countOk));
      }
    }
  }

  private static Sheet firstSheet(ReadableWorkbook wb) {
    // The first <sheet> listed in workbook.xml, whatever sheet was active when saved.
    return wb.getFirstSheet();
  }

  /** The cells of a row as text, by column position (missing cells empty); trailing empty cells dropped. */
  private static List<String> cells(Row row, boolean date1904) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < row.getCellCount(); i++) {
      Cell cell = row.getCell(i);
      while (cell != null && out.size() < cell.getColumnIndex()) {
        out.add("");
      }
      out.add(cellText(cell));
    }
    int end = out.size();
    while (end > 0 && out.get(end - 1).isEmpty()) {
      end--;
    }
    return new ArrayList<>(out.subList(0, end));
  }

  private static String cellText(Cell cell) {
    if (cell == null || cell.getType() == CellType.EMPTY) {
      return "";
    }
    if (cell.getType() == CellType.NUMBER && isDateFormat(cell.getDataFormatString())) {
      LocalDateTime dt = cell.asDate();
      return dt.toLocalDate().toString();
    }
    if (cell.getType() == CellType.NUMBER) {
      return cell.asNumber().stripTrailingZeros().toPlainString();
    }
    String text = cell.getText();
    return text == null ? "" : text;
  }

  private static boolean isDateFormat(String format) {
    if (format == null) {
      return false;
    }
    String f = format.toLowerCase(Locale.ROOT).replaceAll("\\[[^]]*]|\"[^\"]*\"", "");
    return f.contains("y") || f.contains("d") || f.contains("年");
  }

  private static String csvLine(List<String> cells) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("").get())) {
      printer.printRecord(cells);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
