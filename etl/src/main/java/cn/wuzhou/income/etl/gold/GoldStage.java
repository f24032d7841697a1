package cn.wuzhou.income.etl.gold;

import cn.wuzhou.income.etl.common.DataTests;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the gold star schema ({@link GoldTables}) from the silver tables: read silver, build
 * every dimension and fact, run the data tests ({@link GoldDataTests}), then overwrite each gold
 * table in one Delta commit. A broken data test fails the run before any gold table is written.
 *
 * <p>Gold is rebuilt whole on every run: it is small next to bronze, and keys are deterministic
 * so the rebuild gives every unchanged row the same keys.
 */
public final class GoldStage implements PipelineStage {
  public static final String SILVER_HOUSEHOLD_MONTHS = "silver_household_months";
  public static final String SILVER_HOUSEHOLDS = "silver_households";
  public static final String SILVER_MEMBERS = "silver_members";
  public static final String SILVER_INCOME_SURVEY = "silver_income_survey";
  public static final String SILVER_INTERVENTIONS = "silver_interventions";
  public static final String SILVER_EMPLOYMENT = "silver_employment";
  public static final String SILVER_ASSISTANCE = "silver_assistance";
  public static final String SILVER_PAYMENTS = "silver_payments";

  @Override
  public List<String> inputTables() {
    return List.of(SILVER_HOUSEHOLD_MONTHS, SILVER_HOUSEHOLDS, SILVER_MEMBERS, SILVER_INCOME_SURVEY,
        SILVER_INTERVENTIONS, SILVER_EMPLOYMENT, SILVER_ASSISTANCE, SILVER_PAYMENTS);
  }

  @Override
  public String name() {
    return "gold";
  }

  @Override
  public void run(RunContext context) {
    WarehouseTables tables = context.tables();
    Progress progress = context.progress();
    Progress.Stage read = progress.stage("gold: read silver");
    GoldTransforms.Silver silver = readSilver(tables);
    read.done("8 silver tables");

    Progress.Stage build = progress.stage("gold: build");
    // Each table (and each frame several tables read) is computed once, into Spark's block store;
    // the data tests and the writes read it from there.
    Map<String, Dataset<Row>> gold = GoldTransforms.build(context.spark(), silver,
        GoldTransforms.Catalogues.of(context.config()), rows -> rows.localCheckpoint());
    build.done(gold.size() + " tables");

    Progress.Stage test = progress.stage("gold: data tests");
    List<DataTests.Rule> rules = GoldDataTests.rules();
    DataTests.run(context.spark(), gold, rules);
    test.done(rules.size() + " rules passed");

    tables.writeEach(gold, Map.of(), progress, "gold: ", rows -> rows + " rows");
  }

  /**
   * The silver tables, empty frames of their declared schemas where missing. The households
   * snapshot months come from {@code silver_household_months}; without it, from the months of
   * {@code silver_members} (the two feeds are normally delivered together).
   */
  public static GoldTransforms.Silver readSilver(WarehouseTables tables) {
    Dataset<Row> members = tables.readOrEmpty(SILVER_MEMBERS, SilverSchemas.MEMBERS);
    Dataset<Row> householdMonths = tables.exists(SILVER_HOUSEHOLD_MONTHS)
        ? tables.read(SILVER_HOUSEHOLD_MONTHS).select("month").distinct()
        : members.select("month").distinct();
    return new GoldTransforms.Silver(householdMonths,
        tables.readOrEmpty(SILVER_HOUSEHOLDS, SilverSchemas.HOUSEHOLDS),
        members,
        tables.readOrEmpty(SILVER_INCOME_SURVEY, SilverSchemas.INCOME_SURVEY),
        tables.readOrEmpty(SILVER_INTERVENTIONS, SilverSchemas.INTERVENTIONS),
        tables.readOrEmpty(SILVER_EMPLOYMENT, SilverSchemas.EMPLOYMENT),
        tables.readOrEmpty(SILVER_ASSISTANCE, SilverSchemas.ASSISTANCE),
        tables.readOrEmpty(SILVER_PAYMENTS, SilverSchemas.PAYMENTS));
  }
}
