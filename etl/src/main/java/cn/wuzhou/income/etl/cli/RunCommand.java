package cn.wuzhou.income.etl.cli;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SparkSessions;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.ingest.IngestStage;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warehouse run --landing DIR [--as-of YYYY-MM-DD]}: every stage of the pipeline, in order. */
@Command(name = "run", description = "Ingest what is new or resubmitted in the landing folder, rebuild what it affects, publish the marts.")
public final class RunCommand extends WarehouseCommand {
  @Option(names = "--landing", required = true, paramLabel = "DIR", description = "Landing folder: <feed>/<period>/<file>.csv|.xlsx")
  Path landing;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Report date (default: from the latest deliveries).")
  String asOf;

  /** The stages of a run, in order: the one place where the pipeline is put together. */
  public static List<PipelineStage> stages() {
    return List.of(new IngestStage());
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
    WarehouseConfig config = config();
    Progress progress = Progress.stderr();
    long start = System.nanoTime();
    SparkSession spark = SparkSessions.create(config);
    RunContext context = new RunContext(spark, new WarehouseTables(spark, config.home()), config, landing, date, progress);
    for (PipelineStage stage : stages()) {
      Progress.Stage clock = progress.stage(stage.name());
      stage.run(context);
      clock.done("done");
    }
    progress.info(summary(context, (System.nanoTime() - start) / 1e9));
    return 0;
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
