package cn.wuzhou.income.etl.generate;

import cn.wuzhou.income.config.Region;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The landing folder being written: one open {@link FeedFile} per feed-period, fault injection
 * at the configured rate, and the tally of the manifest ({@code _manifest.json}): rows received
 * and the rows the ingest must quarantine, by reason, per feed-period.
 */
final class Landing implements AutoCloseable {
  static final String MANIFEST = "_manifest.json";

  private final Path out;
  private final double faultRate;
  private final Faults faults;
  private final Map<Feed, List<Reason>> kinds = new EnumMap<>(Feed.class);
  private final Map<Feed, Map<String, Delivery>> files = new EnumMap<>(Feed.class);
  private final Map<Feed, Map<String, long[]>> quarantined = new EnumMap<>(Feed.class);

  Landing(Path out, List<String> months, List<String> quarters, double faultRate, List<Region> regions) {
    this.out = out;
    this.faultRate = faultRate;
    this.faults = new Faults(regions);
    for (Feed feed : Feed.values()) {
      kinds.put(feed, Faults.kinds(feed));
      List<String> periods = feed.quarterly() ? quarters : months;
      Map<String, Delivery> byPeriod = new LinkedHashMap<>();
      Map<String, long[]> counts = new LinkedHashMap<>();
      for (int i = 0; i < periods.size(); i++) {
        String p = periods.get(i);
        FeedFile.Layout layout = layout(feed, i, periods.size() - 1);
        // One delivery is split over two files (rows alternate; a duplicate's copies land in both).
        int parts = feed == Feed.HRSS_EMPLOYMENT && i == Math.min(1, periods.size() - 1) ? 2 : 1;
        List<FeedFile> list = new ArrayList<>();
        for (int part = 1; part <= parts; part++) {
          list.add(new FeedFile(out, feed, p, layout, parts == 1 ? 0 : part));
        }
        byPeriod.put(p, new Delivery(list));
        counts.put(p, new long[Reason.values().length]);
      }
      files.put(feed, byPeriod);
      quarantined.put(feed, counts);
    }
  }

  /**
   * Which file carries which tolerated variation. Fixed by feed and position of the period, so
   * every run over at least one month carries each variation once (GB18030, BOM and xlsx
   * exactly once: in the first month).
   */
  private static FeedFile.Layout layout(Feed feed, int index, int last) {
    int n = feed.columns().size();
    boolean xlsx = feed == Feed.CIVIL_ASSISTANCE && index == 0;
    Charset charset = feed == Feed.AGRI_INTERVENTIONS && index == 0 ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
    boolean bom = feed == Feed.HRSS_EMPLOYMENT && index == 0;
    boolean crlf = !xlsx && (feed == Feed.FINANCE_PAYMENTS || (feed == Feed.AGRI_HOUSEHOLDS && index == last));
    boolean english = (feed == Feed.AGRI_INTERVENTIONS && index % 2 == 1)
        || (feed == Feed.HRSS_EMPLOYMENT && index == last && last > 0)
        || (feed == Feed.AGRI_INCOME_SURVEY && index % 2 == 1);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if ((feed == Feed.CIVIL_ASSISTANCE && index > 0) || (feed == Feed.AGRI_INCOME_SURVEY && index % 2 == 1)) {
      for (int i = 0; i < n; i++) {
        order[i] = n - 1 - i;
      }
    } else if (feed == Feed.AGRI_MEMBERS && index == last) {
      for (int i = 0; i < n; i++) {
        order[i] = (i + 3) % n;
      }
    }
    boolean fullWidth = feed == Feed.AGRI_HOUSEHOLDS || feed == Feed.AGRI_MEMBERS;
    boolean emptyRow = !xlsx && (feed == Feed.HRSS_EMPLOYMENT || (feed == Feed.AGRI_MEMBERS && index == 0));
    boolean trailing = !xlsx && (feed == Feed.AGRI_HOUSEHOLDS || feed == Feed.CIVIL_ASSISTANCE);
    return new FeedFile.Layout(xlsx, charset, bom, crlf, english, order, fullWidth, emptyRow, trailing);
  }

  /**
   * Writes a row that may, at the fault rate, be spoilt for one reason (or doubled for
   * DUPLICATE_KEY). Returns the reason the ingest will quarantine it for, or null when it loads.
   */
  Reason write(Feed feed, String period, String[] values, SplittableRandom faultRng, boolean decorate) {
    if (faultRate <= 0 || faultRng.nextDouble() >= faultRate) {
      file(feed, period).write(values, FeedFile.Shape.WHOLE, decorate);
      return null;
    }
    List<Reason> possible = kinds.get(feed);
    Reason reason = possible.get(faultRng.nextInt(possible.size()));
    FeedFile.Shape shape = faults.apply(feed, reason, values, period, faultRng);
    FeedFile f = file(feed, period);
    f.write(values, shape, false);
    count(feed, period, reason, 1);
    if (reason == Reason.DUPLICATE_KEY) {
      f.write(values, shape, false);
      count(feed, period, reason, 1);
    }
    return reason;
  }

  /** Writes a valid row the ingest will quarantine anyway, for a reason caused by another row. */
  void writeCascaded(Feed feed, String period, String[] values, Reason reason) {
    file(feed, period).write(values, FeedFile.Shape.WHOLE, false);
    count(feed, period, reason, 1);
  }

  /** Writes a row without any fault. */
  void writeClean(Feed feed, String period, String[] values, boolean decorate) {
    file(feed, period).write(values, FeedFile.Shape.WHOLE, decorate);
  }

  private FeedFile file(Feed feed, String period) {
    Delivery d = files.get(feed).get(period);
    if (d == null) {
      throw new IllegalStateException(feed.folder() + " has no period " + period);
    }
    return d.next();
  }

  /** The files of one feed-period; rows go to them in turn. */
  private static final class Delivery {
    final List<FeedFile> parts;
    int turn;

    Delivery(List<FeedFile> parts) {
      this.parts = parts;
    }

    FeedFile next() {
      return parts.size() == 1 ? parts.get(0) : parts.get(turn++ % parts.size());
    }

    long rows() {
      return parts.stream().mapToLong(FeedFile::rows).sum();
    }
  }

  private void count(Feed feed, String period, Reason reason, int n) {
    quarantined.get(feed).get(period)[reason.ordinal()] += n;
  }

  /** Rows written so far over all files. */
  long rows() {
    long n = 0;
    for (Map<String, Delivery> m : files.values()) {
      for (Delivery d : m.values()) {
        n += d.rows();
      }
    }
    return n;
  }

  /** Rows the ingest must quarantine, over all feed-periods. */
  long quarantinedTotal() {
    long n = 0;
    for (Map<String, long[]> byPeriod : quarantined.values()) {
      for (long[] counts : byPeriod.values()) {
        for (long c : counts) {
          n += c;
        }
      }
    }
    return n;
  }

  /** Files of one feed over all periods. */
  int fileCount(Feed feed) {
    return files.get(feed).values().stream().mapToInt(d -> d.parts.size()).sum();
  }

  int fileCount() {
    return files.values().stream().mapToInt(m -> m.values().stream().mapToInt(d -> d.parts.size()).sum()).sum();
  }

  /** Rows written per feed (for the summary). */
  Map<Feed, Long> rowsByFeed() {
    Map<Feed, Long> m = new EnumMap<>(Feed.class);
    files.forEach((feed, byPeriod) -> m.put(feed, byPeriod.values().stream().mapToLong(Delivery::rows).sum()));
    return m;
  }

  /** Closes every file and writes the manifest. */
  void finish(Map<String, Object> options) {
    close();
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("options", options);
    Map<String, Object> feeds = new LinkedHashMap<>();
    Map<String, Object> fileInfo = new TreeMap<>();
    Map<String, List<String>> variations = new TreeMap<>();
    long received = 0;
    long bad = 0;
    for (Feed feed : Feed.values()) {
      Map<String, Object> periods = new LinkedHashMap<>();
      for (Map.Entry<String, Delivery> e : files.get(feed).entrySet()) {
        String period = e.getKey();
        Delivery d = e.getValue();
        long[] counts = quarantined.get(feed).get(period);
        Map<String, Long> reasons = new LinkedHashMap<>();
        long q = 0;
        for (Reason r : Reason.values()) {
          if (counts[r.ordinal()] > 0) {
            reasons.put(r.name(), counts[r.ordinal()]);
            q += counts[r.ordinal()];
          }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rows_received", d.rows());
        p.put("rows_quarantined", q);
        p.put("rows_loaded", d.rows() - q);
        p.put("quarantined", reasons);
        p.put("files", d.parts.stream().map(FeedFile::relativePath).toList());
        periods.put(period, p);
        received += d.rows();
        bad += q;

        for (FeedFile f : d.parts) {
          Map<String, Object> info = new LinkedHashMap<>();
          info.put("feed", feed.folder());
          info.put("period", period);
          info.put("format", f.layout().xlsx() ? "xlsx" : "csv");
          info.put("encoding", f.layout().xlsx() ? "xlsx" : f.layout().charset().name());
          info.put("header", f.layout().englishHeader() ? "english" : "chinese");
          List<String> header = new ArrayList<>();
          for (int c : f.layout().order()) {
            Feed.Column col = feed.columns().get(c);
            header.add(f.layout().englishHeader() ? col.key() : col.chinese());
          }
          info.put("columns", header);
          info.put("rows", f.rows());
          List<String> names = new ArrayList<>(f.variations());
          if (d.parts.size() > 1) {
            names.add("split_delivery");
            names.sort(null);
          }
          info.put("variations", names);
          fileInfo.put(f.relativePath(), info);
          for (String v : names) {
            variations.computeIfAbsent(v, k -> new ArrayList<>()).add(f.relativePath());
          }
        }
      }
      feeds.put(feed.folder(), periods);
    }
    variations.values().forEach(l -> l.sort(null));
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("files", fileCount());
    totals.put("rows_received", received);
    totals.put("rows_quarantined", bad);
    manifest.put("totals", totals);
    manifest.put("feeds", feeds);
    manifest.put("files", fileInfo);
    manifest.put("variations", variations);
    try {
      byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
      Files.write(out.resolve(MANIFEST), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve(MANIFEST), e);
    }
  }

  @Override
  public void close() {
    for (Map<String, Delivery> m : files.values()) {
      for (Delivery d : m.values()) {
        d.parts.forEach(FeedFile::close);
      }
    }
  }
}
