package cn.wuzhou.income.etl.pipeline;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.WarehouseTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * What a run hands its stages: the session, the tables, the configuration (read once), the
 * landing folder, the {@code --as-of} date if given, progress output, and what changed.
 *
 * <p>{@link #changedPeriods()} collects the feed-periods ({@code feed/period}, e.g.
 * {@code agri_income_survey/2024-Q2}) whose silver rows this run replaced (for the summary). A
 * derived stage that rebuilds only what changed learns what it last built from with
 * {@link #previousBuild()} (empty: build everything) and leaves values for its next build with
 * {@link #note}; both are kept by {@link StageState} beside the stage's input versions, so a run
 * killed between stages still tells the next run what to rebuild.
 */
public final class RunContext {
  private final SparkSession spark;
  private final WarehouseTables tables;
  private final WarehouseConfig config;
  private final Path landing;
  private final Optional<LocalDate> asOf;
  private final Progress progress;
  private final Set<String> changedPeriods = new LinkedHashSet<>();
  private final Set<String> tablesWritten = new LinkedHashSet<>();
  private final Map<String, Long> counters = new LinkedHashMap<>();
  private Map<String, Long> previousBuild = Map.of();
  private final Map<String, Long> notes = new LinkedHashMap<>();

  public RunContext(SparkSession spark, WarehouseTables tables, WarehouseConfig config, Path landing,
      Optional<LocalDate> asOf, Progress progress) {
    this.spark = spark;
    this.tables = tables;
    this.config = config;
    this.landing = landing;
    this.asOf = asOf;
    this.progress = progress;
  }

  public SparkSession spark() {
    return spark;
  }

  public WarehouseTables tables() {
    return tables;
  }

  public WarehouseConfig config() {
    return config;
  }

  public Path landing() {
    return landing;
  }

  public Optional<LocalDate> asOf() {
    return asOf;
  }

  public Progress progress() {
    return progress;
  }

  public Set<String> changedPeriods() {
    return changedPeriods;
  }

  public synchronized void markChanged(String feed, String period) {
    changedPeriods.add(feed + "/" + period);
  }

  /** Records that a stage committed to {@code table} (for the run summary). */
  public synchronized void markWritten(String table) {
    tablesWritten.add(table);
  }

  public Set<String> tablesWritten() {
    return tablesWritten;
  }

  /** Adds {@code n} to the run counter {@code name} (e.g. {@code rows_in}) for the run summary. */
  public synchronized void count(String name, long n) {
    counters.merge(name, n, Long::sum);
  }

  public Map<String, Long> counters() {
    return counters;
  }

  /**
   * Starts a derived stage: {@code previous} is what it recorded when it last completed (input
   * table versions and its notes), empty when it must build everything (never built, settings
   * changed, or {@code run --full}).
   */
  public void beginStage(Map<String, Long> previous) {
    previousBuild = Map.copyOf(previous);
    notes.clear();
  }

  /** What the running stage recorded when it last completed; empty: build everything. */
  public Map<String, Long> previousBuild() {
    return previousBuild;
  }

  /** Keeps {@code value} under {@code key} (which must start with {@code @}) for the stage's next build. */
  public void note(String key, long value) {
    if (!key.startsWith("@")) {
      throw new IllegalArgumentException("stage notes start with @: " + key);
    }
    notes.put(key, value);
  }

  /** The running stage's notes. */
  public Map<String, Long> notes() {
    return notes;
  }
}
