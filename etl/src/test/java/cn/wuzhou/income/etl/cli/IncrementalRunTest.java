package cn.wuzhou.income.etl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.generate.GeneratorSettings;
import cn.wuzhou.income.etl.generate.SampleGenerator;
import cn.wuzhou.income.etl.gold.GoldStage;
import cn.wuzhou.income.etl.gold.GoldTables;
import cn.wuzhou.income.etl.ingest.IngestStage;
import cn.wuzhou.income.etl.marts.HouseholdHistory;
import cn.wuzhou.income.etl.marts.MartsStage;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.etl.pipeline.StageState;
import cn.wuzhou.income.etl.publish.PublishStage;
import cn.wuzhou.income.etl.testing.SharedSpark;
import cn.wuzhou.income.etl.testing.TestFiles;
import cn.wuzhou.income.models.MartCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Incremental gold, marts (issue 4) and publish (issue 8): after a new month that comes with
 * resubmitted deliveries of earlier periods, gold rebuilds the facts only from the earliest month
 * affected (the department records' facts from the earliest changed month of a monthly feed), the
 * marts stage only the periods from the earliest quarter affected, and the publish
 * stage copies only those; every gold table, mart and serving table then equals a full rebuild
 * and a full publish from the same silver tables. (DeliveryChangesTest: which feed-periods count
 * as changed; PublishStageTest: slices of several builds.)
 */
class IncrementalRunTest {
  private static final SparkSession SPARK = SharedSpark.session();

  @Test
  void aNewMonthWithAResubmissionRebuildsOnlyLaterPeriodsAndEqualsAFullBuild() throws Exception {
    Path dir = Files.createTempDirectory("incremental");
    Path home = dir.resolve("home");
    WarehouseConfig config = WarehouseConfig.load(Path.of("../conf"), Map.of(), home);
    // 2023-Q2 .. 2024-Q2: the last quarter has a prior-year quarter and a base-year grouping.
    Path all = dir.resolve("generated");
    SampleGenerator.generate(new GeneratorSettings(all, 40, 7, YearMonth.of(2023, 4), YearMonth.of(2024, 6), 0),
        config, new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    Path landing = dir.resolve("landing");
    TestFiles.copy(all, landing, p -> !p.contains("2024-06") && !p.contains("2024-Q2"));

    String first = run(config, landing);
    assertTrue(first.contains("marts: rebuilding every period"), first);
    Map<String, Long> fromSettings = versions(config, GoldTables.FROM_SETTINGS);
    Map<String, Long> calendar = versions(config, List.of(GoldTables.DIM_DATE));

    // One new month (with the survey of its quarter), a corrected employment delivery for 2024-03
    // and a corrected survey of 2023-Q4 (one record withdrawn from each), in one run: gold income
    // facts from 2023-Q4, the department records' facts from 2024-03 (a later quarter: the
    // income facts do not start there), marts from 2023-Q4 on.
    // (One run for all keeps the test short: each full build to compare with costs minutes.)
    TestFiles.copy(all, landing, p -> p.contains("2024-06") || p.contains("2024-Q2"));
    withdrawLastRecord(onlyFile(landing.resolve("hrss_employment/2024-03")));
    withdrawLastRecord(onlyFile(landing.resolve("agri_income_survey/2023-Q4")));
    String increment = run(config, landing);
    assertTrue(increment.contains("gold: rebuilding the dimensions, the income facts from 2023-10 on and the "
        + "department records' facts from 2024-03 on"), increment);
    assertTrue(increment.contains("marts: rebuilding the periods from 2023-Q4 on"), increment);
    assertTrue(increment.contains("mart_declining_households=") && increment.contains("(year * 10 + quarter >= 20234)"),
        increment);
    assertEquals(fromSettings, versions(config, GoldTables.FROM_SETTINGS), "dimensions of conf/ alone rewritten");
    // 2024-06 lies in the years already built: the same calendar, not written again.
    assertEquals(calendar, versions(config, List.of(GoldTables.DIM_DATE)), "dim_date rewritten");
    assertTrue(increment.contains("gold: dim_date kept: the same calendar years as the last build"), increment);
    assertEqualsFullBuild(config, dir.resolve("full"));

    // Nothing new: the stage is skipped.
    String again = run(config, landing);
    assertTrue(again.contains("up to date"), again);
  }

  /** A corrected delivery: {@code file} without its last line. */
  private static void withdrawLastRecord(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.remove(lines.size() - 1);
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Ingest and marts as {@code bin/warehouse run} runs them; returns the progress output. */
  private static String run(WarehouseConfig config, Path landing) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8));
    WarehouseTables tables = new WarehouseTables(SPARK, config.home());
    RunContext context = new RunContext(SPARK, tables, config, landing, Optional.empty(), progress);
    StageState state = new StageState(tables, config.home());
    long settings = RunCommand.settingsFingerprint(config, Optional.empty());
    for (PipelineStage stage : List.of(new IngestStage(), new GoldStage(), new MartsStage(), new PublishStage())) {
      RunCommand.runStage(stage, context, state, settings, false);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The latest Delta version of each table ({@link StageState#versions}, as the run records them). */
  private static Map<String, Long> versions(WarehouseConfig config, List<GoldTables.GoldTable> tables) {
    return new StageState(new WarehouseTables(SPARK, config.home()), config.home())
        .versions(tables.stream().map(GoldTables.GoldTable::name).toList());
  }

  /**
   * Builds every period of the marts from a copy of the silver tables and compares each mart;
   * publishes them whole to a new serving database and compares each serving table.
   */
  private static void assertEqualsFullBuild(WarehouseConfig config, Path fullHome) throws Exception {
    TestFiles.copy(config.home().resolve("tables"), fullHome.resolve("tables"), p -> true);
    WarehouseTables incremental = new WarehouseTables(SPARK, config.home());
    WarehouseTables full = new WarehouseTables(SPARK, fullHome);
    WarehouseConfig fullConfig = WarehouseConfig.load(Path.of("../conf"), Map.of(), fullHome);
    RunContext context = new RunContext(SPARK, full, fullConfig, fullHome, Optional.empty(),
        new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    context.beginStage(Map.of());
    new GoldStage().run(context);
    context.beginStage(Map.of());
    new MartsStage().run(context);
    context.beginStage(Map.of());
    new PublishStage().run(context);
    for (GoldTables.GoldTable table : GoldTables.ALL) {
      assertEquals(full.read(table.name()).count(), incremental.read(table.name()).count(), table.name());
      SharedSpark.assertEqualsIgnoringOrder(full.read(table.name()), incremental.read(table.name()));
    }
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
    try (Connection published = DriverManager.getConnection(config.effectiveServingUrl());
        Connection republished = DriverManager.getConnection(fullConfig.effectiveServingUrl())) {
      for (String name : names) {
        List<String> expected = servingRows(republished, name);
        assertEquals(expected.size(), full.read(name).count(), name);
        assertEquals(expected, servingRows(published, name), "serving table " + name);
      }
    }
  }

  /** Every row of a serving table as text, sorted. */
  private static List<String> servingRows(Connection c, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(rs.getObject(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  private static Path onlyFile(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), folder.toString());
      return all.get(0);
    }
  }
}
