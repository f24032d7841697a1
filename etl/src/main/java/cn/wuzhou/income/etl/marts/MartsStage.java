package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.trunc;

import cn.wuzhou.income.config.IncomeCategory;
import cn.wuzhou.income.config.Measure;
import cn.wuzhou.income.config.SubsidyItem;
import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Frames;
import cn.wuzhou.income.etl.common.Frames.Frame;
import cn.wuzhou.income.etl.common.Parallel;
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
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
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
  /** Frames computed, or marts checked, at a time. */
  static final int THREADS = 3;

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
    Scope scope = scope(context, in.deliveries(), in.payments(), asOf);
    progress.info("marts: " + scope.describe());
    context.note(AS_OF_NOTE, asOf.toEpochDay());
    if (scope.nothing()) {
      return;
    }
    ExecutorService pool = Parallel.pool(THREADS, "marts");
    try {
      Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
      Map<String, String> slices = new LinkedHashMap<>();
      if (scope.all()) {
        marts.putAll(build(context.spark(), in, delivered, context.config(), asOf, progress, Optional.empty(), ALL,
            pool));
      }
      scope.asOfFrom().ifPresent(from -> addSliced(marts, slices, from, asOfMoved(context, in, delivered, asOf,
          from, scope.from())));
      scope.from().ifPresent(from -> {
        // The marts the as-of date moved hold their rows of the periods before `from` already;
        // those of `from` on are built here with the rest, then added to them.
        Set<String> rest = new LinkedHashSet<>(ALL);
        rest.removeIf(name -> marts.containsKey(name) && !MOVED_BY_PATCH.contains(name));
        build(context.spark(), in, delivered, context.config(), asOf, progress, Optional.of(from), rest, pool)
            .forEach((name, rows) -> {
              if (marts.containsKey(name)) {
                marts.put(name, marts.get(name).unionByName(rows));
              } else {
                marts.put(name, rows);
                slices.put(name, slice(name, from));
              }
            });
      });
      // Every mart passes its data tests before the first one is written: a failing rule leaves
      // all published marts as they were.
      tables.writeEach(checkEach(context.spark(), marts, pool), slices, Map.of(), progress, "",
          rows -> rows + " rows written");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Every mart of {@code marts}, in the order of {@link #ALL}, computed into Spark's block store
   * and passed through its data tests ({@link MartDataTests}), side by side on {@code executor};
   * the first failure is thrown once every mart has ended.
   */
  private static Map<String, Dataset<Row>> checkEach(SparkSession spark, Map<String, Dataset<Row>> marts,
      Executor executor) {
    Frames checks = new Frames(spark, "marts", UnaryOperator.identity(), executor);
    Map<String, Frame> checked = new LinkedHashMap<>();
    for (String name : ALL) {
      if (marts.containsKey(name)) {
        checked.put(name, checks.frame(name, () -> {
          Dataset<Row> mart = marts.get(name).localCheckpoint();
          MartDataTests.check(name, mart);
          return mart;
        }));
      }
    }
    checks.await("checking the marts");
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    checked.forEach((name, mart) -> out.put(name, mart.rows()));
    return out;
  }

  /**
   * The marts of {@link #READ_AS_OF} from period {@code from} on when the as-of date moved (from
   * the one the last build recorded to {@code asOf}): the timeliness mart rebuilt (it reads
   * payments and snapshots only), and the stored evaluation rows from {@code from} up to
   * {@code until} (the first period the new deliveries rebuild, if any; its rows and later ones
   * are added by that build) with their overdue count moved ({@link AsOfMove}).
   */
  private static Map<String, Dataset<Row>> asOfMoved(RunContext context, Inputs in, Periods delivered,
      LocalDate asOf, Periods.YearQuarter from, Optional<Periods.YearQuarter> until) {
    LocalDate before = LocalDate.ofEpochDay(context.previousBuild().get(AS_OF_NOTE));
    String kept = fromPeriod(from) + until.map(u -> " AND NOT (" + fromPeriod(u) + ")").orElse("");
    WarehouseTables tables = context.tables();
    Dataset<Row> change = AsOfMove.overdueChange(context.spark(), in, delivered.between(from, until), before, asOf);
    context.progress().info("marts: " + EvaluationMetrics.MART + " from " + from
        + until.map(u -> " to before " + u).orElse(" on") + ": the stored rows, E10 counted as of " + asOf);
    Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
    marts.put(PaymentMarts.TIMELINESS, timeliness(context.spark(), in, delivered.from(from), Optional.of(from), asOf)
        .filter(expr(slice(PaymentMarts.TIMELINESS, from))));
    marts.put(EvaluationMetrics.MART, AsOfMove.evaluation(tables.read(EvaluationMetrics.MART).filter(kept), change,
        context.config().city()));
    return marts;
  }

  /** Adds the marts {@code built} from period {@code from} on, each with its {@link #slice}. */
  private static void addSliced(Map<String, Dataset<Row>> marts, Map<String, String> slices,
      Periods.YearQuarter from, Map<String, Dataset<Row>> built) {
    built.forEach((name, rows) -> {
      marts.put(name, rows);
      slices.put(name, slice(name, from));
    });
  }

  /** Every table this stage writes: the marts in catalogue order, then {@code household_history}. */
  static final List<String> ALL;

  static {
    List<String> names = new ArrayList<>();
    MartCatalog.get().marts().forEach(m -> names.add(m.name()));
    names.add(HouseholdHistory.TABLE);
    ALL = List.copyOf(names);
  }

  /**
   * The marts that read the as-of date (payments overdue: unpaid and due before it): the
   * timeliness mart's {@code unpaid_overdue} and the evaluation's E10. When it moves, only they
   * can change, and only in the periods counting a payment whose overdue status it flips
   * ({@link #overdueFlipMonth}). ({@code mart_township_comparison} is built from the same
   * household frame, but none of its columns reads the overdue count.)
   */
  static final Set<String> READ_AS_OF = Set.of(PaymentMarts.TIMELINESS, EvaluationMetrics.MART);

  /** The marts of {@link #READ_AS_OF} whose rows before the periods rebuilt are moved, not rebuilt ({@link AsOfMove}). */
  static final Set<String> MOVED_BY_PATCH = Set.of(EvaluationMetrics.MART);

  /** The stage note holding the as-of date (epoch day) the marts were last built for. */
  static final String AS_OF_NOTE = "@as_of_epoch_day";

  /**
   * What a build recomputes: everything ({@code all}); or every mart from the period {@code from}
   * on and the marts of {@link #READ_AS_OF} from the earlier period {@code asOfFrom} on (each
   * empty: none); or nothing ({@link #nothing}).
   */
  public record Scope(boolean all, Optional<Periods.YearQuarter> from, Optional<Periods.YearQuarter> asOfFrom,
      String why) {
    static Scope all(String why) {
      return new Scope(true, Optional.empty(), Optional.empty(), why);
    }

    boolean nothing() {
      return !all && from.isEmpty() && asOfFrom.isEmpty();
    }

    String describe() {
      if (all) {
        return "rebuilding every period (" + why + ")";
      }
      if (nothing()) {
        return "nothing to rebuild (" + why + ")";
      }
      List<String> parts = new ArrayList<>();
      from.ifPresent(p -> parts.add("the periods from " + p + " on"));
      asOfFrom.ifPresent(p -> parts.add(READ_AS_OF.stream().sorted().collect(Collectors.joining(", "))
          + " from " + p + " on"));
      return "rebuilding " + String.join("; ", parts) + " (" + why + ")";
    }
  }

  /**
   * Which periods changed since the marts were last built: the quarters of the feed-periods whose
   * loaded delivery differs between the {@code deliveries} version the last build read and now
   * (new, resubmitted or withdrawn); every mart period depends only on its own and earlier
   * periods, so everything from the earliest changed quarter on is rebuilt. When the as-of date
   * moved, the marts reading it are rebuilt from the quarter of the earliest payment whose
   * overdue status it flips, if that is earlier.
   */
  static Scope scope(RunContext context, Dataset<Row> deliveriesNow, Dataset<Row> payments, LocalDate asOf) {
    Map<String, Long> previous = context.previousBuild();
    Long version = previous.get(DELIVERIES);
    Long previousAsOf = previous.get(AS_OF_NOTE);
    if (previous.isEmpty() || version == null || version < 0 || previousAsOf == null) {
      return Scope.all("no earlier build of these settings to start from");
    }
    WarehouseTables tables = context.tables();
    List<String> missing = new ArrayList<>(ALL);
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
    Optional<Periods.YearQuarter> from = earliest.map(Periods.YearQuarter::of);
    List<String> reasons = new ArrayList<>();
    if (!changes.get().isEmpty()) {
      reasons.add(changes.get().size() + " feed-period(s) changed");
    }
    Optional<Periods.YearQuarter> asOfFrom = Optional.empty();
    LocalDate before = LocalDate.ofEpochDay(previousAsOf);
    if (!before.equals(asOf)) {
      Optional<YearMonth> flipped = overdueFlipMonth(payments, before, asOf);
      reasons.add("as-of date " + before + " -> " + asOf + flipped.map(m -> ", unpaid payments due from " + m)
          .orElse(", no unpaid payment due in between"));
      asOfFrom = flipped.map(Periods.YearQuarter::of).filter(q -> from.isEmpty() || q.compareTo(from.get()) < 0);
    }
    if (from.isEmpty() && asOfFrom.isEmpty() && reasons.isEmpty()) {
      reasons.add("no delivery changed");
    }
    return new Scope(false, from, asOfFrom, String.join("; ", reasons));
  }

  /**
   * The earliest due month of a payment that is overdue ({@link AreaMarts#overdue}) as of one of
   * the two dates and not the other: unpaid and due on or after the earlier, before the later.
   */
  static Optional<YearMonth> overdueFlipMonth(Dataset<Row> payments, LocalDate a, LocalDate b) {
    LocalDate earlier = a.isBefore(b) ? a : b;
    LocalDate later = a.isBefore(b) ? b : a;
    Row first = payments.filter(AreaMarts.overdue(later).and(col("due_date").geq(lit(java.sql.Date.valueOf(earlier)))))
        .agg(min("due_date")).first();
    return first.isNullAt(0) ? Optional.empty() : Optional.of(YearMonth.from(first.getDate(0).toLocalDate()));
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
      default -> fromPeriod(from);
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
    return build(spark, in, Periods.fromDeliveries(in.deliveries()), config, asOf, progress, Optional.empty(), ALL,
        Runnable::run);
  }

  /**
   * As {@link #build(SparkSession, Inputs, WarehouseConfig, LocalDate, Progress)}, with the
   * delivered periods already read from {@code in.deliveries()}, for the tables of {@code only}
   * (the frames no one of them reads are not computed); with {@code from} only the rows of the
   * periods from {@code from} on ({@link #slice}), computed from the periods they read
   * ({@link Periods#from}); the frames several marts read are computed on {@code executor}.
   */
  static Map<String, Dataset<Row>> build(SparkSession spark, Inputs in, Periods delivered, WarehouseConfig config,
      LocalDate asOf, Progress progress, Optional<Periods.YearQuarter> from, java.util.Collection<String> only,
      Executor executor) {
    LocalDate effectiveAsOf = effectiveAsOf(delivered, asOf);
    Periods periods = from.map(delivered::from).orElse(delivered);
    Set<Integer> years = new HashSet<>();
    periods.surveyPeriods().forEach(p -> years.add(p.year()));
    years.stream().sorted().filter(y -> config.monitoringLine(y).isEmpty()).forEach(y -> progress.info(
        "warning: no monitoring line for " + y + " in conf/warehouse.yaml (monitoring_lines): "
            + "line-based metrics of " + y + " are null"));
    if (!ALL.containsAll(only)) {
      throw new IllegalArgumentException("not a mart: " + only);
    }
    if (from.isPresent() && periods.surveyPeriods().isEmpty()) {
      // No survey period from `from` on (a month delivered before its quarter's survey): every
      // table but the payments' timeliness (by due month) has its rows in survey periods only, so
      // none to rebuild; an empty frame replaces what its slice held, with no Spark job.
      Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
      ALL.stream().filter(only::contains).forEach(name -> marts.put(name, name.equals(PaymentMarts.TIMELINESS)
          ? timeliness(spark, in, periods, from, effectiveAsOf).filter(expr(slice(name, from.get())))
          : spark.createDataFrame(List.of(), MartSchemas.schema(name))));
      return marts;
    }
    boolean facts = only.contains(AreaMarts.TOWNSHIP) || only.contains(EvaluationMetrics.MART);
    boolean evidence = only.contains(PaymentMarts.EVIDENCE) || only.contains(EvaluationMetrics.MART);
    boolean months = only.contains(HouseholdMarts.DECLINING) || only.contains(HouseholdHistory.TABLE);

    Dataset<Row> periodFrame = periods.periodFrame(spark);
    Dataset<Row> snapshot = HouseholdPeriods.snapshot(periodFrame, in.householdMonths());
    // The shared frames are read by several marts: checkpointed so that each mart's plan stays
    // small, each as soon as the ones it reads are (those that do not read each other side by side).
    Frames shared = new Frames(spark, "marts", Dataset::localCheckpoint, executor);
    Frame periodMembers = shared.frame("period members",
        () -> HouseholdPeriods.periodMembers(periodFrame, in.members(), snapshot));
    Frame survey = shared.frame("period households", () -> HouseholdPeriods.withSurvey(snapshot, in.survey()));
    Frame quintileFrame = shared.frame("quintiles",
        () -> HouseholdPeriods.quintiles(survey.rows(), config.quintileMethod(), config.officialCutPoints()), survey);
    Frame flagged = shared.frame("flags", () -> HouseholdMarts.withFlags(HouseholdPeriods.withBaseQuintile(
        HouseholdPeriods.withPrior(survey.rows()), quintileFrame.rows()), config.monitoringLines()), survey, quintileFrame);
    // The rows kept are those of the periods from `from` on; the earlier periods read are there
    // for their priors and groupings, already in `flagged`. Every join below is per period, so they
    // run on the kept periods only, with the department records of their years (and the year
    // before, for the prior-year work months): Delta skips the files of earlier months.
    Optional<Integer> firstYear = from.map(Periods.YearQuarter::year);
    Supplier<Dataset<Row>> kept = () -> from.map(p -> flagged.rows().filter(fromPeriod(p).toString()))
        .orElse(flagged.rows());
    Supplier<Dataset<Row>> keptMembers = () -> from.map(p -> periodMembers.rows().filter(fromPeriod(p).toString()))
        .orElse(periodMembers.rows());
    // The work records of the kept periods' years, and the months of the year before that their
    // prior-year work months count: those end with the last survey quarter's month of that year,
    // so a survey quarter's build reads three months of the year before, not all twelve.
    Dataset<Row> employment = from.map(p -> in.employment().filter(col("work_month").geq(String.format("%04d-01",
            p.year() - 1)).and(col("work_month").leq(yearBefore(periods.surveyPeriods().last()).endMonth())
            .or(col("work_month").geq(String.format("%04d-01", p.year()))))))
        .orElse(in.employment());
    Dataset<Row> payments = firstYear.map(y -> in.payments().filter(col("due_date").geq(lit(january(y)))
        .or(col("paid_date").geq(lit(january(y)))))).orElse(in.payments());
    // Evidence and the household history count a period's interventions of the same year only.
    Dataset<Row> interventions = firstYear.map(y -> in.interventions().filter(col("event_date").geq(lit(january(y)))))
        .orElse(in.interventions());
    // The work records summed per person and year-to-date period once, for the periods' own work
    // figures and the next year's prior-year work months; then per household once for the three
    // frames below (each used to join the members to the employment records itself).
    Frame personWork = !(facts || evidence || months) ? null : shared.frame("work per person",
        () -> HouseholdPeriods.workPerPerson(employment));
    Frame workFrame = !(facts || evidence || months) ? null : shared.frame("work records",
        () -> HouseholdPeriods.householdWork(keptMembers.get(), personWork.rows()), periodMembers, personWork);
    Frame factsFrame = !facts ? null : shared.frame("payments and work",
        () -> AreaMarts.withFacts(kept.get(), keptMembers.get(), workFrame.rows(), payments, effectiveAsOf),
        flagged, periodMembers, workFrame);
    Frame evidenceFrame = !evidence ? null : shared.frame("evidence", () -> PaymentMarts.incomeEvidence(kept.get(),
        keptMembers.get(), workFrame.rows(), payments, interventions,
        itemsOf(config.subsidyItems(), IncomeCategory.TRANSFER), measuresOf(config.measures(), IncomeCategory.OPERATING),
        measuresOf(config.measures(), IncomeCategory.PROPERTY)),
        flagged, periodMembers, workFrame);
    Frame monthsFrame = !months ? null : shared.frame("work and aid months", () -> HouseholdMarts.withMonths(kept.get(),
        keptMembers.get(), workFrame.rows(), personWork.rows(), fromYear(in.assistance(), "aid_month", firstYear)),
        flagged, periodMembers, workFrame, personWork);
    shared.await("building the marts' shared frames");
    Dataset<Row> members = periodMembers.rows();
    Dataset<Row> quintiles = quintileFrame.rows();
    Dataset<Row> frame = flagged.rows();
    Dataset<Row> withFacts = factsFrame == null ? null : factsFrame.rows();
    Dataset<Row> withEvidence = evidenceFrame == null ? null : evidenceFrame.rows();
    Dataset<Row> withMonths = monthsFrame == null ? null : monthsFrame.rows();

    Map<String, Supplier<Dataset<Row>>> all = new LinkedHashMap<>();
    all.put(QuintileMarts.TREND, () -> {
      Dataset<Row> trend = QuintileMarts.trend(quintiles).localCheckpoint();
      MartDataTests.checkQuintileTotals(trend, quintiles);
      return trend;
    });
    all.put(QuintileMarts.TRANSITION, () -> QuintileMarts.transition(quintiles));
    all.put(HouseholdMarts.COHORT, () -> HouseholdMarts.cohortProgress(frame));
    all.put(HouseholdMarts.DECLINING, () -> HouseholdMarts.decliningHouseholds(withMonths));
    all.put(AreaMarts.TOWNSHIP, () -> AreaMarts.townshipComparison(withFacts));
    all.put(PaymentMarts.TIMELINESS, () -> timeliness(spark, in, periods, from, effectiveAsOf));
    all.put(PaymentMarts.EVIDENCE, () -> PaymentMarts.evidenceMart(withEvidence));
    all.put(PovertyIndices.MART, () -> PovertyIndices.poverty(frame, config.city()));
    all.put(EvaluationMetrics.MART, () -> EvaluationMetrics.evaluation(spark, List.copyOf(periods.surveyPeriods()),
        config.city(), config.counties(), config.monitoringLines(), withFacts, withEvidence, in.deliveries()));
    // Its payments are those due in the period's year: the kept periods' years only.
    all.put(HouseholdHistory.TABLE, () -> HouseholdHistory.history(withMonths, members, interventions, payments));
    Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
    all.forEach((name, rows) -> {
      if (only.contains(name)) {
        marts.put(name, from.isPresent() ? rows.get().filter(expr(slice(name, from.get()))) : rows.get());
      }
    });
    return marts;
  }

  /** {@code mart_subsidy_timeliness} of the due months of the delivered payments (from {@code from}'s quarter on). */
  private static Dataset<Row> timeliness(SparkSession spark, Inputs in, Periods periods,
      Optional<Periods.YearQuarter> from, LocalDate asOf) {
    // Its slice from `from` on holds the due months from the quarter's first on: only the
    // payments due from that month on are read (Delta skips the files of earlier ones) and given
    // a month by the mart, and their months are listed as dates and named here (date_format on
    // every payment cost more than the rest of the scan).
    Dataset<Row> due = from.map(p -> in.payments().filter(col("due_date").geq(lit(java.sql.Date.valueOf(
        YearMonth.parse(p.startMonth()).atDay(1)))))).orElse(in.payments());
    Set<String> dueMonths = new HashSet<>();
    due.select(trunc(col("due_date"), "month")).distinct().collectAsList().stream().filter(r -> !r.isNullAt(0))
        .forEach(r -> dueMonths.add(YearMonth.from(r.getDate(0).toLocalDate()).toString()));
    return PaymentMarts.subsidyTimeliness(due, periods.monthFrame(spark, dueMonths), in.householdMonths(),
        in.members(), asOf);
  }

  /** The rows of period {@code p} and later, in a table keyed by {@code year} and {@code quarter}. */
  private static PeriodSlice fromPeriod(Periods.YearQuarter p) {
    return PeriodSlice.of("year", 10, "quarter", p.year() * 10 + p.quarter());
  }

  private static Periods.YearQuarter yearBefore(Periods.YearQuarter p) {
    return new Periods.YearQuarter(p.year() - 1, p.quarter());
  }

  /** 1 January of {@code year}. */
  private static java.sql.Date january(int year) {
    return java.sql.Date.valueOf(LocalDate.of(year, 1, 1));
  }

  /** The rows of {@code monthly} whose {@code month} (YYYY-MM) lies in {@code year} or later; all without a year. */
  private static Dataset<Row> fromYear(Dataset<Row> monthly, String month, Optional<Integer> year) {
    return year.map(y -> SilverSchemas.fromYear(monthly, month, y)).orElse(monthly);
  }

  private static List<String> itemsOf(List<SubsidyItem> items, IncomeCategory category) {
    return items.stream().filter(i -> i.category() == category).map(SubsidyItem::name).toList();
  }

  private static List<String> measuresOf(List<Measure> measures, IncomeCategory category) {
    return measures.stream().filter(m -> m.category() == category).map(Measure::name).toList();
  }
}
