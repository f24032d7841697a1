package cn.wuzhou.income.etl.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The landing zone of {@code feeds.md}: {@code <landing>/<feed>/<period>/<file>.csv|.xlsx}. Names
 * starting with {@code _} or {@code .} are ignored; anything else unexpected is reported and skipped.
 */
public final class Landing {
  private Landing() {}

  /**
   * The files of one feed-period, sorted by name, and the checksum that identifies their content.
   *
   * @param checksum SHA-256 (hex) over every file's name and bytes, in name order
   */
  public record Arrival(Feed feed, String period, List<Path> files, String checksum) {
    /** The delivery id: feed, period and the start of the checksum (same content, same id). */
    public String deliveryId() {
      return feed.feedName() + "-" + period + "-" + checksum.substring(0, 16);
    }

    /** File names relative to the landing folder, e.g. {@code agri_members/2024-03/a.csv}. */
    public String relativeName(Path file) {
      return Landing.relativeName(feed, period, file);
    }
  }

  /** Every feed-period folder holding at least one data file; {@code report} receives what was skipped. */
  public static List<Arrival> scan(Path landing, Consumer<String> report) {
    List<Arrival> arrivals = new ArrayList<>();
    walk(landing, report, (feed, period, files) -> arrivals.add(new Arrival(feed, period, files, checksum(files))));
    return arrivals;
  }

  /**
   * The size and last-modified time of every data file that {@link #scan} would read, by name
   * relative to the landing folder: a cheap way to notice that deliveries were added, changed or
   * removed, without reading them.
   */
  public static SortedMap<String, FileStamp> stamps(Path landing) {
    SortedMap<String, FileStamp> stamps = new TreeMap<>();
    walk(landing, skipped -> {}, (feed, period, files) -> {
      for (Path f : files) {
        try {
          stamps.put(relativeName(feed, period, f),
              new FileStamp(Files.size(f), Files.getLastModifiedTime(f).toMillis()));
        } catch (NoSuchFileException removedMeanwhile) {
          // Gone between the listing and now: the next look sees it as removed.
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the attributes of " + f, e);
        }
      }
    });
    return stamps;
  }

  private static String relativeName(Feed feed, String period, Path file) {
    return feed.feedName() + "/" + period + "/" + file.getFileName();
  }

  /** A data file's size and last-modified time. */
  public record FileStamp(long size, long modifiedMillis) {}

  private interface FeedPeriodVisitor {
    void visit(Feed feed, String period, List<Path> files);
  }

  /** Visits every feed-period folder holding at least one data file, in name order. */
  private static void walk(Path landing, Consumer<String> report, FeedPeriodVisitor visitor) {
    if (!Files.isDirectory(landing)) {
      throw new IllegalArgumentException("landing folder " + landing + " does not exist or is not a folder");
    }
    for (Path feedDir : list(landing)) {
      String feedName = feedDir.getFileName().toString();
      Feed feed = Feed.byName(feedName).orElse(null);
      if (feed == null || !Files.isDirectory(feedDir)) {
        report.accept("skipped " + feedDir + ": not one of the seven feed folders (" + feedNames() + ")");
        continue;
      }
      for (Path periodDir : list(feedDir)) {
        String period = periodDir.getFileName().toString();
        if (!Files.isDirectory(periodDir) || !feed.isPeriod(period)) {
          report.accept("skipped " + periodDir + ": not a period folder ("
              + (feed.quarterly() ? "YYYY-Qn" : "YYYY-MM") + ")");
          continue;
        }
        List<Path> files = new ArrayList<>();
        for (Path f : list(periodDir)) {
          String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
          if (Files.isRegularFile(f) && (n.endsWith(".csv") || n.endsWith(".xlsx"))) {
            files.add(f);
          } else {
            report.accept("skipped " + f + ": only .csv and .xlsx files are read");
          }
        }
        if (!files.isEmpty()) {
          visitor.visit(feed, period, List.copyOf(files));
        }
      }
    }
  }

  private static String feedNames() {
    return String.join(", ", Stream.of(Feed.values()).map(Feed::feedName).toList());
  }

  /** Entries of a folder in name order, without names starting with {@code _} or {@code .}. */
  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("_") && !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static String checksum(List<Path> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (Path f : files) {
        sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        try (InputStream in = Files.newInputStream(f)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + files, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
