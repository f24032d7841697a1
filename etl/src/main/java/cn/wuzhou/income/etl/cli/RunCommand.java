package cn.wuzhou.income.etl.cli;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SparkSessions;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.gold.GoldStage;
import cn.wuzhou.income.etl.ingest.IngestStage;
import cn.wuzhou.income.etl.marts.MartsStage;
import cn.wuzhou.income.etl.pipeline.StageState;
import cn.wuzhou.income.etl.publish.PublishStage;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.LandingWatch;
import cn.wuzhou.income.etl.pipeline.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warehouse run --landing DIR [--as-of YYYY-MM-DD]}: every stage of the pipeline, in order. */
@Command(name = "run", description = "Ingest what is new or resubmitted in the landing folder, rebuild what it affects, publish the marts.")
public final class RunCommand extends WarehouseCommand {
  private final Progress progress = Progress.stderr();

  @Option(names = "--landing", required = true, paramLabel = "DIR", description = "Landing folder: <feed>/<period>/<file>.csv|.xlsx")
  Path landing;

  @Option(names = "--full", description = "Rebuild gold and every period of the marts, not only what the new "
      + "deliveries affect.")
  boolean full;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Report date (default: from the latest deliveries).")
  String asOf;

  @Option(names = "--watch", description = "After the run, keep watching the landing folder and run again when "
      + "deliveries are added, changed or removed (once they have stayed the same for one look). Later runs are "
      + "faster: the JVM and Spark stay warm. Stop with Ctrl-C; a failed run is reported and watching goes on.")
  boolean watch;

  @Option(names = "--every", paramLabel = "SECONDS", description = "With --watch: how often to look at the landing "
      + "folder (default: 60).")
  Double every;

  @Option(names = "--max-runs", paramLabel = "N", description = "With --watch: stop after N runs, the first "
      + "included (for scripts and benchmarks; default: never stop).")
  Integer maxRuns;

  @Spec
  CommandSpec spec;

  /** The session of the first run, kept for the next runs of a watching JVM. */
  private SparkSession spark;

  /** The stages of a run, in order: the one place where the pipeline is put together. */
  public static List<PipelineStage> stages() {
    return List.of(new IngestStage(), new GoldStage(), new MartsStage(), new PublishStage());
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(landing)) {
      throw new UserException("--landing " + landing + " is not a folder");
    }
    Optional<LocalDate> date;
    try {
      date = Optional.ofNullable(asOf).map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw new UserException("--as-of '" + asOf + "' is not a date; expected YYYY-MM-DD", WarehouseCli.USAGE);
    }
    if (!watch && (every != null || maxRuns != null)) {
      throw new UserException((every != null ? "--every" : "--max-runs") + " needs --watch", WarehouseCli.USAGE);
    }
    if (every != null && !(every >= 0.1 && every <= 86_400)) {
      throw new UserException("--every " + every + " is out of range; expected 0.1 to 86400 seconds", WarehouseCli.USAGE);
    }
    if (maxRuns != null && maxRuns < 1) {
      throw new UserException("--max-runs " + maxRuns + " is out of range; expected 1 or more", WarehouseCli.USAGE);
    }
    WarehouseConfig config = config();
    // Read once: a watching run keeps the configuration it started with (restart it after editing conf/).
    long settings = settingsFingerprint(config, date);
    if (!watch) {
      runOnce(config, date, settings, () -> {});
      return 0;
    }
    return watch(config, date, settings);
  }

  /** Runs, then runs again after every settled change of the landing folder; returns the last run's exit code. */
  private int watch(WarehouseConfig config, Optional<LocalDate> date, long settings) throws InterruptedException {
    LandingWatch landingWatch = new LandingWatch(landing);
    long pauseMillis = Math.round((every == null ? 60 : every) * 1000);
    int runs = 0;
    int exitCode = 0;
    while (true) {
      try {
        runOnce(config, date, settings, landingWatch::runStarting);
        exitCode = 0;
      } catch (HomeBusy busy) {
        progress.info("watch: " + busy.getMessage() + "; trying again in " + seconds(pauseMillis));
        Thread.sleep(pauseMillis);
        continue;
      } catch (Exception e) {
        exitCode = WarehouseCli.report(e, "run", spec.commandLine().getErr());
      }
      runs++;
      if (maxRuns != null && runs >= maxRuns) {
        progress.info("watch: stopping after " + runs + " run(s) (--max-runs)");
        return exitCode;
      }
      awaitChange(landingWatch, pauseMillis);
    }
  }

  /** Looks at the landing folder every {@code pauseMillis} until a change has settled. */
  private void awaitChange(LandingWatch landingWatch, long pauseMillis) throws InterruptedException {
    progress.info("watch: waiting for deliveries in " + landing + " (looking every " + seconds(pauseMillis)
        + "; Ctrl-C stops)");
    String lastSaid = "";
    while (true) {
      Thread.sleep(pauseMillis);
      String say;
      try {
        LandingWatch.Check check = landingWatch.check();
        switch (check.status()) {
          case READY -> {
            progress.info("watch: " + check.change() + " since the last run; running");
            return;
          }
          case SETTLING -> say = "watch: " + check.change() + " since the last run; waiting until they stay the same "
              + "for one look";
          default -> say = "";
        }
      } catch (UncheckedIOException | IllegalArgumentException e) {
        say = "watch: cannot look at the landing folder now (" + e.getMessage() + "); looking again later";
      }
      if (!say.isEmpty() && !say.equals(lastSaid)) {
        progress.info(say);
      }
      lastSaid = say;
    }
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** One run of every stage, holding the home's lock; {@code starting} runs once the lock is held. */
  private void runOnce(WarehouseConfig config, Optional<LocalDate> date, long settings, Runnable starting)
      throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(config.home());
    try (FileChannel lockFile = FileChannel.open(config.home().resolve("run.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        throw new HomeBusy(config.home());
      }
      starting.run();
      if (spark == null) {
        spark = SparkSessions.create(config);
      }
      WarehouseTables tables = WarehouseTables.of(spark, config);
      RunContext context = new RunContext(spark, tables, config, landing, date, progress);
      StageState state = new StageState(tables, config.home());
      for (PipelineStage stage : stages()) {
        runStage(stage, context, state, settings, full);
      }
      progress.info(summary(context, (System.nanoTime() - start) / 1e9));
    }
  }

  /** Another process is running on the same home. */
  private static final class HomeBusy extends UserException {
    HomeBusy(Path home) {
      super("another run is working on " + home + "; wait for it to finish");
    }
  }

  /**
   * Runs one stage, or skips a derived stage whose inputs and settings are those it last
   * completed from; records what it built from only after it completed.
   */
  static void runStage(PipelineStage stage, RunContext context, StageState state, long settings, boolean full)
      throws Exception {
    Progress.Stage clock = context.progress().stage(stage.name());
    if (stage.inputTables().isEmpty()) {
      stage.run(context);
      clock.done("done");
      return;
    }
    Map<String, Long> inputs = new TreeMap<>(state.versions(stage.inputTables()));
    inputs.put("#settings", settings);
    Map<String, Long> previous = state.recorded(stage.name());
    if (!full && StageState.upToDate(previous, inputs)) {
      clock.done("up to date: no input changed since its last build");
      return;
    }
    boolean sameSettings = Long.valueOf(settings).equals(previous.get("#settings"));
    context.beginStage(full || !sameSettings ? Map.of() : previous);
    try {
      stage.run(context);
    } finally {
      // No stage reads another's cached frames: the next one starts with the whole memory.
      SparkSessions.releaseCaches(context.spark());
    }
    Map<String, Long> built = new TreeMap<>(inputs);
    built.putAll(context.notes());
    state.record(stage.name(), built);
    clock.done("done");
  }

  /** Everything besides the input tables that changes what derived stages build. */
  static long settingsFingerprint(WarehouseConfig config, Optional<LocalDate> asOf) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> files = Files.list(config.confDir())) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        digest.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(f));
      }
    }
    digest.update(config.effectiveServingUrl().getBytes(StandardCharsets.UTF_8));
    if (!config.tablesRoot().isBlank()) {
      // A home's stage records name table versions of one root: pointed at another root, with
      // versions that happen to match, a stage must not count as up to date. (The default root
      // is under home itself and adds nothing, so older homes keep their fingerprint.)
      digest.update(config.effectiveTablesRoot().getBytes(StandardCharsets.UTF_8));
    }
    digest.update(asOf.map(LocalDate::toString).orElse("default").getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest.digest()).getLong();
  }

  static String summary(RunContext context, double seconds) {
    long in = context.counters().getOrDefault("rows_in", 0L);
    long loaded = context.counters().getOrDefault("rows_loaded", 0L);
    long bad = context.counters().getOrDefault("rows_quarantined", 0L);
    return String.format(Locale.ROOT, "run finished: %,d rows in, %,d loaded, %,d quarantined; %d feed-period(s) changed; "
        + "tables written: %s; %.1f s", in, loaded, bad, context.changedPeriods().size(),
        context.tablesWritten().isEmpty() ? "none" : String.join(", ", context.tablesWritten()), seconds);
  }
}
