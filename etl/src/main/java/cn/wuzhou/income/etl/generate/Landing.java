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
  private final Map<Feed, Map<String, FeedFile>> files = new EnumMap<>(Feed.class);
  private final Map<Feed, Map<String, long[]>> quarantined = new EnumMap<>(Feed.class);

  Landing(Path out, List<String> months, List<String> quarters, double faultRate, List<Region> regions) {
    this.out = out;
    this.faultRate = faultRate;
    this.faults = new Faults(regions);
    for (Feed feed : Feed.values()) {
      kinds.put(feed, Faults.kinds(feed));
      List<String> periods = feed.quarterly() ? quarters : months;
      Map<String, FeedFile> byPeriod = new LinkedHashMap<>();
      Map<String, long[]> counts = new LinkedHashMap<>();
      for (int i = 0; i < periods.size(); i++) {
        String p = periods.get(i);
        byPeriod.put(p, new FeedFile(out, feed, p, layout(feed, i, periods.size() - 1)));
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
    FeedFile f = files.get(feed).get(period);
    if (f == null) {
      throw new IllegalStateException(feed.folder() + " has no period " + period);
    }
    return f;
  }

  private void count(Feed feed, String period, Reason reason, int n) {
    quarantined.get(feed).get(period)[reason.ordinal()] += n;
  }

  /** Rows written so far over all files. */
  long rows() {
    long n = 0;
    for (Map<String, FeedFile> m : files.values()) {
      for (FeedFile f : m.values()) {
        n += f.rows();
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

  int fileCount() {
    return files.values().stream().mapToInt(Map::size).sum();
  }

  /** Rows written per feed (for the summary). */
  Map<Feed, Long> rowsByFeed() {
    Map<Feed, Long> m = new EnumMap<>(Feed.class);
    files.forEach((feed, byPeriod) -> m.put(feed, byPeriod.values().stream().mapToLong(FeedFile::rows).sum()));
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
      for (FeedFile f : files.get(feed).values()) {
        long[] counts = quarantined.get(feed).get(f.period());
        Map<String, Long> reasons = new LinkedHashMap<>();
        long q = 0;
        for (Reason r : Reason.values()) {
          if (counts[r.ordinal()] > 0) {
            reasons.put(r.name(), counts[r.ordinal()]);
            q += counts[r.ordinal()];
          }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rows_received", f.rows());
        p.put("rows_quarantined", q);
        p.put("rows_loaded", f.rows() - q);
        p.put("quarantined", reasons);
        p.put("files", List.of(f.relativePath()));
        periods.put(f.period(), p);
        received += f.rows();
        bad += q;

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("feed", feed.folder());
        info.put("period", f.period());
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
        info.put("variations", List.copyOf(f.variations()));
        fileInfo.put(f.relativePath(), info);
        for (String v : f.variations()) {
          variations.computeIfAbsent(v, k -> new ArrayList<>()).add(f.relativePath());
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
    for (Map<String, FeedFile> m : files.values()) {
      for (FeedFile f : m.values()) {
        f.close();
      }
    }
  }
}
