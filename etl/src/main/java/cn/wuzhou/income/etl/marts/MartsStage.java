package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;

import cn.wuzhou.income.config.IncomeCategory;
import cn.wuzhou.income.config.Measure;
import cn.wuzhou.income.config.SubsidyItem;
import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.DeliveryChanges;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.models.MartCatalog;
import cn.wuzhou.income.models.serving.PeriodSlice;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Inputs in = Inputs.read(tables);
    Periods delivered = Periods.fromDeliveries(in.deliveries());
    LocalDate asOf = effectiveAsOf(delivered, context.asOf().orElse(null));
    Scope scope = scope(context, in.deliveries(), asOf);
    progress.info("marts: " + scope.describe());
    context.note(AS_OF_NOTE, asOf.toEpochDay());
    if (scope.nothing()) {
      return;
    }
    Map<String, Dataset<Row>> marts = build(context.spark(), in, delivered, context.config(), asOf, progress,
        scope.from());
    // Every mart passes its data tests before the first one is written: a failing rule leaves
    // all published marts as they were.
    Map<String, Dataset<Row>> checked = new LinkedHashMap<>();
    Map<String, String> slices = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset<Row>> e : marts.entrySet()) {
      Dataset<Row> mart = e.getValue().localCheckpoint();
      MartDataTests.check(e.getKey(), mart);
      checked.put(e.getKey(), mart);
      scope.from().ifPresent(from -> slices.put(e.getKey(), slice(e.getKey(), from)));
    }
    tables.writeEach(checked, slices, Map.of(), progress, "", rows -> rows + " rows written");
  }

  /** The stage note holding the as-of date (epoch day) the marts were last built for. */
  static final String AS_OF_NOTE = "@as_of_epoch_day";

  /**
   * What a build recomputes: every period ({@code from} empty), the periods from {@code from}
   * on, or nothing ({@code nothing}).
   */
  public record Scope(Optional<Periods.YearQuarter> from, boolean nothing, String why) {
    static Scope all(String why) {
      return new Scope(Optional.empty(), false, why);
    }

    String describe() {
      if (nothing) {
        return "nothing to rebuild (" + why + ")";
      }
      return from.map(p -> "rebuilding the periods from " + p.year() + "-Q" + p.quarter() + " on (" + why + ")")
          .orElse("rebuilding every period (" + why + ")");
    }
  }

  /**
   * Which periods changed since the marts were last built: the quarters of the feed-periods whose
   * loaded delivery differs between the {@code deliveries} version the last build read and now
   * (new, resubmitted or withdrawn), and, when the as-of date moved, the quarter of the earlier
   * date (overdue payments count up to it). Every mart period depends only on its own and
   * earlier periods, so everything from the earliest changed quarter on is rebuilt.
   */
  static Scope scope(RunContext context, Dataset<Row> deliveriesNow, LocalDate asOf) {
    Map<String, Long> previous = context.previousBuild();
    Long version = previous.get(DELIVERIES);
    Long previousAsOf = previous.get(AS_OF_NOTE);
    if (previous.isEmpty() || version == null || version < 0 || previousAsOf == null) {
      return Scope.all("no earlier build of these settings to start from");
    }
    WarehouseTables tables = context.tables();
    List<String> missing = new ArrayList<>();
    MartCatalog.get().marts().forEach(m -> missing.add(m.name()));
    missing.add(HouseholdHistory.TABLE);
    missing.removeIf(tables::exists);
    if (!missing.isEmpty()) {
      return Scope.all("missing " + String.join(", ", missing));
    }
    Optional<Set<DeliveryChanges.FeedPeriod>> changes = DeliveryChanges.since(tables, version, deliveriesNow);
    if (changes.isEmpty()) {
      return Scope.all("the deliveries version " + version + " of the last build cannot be read");
    }
    Optional<YearMonth> earliest;
    try {
      // With the payments' paid months: evidence counts a payment in the quarter it was paid.
      earliest = DeliveryChanges.earliestMonth(tables, changes.get(), PAYMENTS, previous.get(PAYMENTS));
    } catch (IllegalArgumentException e) {
      return Scope.all(e.getMessage());
    }
    Optional<Periods.YearQuarter> from = earliest.map(m -> Periods.YearQuarter.ofMonth(m.getYear(), m.getMonthValue()));
    List<String> reasons = new ArrayList<>();
    if (!changes.get().isEmpty()) {
      reasons.add(changes.get().size() + " feed-period(s) changed");
    }
    LocalDate before0 = LocalDate.ofEpochDay(previousAsOf);
    if (!before0.equals(asOf)) {
      LocalDate earlier = before0.isBefore(asOf) ? before0 : asOf;
      from = earlier(from, Periods.YearQuarter.ofMonth(earlier.getYear(), earlier.getMonthValue()));
      reasons.add("as-of date " + before0 + " -> " + asOf);
    }
    if (from.isEmpty()) {
      return new Scope(Optional.empty(), true, "no delivery changed");
    }
    return new Scope(from, false, String.join("; ", reasons));
  }

  private static Optional<Periods.YearQuarter> earlier(Optional<Periods.YearQuarter> a, Periods.YearQuarter b) {
    return Optional.of(a.isEmpty() || b.compareTo(a.get()) < 0 ? b : a.get());
  }

  /**
   * The rows of {@code mart} an incremental build from {@code from} replaces, as a SQL condition
   * ({@link PeriodSlice}: the publish stage reads it back from the Delta commit).
   */
  public static String slice(String mart, Periods.YearQuarter from) {
    return (switch (mart) {
      case QuintileMarts.TREND -> PeriodSlice.of("year", from.year());
      case QuintileMarts.TRANSITION -> PeriodSlice.of("base_year", from.year() - 1);
      case PaymentMarts.TIMELINESS -> PeriodSlice.of("year", 100, "due_month", from.year() * 100 + 3 * from.quarter() - 2);
      default -> PeriodSlice.of("year", 10, "quarter", from.year() * 10 + from.quarter());
    }).toString();
  }

  /** {@code asOf}, or without one the last day of the latest month delivered in any monthly feed. */
  static LocalDate effectiveAsOf(Periods periods, LocalDate asOf) {
    return asOf != null ? asOf : periods.defaultAsOf().orElse(LocalDate.now());
  }

  /**
   * Computes every mart (not yet written) in catalogue order, then {@code household_history}. {@code asOf} null means the last
   * day of the latest month delivered in any monthly feed. Prints a warning for every survey
   * year without a monitoring line.
   */
  public static Map<String, Dataset<Row>> build(SparkSession spark, Inputs in, WarehouseConfig config,
      LocalDate asOf, Progress progress) {
    return build(spark, in, Periods.fromDeliveries(in.deliveries()), config, asOf, progress, Optional.empty());
  }

  /**
   * As {@link #build(SparkSession, Inputs, WarehouseConfig, LocalDate, Progress)}, with the
   * delivered periods already read from {@code in.deliveries()}; with {@code from} only the rows
   * of the periods from {@code from} on ({@link #slice}), computed from the periods they read
   * ({@link Periods#from}).
   */
  static Map<String, Dataset<Row>> build(SparkSession spark, Inputs in, Periods delivered, WarehouseConfig config,
      LocalDate asOf, Progress progress, Optional<Periods.YearQuarter> from) {
    LocalDate effectiveAsOf = effectiveAsOf(delivered, asOf);
    Periods periods = from.map(delivered::from).orElse(delivered);
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
    if (from.isPresent()) {
      marts.replaceAll((name, rows) -> rows.filter(expr(slice(name, from.get()))));
    }
    return marts;
  }

  private static List<String> itemsOf(List<SubsidyItem> items, IncomeCategory category) {
    return items.stream().filter(i -> i.category() == category).map(SubsidyItem::name).toList();
  }

  private static List<String> measuresOf(List<Measure> measures, IncomeCategory category) {
    return measures.stream().filter(m -> m.category() == category).map(Measure::name).toList();
  }
}
