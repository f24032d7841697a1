package cn.wuzhou.income.etl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.generate.GeneratorSettings;
import cn.wuzhou.income.etl.generate.SampleGenerator;
import cn.wuzhou.income.etl.ingest.IngestStage;
import cn.wuzhou.income.etl.marts.HouseholdHistory;
import cn.wuzhou.income.etl.marts.MartsStage;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.etl.pipeline.StageState;
import cn.wuzhou.income.etl.testing.SharedSpark;
import cn.wuzhou.income.models.MartCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Incremental marts (issue 4): after a new month, and after a resubmitted delivery, the marts
 * stage rebuilds only the periods from the earliest one affected, and every mart then equals
 * a full rebuild from the same silver tables.
 */
class IncrementalRunTest {
  private static final SparkSession SPARK = SharedSpark.session();

  @Test
  void aNewMonthAndAResubmissionRebuildOnlyLaterPeriodsAndEqualAFullBuild() throws Exception {
    Path dir = Files.createTempDirectory("incremental");
    Path home = dir.resolve("home");
    WarehouseConfig config = WarehouseConfig.load(Path.of("../conf"), Map.of(), home);
    // 2023-Q2 .. 2024-Q2: the last quarter has a prior-year quarter and a base-year grouping.
    Path all = dir.resolve("generated");
    SampleGenerator.generate(new GeneratorSettings(all, 40, 7, YearMonth.of(2023, 4), YearMonth.of(2024, 6), 0),
        config, new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    Path landing = dir.resolve("landing");
    copy(all, landing, p -> !p.contains("2024-06") && !p.contains("2024-Q2"));

    String first = run(config, landing);
    assertTrue(first.contains("marts: rebuilding every period"), first);

    // One new month (and the survey of its quarter): only 2024-Q2 is rebuilt.
    copy(all, landing, p -> p.contains("2024-06") || p.contains("2024-Q2"));
    String newMonth = run(config, landing);
    assertTrue(newMonth.contains("marts: rebuilding the periods from 2024-Q2 on"), newMonth);
    assertEqualsFullBuild(config, dir.resolve("full-1"));

    // A corrected employment delivery for 2024-03 (one record withdrawn): 2024-Q1 on is rebuilt.
    Path march = onlyFile(landing.resolve("hrss_employment/2024-03"));
    List<String> lines = new ArrayList<>(Files.readAllLines(march, StandardCharsets.UTF_8));
    lines.remove(lines.size() - 1);
    Files.write(march, lines, StandardCharsets.UTF_8);
    String resubmitted = run(config, landing);
    assertTrue(resubmitted.contains("marts: rebuilding the periods from 2024-Q1 on"), resubmitted);
    assertEqualsFullBuild(config, dir.resolve("full-2"));

    // Nothing new: the stage is skipped.
    String again = run(config, landing);
    assertTrue(again.contains("up to date"), again);
  }

  /** Ingest and marts as {@code bin/warehouse run} runs them; returns the progress output. */
  private static String run(WarehouseConfig config, Path landing) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8));
    WarehouseTables tables = new WarehouseTables(SPARK, config.home());
    RunContext context = new RunContext(SPARK, tables, config, landing, Optional.empty(), progress);
    StageState state = new StageState(tables, config.home());
    long settings = RunCommand.settingsFingerprint(config, Optional.empty());
    for (PipelineStage stage : List.of(new IngestStage(), new MartsStage())) {
      RunCommand.runStage(stage, context, state, settings, false);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Builds every period of the marts from a copy of the silver tables and compares each mart. */
  private static void assertEqualsFullBuild(WarehouseConfig config, Path fullHome) throws Exception {
    copy(config.home().resolve("tables"), fullHome.resolve("tables"), p -> true);
    WarehouseTables incremental = new WarehouseTables(SPARK, config.home());
    WarehouseTables full = new WarehouseTables(SPARK, fullHome);
    RunContext context = new RunContext(SPARK, full, config, fullHome, Optional.empty(),
        new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    context.beginStage(Map.of());
    new MartsStage().run(context);
    List<String> names = new ArrayList<>();
    MartCatalog.get().marts().forEach(m -> names.add(m.name()));
    names.add(HouseholdHistory.TABLE);
    for (String name : names) {
      long rows = full.read(name).count();
      // one grouping year (2023) only: no transitions yet
      assertTrue(rows > 0 || name.equals("mart_quintile_transition"), name + " is empty");
      assertEquals(rows, incremental.read(name).count(), name);
      SharedSpark.assertEqualsIgnoringOrder(full.read(name), incremental.read(name));
    }
  }

  private static Path onlyFile(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), folder.toString());
      return all.get(0);
    }
  }

  /** Copies the files under {@code from} whose relative path passes {@code keep}. */
  private static void copy(Path from, Path to, java.util.function.Predicate<String> keep) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String relative = from.relativize(f).toString();
        if (keep.test(relative)) {
          Path target = to.resolve(relative);
          Files.createDirectories(target.getParent());
          Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
