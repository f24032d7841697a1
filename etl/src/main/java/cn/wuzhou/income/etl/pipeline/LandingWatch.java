package cn.wuzhou.income.etl.pipeline;

import cn.wuzhou.income.etl.ingest.Landing;
import cn.wuzhou.income.etl.ingest.Landing.FileStamp;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * When {@code run --watch} starts the next run: once the landing zone's data files differ from
 * those the last run started from (a file added, changed or removed), and have stayed the same
 * for one check, so that a delivery still being copied in is not read half-written. It compares
 * sizes and modification times ({@link Landing#stamps}); the run itself then finds, by content,
 * which feed-periods are new or resubmitted.
 */
public final class LandingWatch {
  /** What one check found. */
  public enum Status {
    /** The data files are those the last run started from. */
    UNCHANGED,
    /** They changed since the last check: wait for one more. */
    SETTLING,
    /** They differ from the last run's and are the same as at the last check: run now. */
    READY
  }

  /** The outcome of one check; {@code change} compares with the last run's files. */
  public record Check(Status status, Change change) {}

  /** Files added, changed (size or modification time) and removed since the last run. */
  public record Change(int added, int changed, int removed) {
    static Change between(Map<String, FileStamp> before, Map<String, FileStamp> now) {
      int added = 0;
      int changed = 0;
      for (Map.Entry<String, FileStamp> e : now.entrySet()) {
        FileStamp old = before.get(e.getKey());
        if (old == null) {
          added++;
        } else if (!old.equals(e.getValue())) {
          changed++;
        }
      }
      int removed = (int) before.keySet().stream().filter(name -> !now.containsKey(name)).count();
      return new Change(added, changed, removed);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d file(s) added, %d changed, %d removed", added, changed, removed);
    }
  }

  private final Path landing;
  private SortedMap<String, FileStamp> atLastRun;
  private SortedMap<String, FileStamp> atLastCheck;

  public LandingWatch(Path landing) {
    this.landing = landing;
  }

  /** Notes the files as a run is about to read them; later checks compare with these. */
  public void runStarting() {
    atLastRun = Landing.stamps(landing);
    atLastCheck = atLastRun;
  }

  /** Looks at the landing zone once. Before the first {@link #runStarting}, every file counts as added. */
  public Check check() {
    SortedMap<String, FileStamp> now = Landing.stamps(landing);
    Map<String, FileStamp> lastRun = atLastRun == null ? Map.of() : atLastRun;
    Change change = Change.between(lastRun, now);
    boolean settled = Objects.equals(now, atLastCheck);
    atLastCheck = now;
    if (now.equals(lastRun)) {
      return new Check(Status.UNCHANGED, change);
    }
    return new Check(settled ? Status.READY : Status.SETTLING, change);
  }
}
