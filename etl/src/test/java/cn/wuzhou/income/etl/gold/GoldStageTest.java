package cn.wuzhou.income.etl.gold;

import static cn.wuzhou.income.etl.gold.GoldFixture.m;
import static cn.wuzhou.income.etl.gold.GoldFixture.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.DataTests.DataTestFailure;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stage as the pipeline runs it: silver Delta tables in, gold Delta tables out, data tests in between. */
class GoldStageTest {
  @Test
  void writesEveryGoldTableAsBuiltFromTheSilverTables() throws Exception {
    Path home = Files.createTempDirectory("gold-stage-home");
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    GoldTransforms.Silver s = GoldFixture.silver();
    tables.overwrite(GoldStage.SILVER_HOUSEHOLD_MONTHS, s.householdMonths());
    tables.overwrite(GoldStage.SILVER_HOUSEHOLDS, s.households());
    tables.overwrite(GoldStage.SILVER_MEMBERS, s.members());
    tables.overwrite(GoldStage.SILVER_INCOME_SURVEY, s.survey());
    tables.overwrite(GoldStage.SILVER_EMPLOYMENT, s.employment());
    tables.overwrite(GoldStage.SILVER_PAYMENTS, s.payments());
    tables.overwrite(GoldStage.SILVER_INTERVENTIONS, s.interventions());
    tables.overwrite(GoldStage.SILVER_ASSISTANCE, s.assistance());
    RunContext context = context(tables, home, configWith(home));

    new GoldStage().run(context);

    assertTrue(tables.list().containsAll(GoldTables.ALL.stream().map(GoldTables.GoldTable::name).toList()),
        tables.list().toString());
    Map<String, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> expected = GoldTransforms.build(
        SharedSpark.session(), s, GoldTransforms.Catalogues.of(configWith(home)));
    for (String t : List.of("fact_household_income", "dim_household")) {
      SharedSpark.assertEqualsIgnoringOrder(GoldTransformsTest.nullable(expected.get(t)),
          GoldTransformsTest.nullable(tables.read(t)));
    }
  }

  @Test
  void aCalendarOfTheSameYearsHoldsTheSameDays() {
    var spark = SharedSpark.session();
    var keys = org.apache.spark.sql.Encoders.INT();
    var built = GoldTransforms.dimDate(spark.createDataset(List.of(20230315, 20241201), keys).toDF("date_sk"));
    var sameYears = GoldTransforms.dimDate(spark.createDataset(List.of(20230101, 20240630), keys).toDF("date_sk"));
    var newYear = GoldTransforms.dimDate(spark.createDataset(List.of(20230315, 20250105), keys).toDF("date_sk"));
    assertTrue(GoldStage.sameYears(built, sameYears));
    assertFalse(GoldStage.sameYears(newYear, built));
    assertFalse(GoldStage.sameYears(built, built.filter("date_sk <> 20230704")), "a day missing from the stored calendar");
  }

  private static WarehouseConfig configWith(Path home) {
    String root = System.getProperty("warehouse.repo.root", Path.of("..").toAbsolutePath().normalize().toString());
    return WarehouseConfig.load(Path.of(root, "conf"), Map.of(), home);
  }

  private static RunContext context(WarehouseTables tables, Path home, WarehouseConfig config) {
    return new RunContext(SharedSpark.session(), tables, config, home.resolve("landing"), Optional.empty(),
        new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
  }

  @Test
  void aBrokenDataTestFailsTheRunBeforeAnyGoldTableIsWritten() throws Exception {
    Path home = Files.createTempDirectory("gold-stage-home");
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    // An employment form outside the feeds.md list (ingest should have quarantined it).
    tables.overwrite(GoldStage.SILVER_EMPLOYMENT, GoldFixture.frame(SilverSchemas.EMPLOYMENT,
        row("e1", "p1", "2024-01", "出国务工", m("2500"), null, null, "2024-01", "d-e-01")));
    String root = System.getProperty("warehouse.repo.root", Path.of("..").toAbsolutePath().normalize().toString());
    WarehouseConfig config = WarehouseConfig.load(Path.of(root, "conf"), Map.of(), home);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    RunContext context = new RunContext(SharedSpark.session(), tables, config, home.resolve("landing"),
        Optional.empty(), new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8)));

    DataTestFailure e = assertThrows(DataTestFailure.class, () -> new GoldStage().run(context));
    assertEquals(1, e.failures().size(), e.getMessage());
    assertTrue(e.failures().get(0).startsWith("fact_employment: rule 'employment_form in (区外务工, 区内县外务工, "
        + "县内务工, 公益性岗位, 帮扶车间, 以工代赈, 灵活就业, 自主创业)' broken by 1 row(s), e.g. {\"record_id\":\"e1\""),
        e.failures().get(0));
    assertEquals(List.of(GoldStage.SILVER_EMPLOYMENT), tables.list());
  }
}
