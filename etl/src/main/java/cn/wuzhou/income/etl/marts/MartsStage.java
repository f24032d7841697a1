package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import cn.wuzhou.income.config.IncomeCategory;
import cn.wuzhou.income.config.Measure;
import cn.wuzhou.income.config.SubsidyItem;
import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds every mart of metrics.md and the serving table {@code household_history}
 * ({@link HouseholdHistory}) from the silver tables and {@code deliveries}, runs the data tests
 * on each, and writes each with one Delta commit.
 */
public final class MartsStage implements PipelineStage {
  /** Silver inputs (names of the Delta tables the ingest writes). */
  public static final String HOUSEHOLD_MONTHS = "silver_household_months";
  public static final String MEMBERS = "silver_members";
  public static final String SURVEY = "silver_income_survey";
  public static final String INTERVENTIONS = "silver_interventions";
  public static final String EMPLOYMENT = "silver_employment";
  public static final String ASSISTANCE = "silver_assistance";
  public static final String PAYMENTS = "silver_payments";
  public static final String DELIVERIES = "deliveries";

  /** The input frames of one build. */
  public record Inputs(Dataset<Row> householdMonths, Dataset<Row> members, Dataset<Row> survey,
      Dataset<Row> interventions, Dataset<Row> employment, Dataset<Row> assistance,
      Dataset<Row> payments, Dataset<Row> deliveries) {

    /** Reads the silver tables (empty frames of the declared schema for tables never written). */
    public static Inputs read(WarehouseTables tables) {
      return new Inputs(tables.readOrEmpty(HOUSEHOLD_MONTHS, SilverSchemas.HOUSEHOLD_MONTHS),
          tables.readOrEmpty(MEMBERS, SilverSchemas.MEMBERS), tables.readOrEmpty(SURVEY, SilverSchemas.INCOME_SURVEY),
          tables.readOrEmpty(INTERVENTIONS, SilverSchemas.INTERVENTIONS),
          tables.readOrEmpty(EMPLOYMENT, SilverSchemas.EMPLOYMENT),
          tables.readOrEmpty(ASSISTANCE, SilverSchemas.ASSISTANCE),
          tables.readOrEmpty(PAYMENTS, SilverSchemas.PAYMENTS),
          tables.readOrEmpty(DELIVERIES, SilverSchemas.DELIVERIES));
    }
  }

  @Override
  public List<String> inputTables() {
    return List.of(HOUSEHOLD_MONTHS, MEMBERS, SURVEY, INTERVENTIONS, EMPLOYMENT, ASSISTANCE, PAYMENTS,
        DELIVERIES);
  }

  @Override
  public String name() {
    return "marts";
  }

  @Override
  public void run(RunContext context) {
    WarehouseTables tables = context.tables();
    Progress progress = context.progress();
    Map<String, Dataset<Row>> marts = build(context.spark(), Inputs.read(tables), context.config(),
        context.asOf().orElse(null), progress);
    // Every mart passes its data tests before the first one is written: a failing rule leaves
    // all published marts as they were.
    Map<String, Dataset<Row>> checked = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset<Row>> e : marts.entrySet()) {
      Dataset<Row> mart = e.getValue().localCheckpoint();
      MartDataTests.check(e.getKey(), mart);
      checked.put(e.getKey(), mart);
    }
    tables.overwriteEach(checked, progress, "", rows -> rows + " rows written");
  }

  /**
   * Computes every mart (not yet written) in catalogue order, then {@code household_history}. {@code asOf} null means the last
   * day of the latest month delivered in any monthly feed. Prints a warning for every survey
   * year without a monitoring line.
   */
  public static Map<String, Dataset<Row>> build(SparkSession spark, Inputs in, WarehouseConfig config,
      LocalDate asOf, Progress progress) {
    Periods periods = Periods.fromDeliveries(in.deliveries());
    LocalDate effectiveAsOf = asOf != null ? asOf : periods.defaultAsOf().orElse(LocalDate.now());
    Set<Integer> years = new HashSet<>();
    periods.surveyPeriods().forEach(p -> years.add(p.year()));
    years.stream().sorted().filter(y -> config.monitoringLine(y).isEmpty()).forEach(y -> progress.info(
        "warning: no monitoring line for " + y + " in conf/warehouse.yaml (monitoring_lines): "
            + "line-based metrics of " + y + " are null"));

    Dataset<Row> periodFrame = periods.periodFrame(spark);
    Dataset<Row> snapshot = HouseholdPeriods.snapshot(periodFrame, in.householdMonths());
    // The shared frames are read by several marts: checkpointed so that each mart's plan stays small.
    Dataset<Row> members = HouseholdPeriods.periodMembers(periodFrame, in.members(), snapshot).localCheckpoint();
    Dataset<Row> withSurvey = HouseholdPeriods.withSurvey(snapshot, in.survey()).localCheckpoint();
    Dataset<Row> quintiles = HouseholdPeriods.quintiles(withSurvey, config.quintileMethod(), config.officialCutPoints()).localCheckpoint();
    Dataset<Row> frame = HouseholdMarts.withFlags(HouseholdPeriods.withBaseQuintile(
        HouseholdPeriods.withPrior(withSurvey), quintiles), config.monitoringLines()).localCheckpoint();
    Dataset<Row> facts = AreaMarts.withFacts(frame, members, in.employment(), in.payments(), effectiveAsOf).localCheckpoint();
    Dataset<Row> evidence = PaymentMarts.incomeEvidence(frame, members, in.employment(), in.payments(),
        in.interventions(), itemsOf(config.subsidyItems(), IncomeCategory.TRANSFER),
        measuresOf(config.measures(), IncomeCategory.OPERATING), measuresOf(config.measures(), IncomeCategory.PROPERTY)).localCheckpoint();
    Set<String> dueMonths = new HashSet<>();
    in.payments().select(date_format(col("due_date"), "yyyy-MM")).distinct().collectAsList()
        .forEach(r -> dueMonths.add(r.getString(0)));

    Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
    Dataset<Row> trend = QuintileMarts.trend(quintiles).localCheckpoint();
    MartDataTests.checkQuintileTotals(trend, quintiles);
    marts.put(QuintileMarts.TREND, trend);
    marts.put(QuintileMarts.TRANSITION, QuintileMarts.transition(quintiles));
    marts.put(HouseholdMarts.COHORT, HouseholdMarts.cohortProgress(frame));
    Dataset<Row> withMonths = HouseholdMarts.withMonths(frame, members, in.employment(), in.assistance())
        .localCheckpoint();
    marts.put(HouseholdMarts.DECLINING, HouseholdMarts.decliningHouseholds(withMonths));
    marts.put(AreaMarts.TOWNSHIP, AreaMarts.townshipComparison(facts));
    marts.put(PaymentMarts.TIMELINESS, PaymentMarts.subsidyTimeliness(in.payments(),
        periods.monthFrame(spark, dueMonths), in.householdMonths(), in.members(), effectiveAsOf));
    marts.put(PaymentMarts.EVIDENCE, PaymentMarts.evidenceMart(evidence));
    marts.put(PovertyIndices.MART, PovertyIndices.poverty(frame, config.city()));
    marts.put(EvaluationMetrics.MART, EvaluationMetrics.evaluation(spark, List.copyOf(periods.surveyPeriods()),
        config.city(), config.counties(), config.monitoringLines(), facts, evidence, in.deliveries()));
    marts.put(HouseholdHistory.TABLE, HouseholdHistory.history(withMonths, members, in.interventions(), in.payments()));
    return marts;
  }

  private static List<String> itemsOf(List<SubsidyItem> items, IncomeCategory category) {
    return items.stream().filter(i -> i.category() == category).map(SubsidyItem::name).toList();
  }

  private static List<String> measuresOf(List<Measure> measures, IncomeCategory category) {
    return measures.stream().filter(m -> m.category() == category).map(Measure::name).toList();
  }
}
