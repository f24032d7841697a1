package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.etl.pipeline.StageState;
import cn.wuzhou.income.etl.testing.TestFiles;
import cn.wuzhou.income.models.MartCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The marts stage on the small city of {@link AreaMartsTest#townships()}. One full build (as of
 * 2024-05-31) is made once and copied for each test that builds on it: every build of the stage
 * costs tens of seconds of Spark jobs, however few the rows.
 */
class MartsStageTest {
  private static final LocalDate FIRST_AS_OF = LocalDate.of(2024, 5, 31);
  /** The home of the one full build, and what that build recorded and printed. */
  private static Path built;
  private static Build first;

  @BeforeAll
  static void buildEveryPeriodOnce() throws Exception {
    built = Files.createTempDirectory("marts-built");
    WarehouseConfig config = townshipsConfig(built);
    MartsStage.Inputs in = AreaMartsTest.townships().inputs();
    WarehouseTables tables = new WarehouseTables(MartFixtures.spark(), built);
    tables.overwrite(MartsStage.HOUSEHOLD_MONTHS, in.householdMonths());
    tables.overwrite(MartsStage.MEMBERS, in.members());
    tables.overwrite(MartsStage.SURVEY, in.survey());
    tables.overwrite(MartsStage.EMPLOYMENT, in.employment());
    tables.overwrite(MartsStage.PAYMENTS, in.payments());
    tables.overwrite(MartsStage.DELIVERIES, in.deliveries());
    first = run(tables, config, FIRST_AS_OF, Map.of());
  }

  @Test
  void writesEveryMartCheckedAgainstTheCatalogueAndWarnsWithoutALine() {
    WarehouseTables tables = new WarehouseTables(MartFixtures.spark(), built);
    assertTrue(first.log().contains("marts: rebuilding every period"), first.log());
    for (MartCatalog.Mart mart : MartCatalog.get().marts()) {
      Dataset<Row> written = tables.read(mart.name());
      MartSchemas.check(mart.name(), written.schema());
    }
    Dataset<Row> history = tables.read(HouseholdHistory.TABLE);
    MartSchemas.check(HouseholdHistory.TABLE, history.schema());
    // the drill-down agrees with the mart: every declining row is a history row with the same pc,
    // size, area and months
    String[] key = {"year", "quarter", "household_id"};
    Dataset<Row> declining = tables.read(HouseholdMarts.DECLINING).select(col("year"), col("quarter"),
        col("household_id"), col("township"), col("household_size"), col("pc_current").as("pc"),
        col("employed_months_current").as("employed_months"), col("assistance_months"));
    assertTrue(declining.count() > 0);
    Dataset<Row> same = history.select("year", "quarter", "household_id", "township", "household_size", "pc",
        "employed_months", "assistance_months");
    assertEquals(List.of(), declining.except(same).collectAsList());
    // and the history also has the periods in which households did not decline
    assertTrue(history.join(declining, key, "left_anti").filter(col("surveyed")).count() > 0);
    // 2 periods x (city + 7 counties of conf/regions.csv) x 12 + 2 E13 rows.
    assertEquals(2 * 8 * 12 + 2, tables.read(EvaluationMetrics.MART).count());
    assertTrue(first.log().contains("warning: no monitoring line for 2023"), first.log());
  }

  /** Monitoring line 2000 for 2024 (none for 2023), in {@code home}. */
  private static WarehouseConfig townshipsConfig(Path home) {
    return WarehouseConfig.load(Path.of("../conf"), Map.of(), home).withMonitoringLines(Map.of(2024, d("2000")));
  }

  /** A new home holding a copy of the tables of the one full build. */
  private static WarehouseConfig copyOfTheFullBuild(String name) throws IOException {
    Path home = Files.createTempDirectory(name);
    TestFiles.copy(built, home, p -> true);
    return townshipsConfig(home);
  }

  @Test
  void anAsOfMoveRebuildsOnlyTheMartsReadingItFromTheFirstPaymentItMakesOverdue() throws Exception {
    WarehouseConfig config = copyOfTheFullBuild("marts-as-of");
    WarehouseTables tables = new WarehouseTables(MartFixtures.spark(), config.home());
    // As of 2024-05-31 (the full build), w1's unpaid payment due 2024-06-01 is not overdue yet.
    Map<String, Long> versions = martVersions(tables, config);
    List<Row> overdueBefore = overdueCounts(tables);

    // As of 2024-12-31 it is: the two marts reading the date, from its quarter (2024-Q2) on; the
    // evaluation's stored rows with E10 moved, no rebuild.
    Build second = run(tables, config, LocalDate.of(2024, 12, 31), first.recorded());
    assertTrue(second.log().contains("marts: rebuilding mart_evaluation_metrics, mart_subsidy_timeliness "
        + "from 2024-Q2 on (as-of date 2024-05-31 -> 2024-12-31, unpaid payments due from 2024-06)"), second.log());
    assertTrue(second.log().contains("marts: mart_evaluation_metrics from 2024-Q2 on: the stored rows, E10 counted "
        + "as of 2024-12-31"), second.log());
    Map<String, Long> after = martVersions(tables, config);
    for (String mart : MartsStage.ALL) {
      assertEquals(MartsStage.READ_AS_OF.contains(mart), after.get(mart) > versions.get(mart), mart);
    }
    assertNotEquals(overdueBefore, overdueCounts(tables));
    assertEqualsFullBuild(tables, config, LocalDate.of(2024, 12, 31));

    // To 2025-01-04: p1a's unpaid payment is due 2025-01-05, so nothing flips.
    Build third = run(tables, config, LocalDate.of(2025, 1, 4), second.recorded());
    assertTrue(third.log().contains("marts: nothing to rebuild (as-of date 2024-12-31 -> 2025-01-04, no unpaid "
        + "payment due in between)"), third.log());
    assertEquals(after, martVersions(tables, config));
  }

  @Test
  void aNewDeliveryAndAMovedAsOfDateInOneRunEqualAFullBuild() throws Exception {
    WarehouseConfig config = copyOfTheFullBuild("marts-both");
    WarehouseTables tables = new WarehouseTables(MartFixtures.spark(), config.home());
    List<Row> overdueBefore = overdueCounts(tables);

    // The employment of 2025-01 arrives and the as-of date moves past w1's unpaid payment due
    // 2024-06-01, in one run (as in every new month): every mart from 2025-Q1, and the marts
    // reading the date from 2024-Q2. Their 2024 rows change (w1's payment is now overdue).
    MartsStage.Inputs withJanuary = AreaMartsTest.townships().work("p1a", "2025-01", "公益性岗位", "800").inputs();
    tables.overwrite(MartsStage.EMPLOYMENT, withJanuary.employment());
    tables.overwrite(MartsStage.DELIVERIES, withJanuary.deliveries());
    Build second = run(tables, config, LocalDate.of(2024, 12, 31), first.recorded());
    assertTrue(second.log().contains("marts: rebuilding the periods from 2025-Q1 on; mart_evaluation_metrics, "
        + "mart_subsidy_timeliness from 2024-Q2 on"), second.log());
    assertTrue(second.log().contains("marts: mart_evaluation_metrics from 2024-Q2 to before 2025-Q1: the stored "
        + "rows, E10 counted as of 2024-12-31"), second.log());
    assertNotEquals(overdueBefore, overdueCounts(tables));
    assertEqualsFullBuild(tables, config, LocalDate.of(2024, 12, 31));

    // Then the payments of 2025-02, still before any survey of 2025-Q1, with the same as-of date:
    // every table is rebuilt from 2025-Q1 on, and only the timeliness mart (by due month) has
    // rows there; the others get empty slices without a build.
    MartsStage.Inputs withFebruary = AreaMartsTest.townships().work("p1a", "2025-01", "公益性岗位", "800")
        .payment("p2a", "最低生活保障补助", "200", "200", "2025-02-20", "2025-02-20", "已发放")
        .delivery("finance_payments", "2025-02", "pay-2025-02", "loaded", 1, 0, "2025-03-01 00:00:00").inputs();
    tables.overwrite(MartsStage.PAYMENTS, withFebruary.payments());
    tables.overwrite(MartsStage.DELIVERIES, withFebruary.deliveries());
    Build third = run(tables, config, LocalDate.of(2024, 12, 31), second.recorded());
    assertTrue(third.log().contains("marts: rebuilding the periods from 2025-Q1 on (1 feed-period(s) changed)"),
        third.log());
    assertTrue(tables.read(PaymentMarts.TIMELINESS).filter("year = 2025 and due_month = 2").count() > 0);
    assertEqualsFullBuild(tables, config, LocalDate.of(2024, 12, 31));
  }

  /** Every table of the stage equals a full build from the silver tables of {@code tables}. */
  private static void assertEqualsFullBuild(WarehouseTables tables, WarehouseConfig config, LocalDate asOf) {
    Map<String, Dataset<Row>> full = MartsStage.build(MartFixtures.spark(), MartsStage.Inputs.read(tables), config,
        asOf, new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    for (String mart : MartsStage.ALL) {
      Dataset<Row> written = tables.read(mart);
      assertEquals(List.of(), full.get(mart).exceptAll(written).collectAsList(), mart + ": rows missing");
      assertEquals(List.of(), written.exceptAll(full.get(mart)).collectAsList(), mart + ": rows not in a full build");
    }
  }

  /** The counts that read the as-of date (E10 and the timeliness mart's), in a fixed order. */
  private static List<Row> overdueCounts(WarehouseTables tables) {
    return tables.read(EvaluationMetrics.MART).filter("indicator_code = 'E10'")
        .selectExpr("year", "quarter", "region_level", "region", "string(value) as value")
        .unionByName(tables.read(PaymentMarts.TIMELINESS)
            .selectExpr("year", "due_month as quarter", "county as region_level", "subsidy_item as region",
                "string(unpaid_overdue) as value"), true)
        .orderBy("year", "quarter", "region_level", "region").collectAsList();
  }

  /** What a run of the stage recorded for its next build, and its progress output. */
  private record Build(Map<String, Long> recorded, String log) {}

  /** Runs the stage with {@code previous} as its last build. */
  private static Build run(WarehouseTables tables, WarehouseConfig config, LocalDate asOf,
      Map<String, Long> previous) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MartsStage stage = new MartsStage();
    RunContext context = new RunContext(MartFixtures.spark(), tables, config, config.home(), Optional.of(asOf),
        new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));
    context.beginStage(previous);
    stage.run(context);
    Map<String, Long> recorded = new java.util.HashMap<>(new StageState(tables, config.home())
        .versions(stage.inputTables()));
    recorded.putAll(context.notes());
    return new Build(recorded, out.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, Long> martVersions(WarehouseTables tables, WarehouseConfig config) {
    return new StageState(tables, config.home()).versions(MartsStage.ALL);
  }

  @Test
  void dataTestsNameTableRuleAndRows() {
    Dataset<Row> duplicated = MartFixtures.frame(List.of(RowFactory.create(2024, 1, 2, 1),
        RowFactory.create(2024, 1, 2, 3)), MartSchemas.schema(QuintileMarts.TRANSITION));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MartDataTests.check(QuintileMarts.TRANSITION, duplicated));
    assertEquals("data test failed: mart_quintile_transition: grain [base_year, from_quintile, to_quintile] unique; "
        + "e.g. [2024,1,2,2]", e.getMessage());
    assertTrue(SilverSchemas.DELIVERIES.fieldNames().length > 0);
  }
}
