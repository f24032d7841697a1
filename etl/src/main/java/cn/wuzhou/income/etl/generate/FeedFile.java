package cn.wuzhou.income.etl.generate;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * One landing file of one feed-period: CSV (any encoding, BOM, line ends, header language,
 * column order) or XLSX. Rows arrive in the contract's column order and are written in the
 * file's; the variations actually written are recorded for the manifest.
 */
final class FeedFile implements AutoCloseable {
  /** How a file departs from plain UTF-8 CSV with LF line ends and Chinese headers in contract order. */
  record Layout(boolean xlsx, Charset charset, boolean bom, boolean crlf, boolean englishHeader,
      int[] order, boolean fullWidthSpaces, boolean emptyRow, boolean trailingEmptyLines) {}

  /** Shape of one written row: whole, with one extra field, or one field short. */
  enum Shape { WHOLE, EXTRA_FIELD, SHORT_FIELD }

  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final String FULL_WIDTH_SPACE = "\u3000";

  private final Feed feed;
  private final String period;
  private final Path path;
  private final String relativePath;
  private final Layout layout;
  private final TreeSet<String> variations = new TreeSet<>();
  private Writer writer;
  private CSVPrinter printer;
  private ByteArrayOutputStream xlsxBytes;
  private Workbook workbook;
  private Worksheet sheet;
  private int sheetRow;
  private long rows;
  private boolean closed;

  /** A file of the delivery; {@code part} 0 when the delivery is one file, else 1, 2, … */
  FeedFile(Path out, Feed feed, String period, Layout layout, int part) {
    this.feed = feed;
    this.period = period;
    this.layout = layout;
    String name = feed.folder() + "_" + period + (part > 0 ? "_part" + part : "") + (layout.xlsx() ? ".xlsx" : ".csv");
    this.relativePath = feed.folder() + "/" + period + "/" + name;
    this.path = out.resolve(relativePath);
    if (layout.xlsx()) {
      variations.add("xlsx");
    } else {
      if (!layout.charset().equals(StandardCharsets.UTF_8)) {
        variations.add("gb18030");
      }
      if (layout.bom()) {
        variations.add("utf8_bom");
      }
      if (layout.crlf()) {
        variations.add("crlf");
      }
    }
    if (layout.englishHeader()) {
      variations.add("english_header");
    }
    if (!isIdentity(layout.order())) {
      variations.add("column_order");
    }
  }

  private static boolean isIdentity(int[] order) {
    for (int i = 0; i < order.length; i++) {
      if (order[i] != i) {
        return false;
      }
    }
    return true;
  }

  Feed feed() {
    return feed;
  }

  String period() {
    return period;
  }

  String relativePath() {
    return relativePath;
  }

  Layout layout() {
    return layout;
  }

  long rows() {
    return rows;
  }

  /** The variations this file carries (names of the manifest). */
  TreeSet<String> variations() {
    return variations;
  }

  private void open() throws IOException {
    Files.createDirectories(path.getParent());
    List<String> header = new ArrayList<>();
    for (int c : layout.order()) {
      Feed.Column col = feed.columns().get(c);
      header.add(layout.englishHeader() ? col.key() : col.chinese());
    }
    if (layout.xlsx()) {
      xlsxBytes = new ByteArrayOutputStream(1 << 16);
      workbook = new Workbook(xlsxBytes, "warehouse-generate", "1.0");
      sheet = workbook.newWorksheet(feed.folder());
      writeCells(header);
      return;
    }
    OutputStream os = Files.newOutputStream(path);
    writer = new BufferedWriter(new OutputStreamWriter(os, layout.charset()), 1 << 16);
    if (layout.bom()) {
      writer.write('\uFEFF');
    }
    printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
        .setRecordSeparator(layout.crlf() ? "\r\n" : "\n").get());
    printer.printRecord(header);
  }

  /** Writes one row given in the contract's column order. */
  void write(String[] values, Shape shape, boolean decorate) {
    try {
      if (writer == null && workbook == null) {
        open();
      }
      List<String> cells = new ArrayList<>(values.length + 1);
      for (int c : layout.order()) {
        String v = values[c];
        if (decorate && layout.fullWidthSpaces() && !v.isEmpty()
            && feed.columns().get(c).kind() == Feed.Kind.TEXT) {
          v = FULL_WIDTH_SPACE + v + FULL_WIDTH_SPACE;
          variations.add("full_width_spaces");
        }
        if (!layout.xlsx() && v.indexOf(',') >= 0) {
          variations.add("quoted_comma");
        }
        if (!layout.xlsx() && v.indexOf('\n') >= 0) {
          variations.add("quoted_line_break");
        }
        cells.add(v);
      }
      // An .xlsx row cannot be one cell short (that is an empty cell): it gets an extra cell instead.
      if (shape == Shape.EXTRA_FIELD || (shape == Shape.SHORT_FIELD && layout.xlsx())) {
        cells.add("多余字段");
      } else if (shape == Shape.SHORT_FIELD) {
        cells.remove(cells.size() - 1);
      }
      if (layout.xlsx()) {
        writeCells(cells);
      } else {
        printer.printRecord(cells);
      }
      rows++;
      if (layout.emptyRow() && rows == 5) {
        writeEmptyRow();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private void writeEmptyRow() throws IOException {
    if (layout.xlsx()) {
      sheetRow++;
    } else {
      printer.flush();
      writer.write(",".repeat(feed.columns().size() - 1));
      writer.write(layout.crlf() ? "\r\n" : "\n");
    }
    variations.add("empty_row");
  }

  private void writeCells(List<String> cells) throws IOException {
    for (int c = 0; c < cells.size(); c++) {
      if (!cells.get(c).isEmpty()) {
        sheet.value(sheetRow, c, cells.get(c));
      }
    }
    sheetRow++;
    if (sheetRow % 10_000 == 0) {
      sheet.flush();
    }
  }

  /** Finishes the file; a feed-period without rows still gets its header. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer == null && workbook == null) {
        open();
      }
      if (layout.xlsx()) {
        workbook.finish();
        Files.write(path, deterministicZip(xlsxBytes.toByteArray()));
        return;
      }
      printer.flush();
      if (layout.trailingEmptyLines()) {
        String eol = layout.crlf() ? "\r\n" : "\n";
        writer.write(eol + eol);
        variations.add("trailing_empty_lines");
      }
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /**
   * The workbook with every zip entry time fixed and the creation time in
   * {@code docProps/core.xml} replaced, so the same seed gives byte-identical files.
   */
  private static byte[] deterministicZip(byte[] zip) throws IOException {
    // fastexcel streams entries with data descriptors that ZipInputStream cannot size: read
    // through the central directory of a temporary copy instead.
    Path tmp = Files.createTempFile("warehouse-generate", ".xlsx");
    ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length + 1024);
    try {
      Files.write(tmp, zip);
      try (ZipFile in = new ZipFile(tmp.toFile()); ZipOutputStream z = new ZipOutputStream(out)) {
        for (ZipEntry e : java.util.Collections.list(in.entries())) {
          byte[] content;
          try (java.io.InputStream is = in.getInputStream(e)) {
            content = is.readAllBytes();
          }
          if (e.getName().equals("docProps/core.xml")) {
            String xml = new String(content, StandardCharsets.UTF_8)
                .replaceAll("(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", "$12024-01-01T00:00:00Z$2")
                .replaceAll("(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", "$12024-01-01T00:00:00Z$2");
            content = xml.getBytes(StandardCharsets.UTF_8);
          }
          ZipEntry copy = new ZipEntry(e.getName());
          copy.setTimeLocal(FIXED_TIME);
          z.putNextEntry(copy);
          z.write(content);
          z.closeEntry();
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return out.toByteArray();
  }
}
