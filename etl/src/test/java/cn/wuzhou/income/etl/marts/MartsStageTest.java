package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.models.MartCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class MartsStageTest {
  @Test
  void writesEveryMartCheckedAgainstTheCatalogueAndWarnsWithoutALine() throws Exception {
    Path home = Files.createTempDirectory("marts-stage");
    WarehouseConfig config = WarehouseConfig.load(Path.of("../conf"), Map.of(), home)
        .withMonitoringLines(Map.of(2024, d("2000")));
    WarehouseTables tables = new WarehouseTables(MartFixtures.spark(), home);
    MartsStage.Inputs in = AreaMartsTest.townships().inputs();
    tables.overwrite(MartsStage.HOUSEHOLD_MONTHS, in.householdMonths());
    tables.overwrite(MartsStage.MEMBERS, in.members());
    tables.overwrite(MartsStage.SURVEY, in.survey());
    tables.overwrite(MartsStage.EMPLOYMENT, in.employment());
    tables.overwrite(MartsStage.PAYMENTS, in.payments());
    tables.overwrite(MartsStage.DELIVERIES, in.deliveries());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunContext context = new RunContext(MartFixtures.spark(), tables, config, home, Optional.empty(),
        new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));

    new MartsStage().run(context);

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
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("warning: no monitoring line for 2023"), log);
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
