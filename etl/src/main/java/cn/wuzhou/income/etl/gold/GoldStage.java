package cn.wuzhou.income.etl.gold;

import cn.wuzhou.income.etl.common.DataTests;
import cn.wuzhou.income.etl.common.JobDescriptions;
import cn.wuzhou.income.etl.common.Parallel;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.ingest.Feed;
import cn.wuzhou.income.etl.marts.Periods;
import cn.wuzhou.income.etl.pipeline.DeliveryChanges;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Builds the gold star schema ({@link GoldTables}) from the silver tables: read silver, build
 * every dimension and fact, run the data tests ({@link GoldDataTests}), then write each gold
 * table in one Delta commit. A broken data test fails the run before any gold table is written.
 *
 * <p>Incremental: the dimensions read from silver are rebuilt whole (keys are deterministic, so
 * every unchanged row keeps its key; {@code dim_person} reads only the members rows of the
 * rebuilt months and takes everyone else's attributes from the previous build); the facts are
 * rebuilt from the earliest month whose delivery changed since the last build
 * ({@link DeliveryChanges}) on, and replace only those months' rows ({@link GoldTransforms#slices}):
 * the income facts from that month's quarter, the department records' facts from the earliest
 * changed month of a monthly feed (a survey quarter delivered with its last month rebuilds the
 * quarter's income and one month of records);
 * the dimensions built from {@code conf/} alone ({@link GoldTables#FROM_SETTINGS}) are tested
 * and left as they are. The first build, {@code run --full}, a changed setting or a missing gold
 * table rebuild everything.
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
  /**
   * Suffix of the views of the fact rows a rebuilt bridge row may name, which an incremental
   * build's data tests read.
   */
  private static final String WHOLE = "_whole";
  /** Gold tables built, or data-test queries run, at a time. */
  static final int THREADS = 3;

  @Override
  public List<String> inputTables() {
    return List.of(SILVER_HOUSEHOLD_MONTHS, SILVER_HOUSEHOLDS, SILVER_MEMBERS, SILVER_INCOME_SURVEY,
        SILVER_INTERVENTIONS, SILVER_EMPLOYMENT, SILVER_ASSISTANCE, SILVER_PAYMENTS, DeliveryChanges.TABLE);
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
    Scope scope = scope(context);
    progress.info("gold: " + scope.describe());
    Optional<GoldTransforms.Increment> increment = scope.from()
        .map(m -> new GoldTransforms.Increment(m, scope.recordsFrom().orElseThrow(),
            tables.read(GoldTables.DIM_DATE.name()), tables.read(GoldTables.DIM_PERSON.name())));

    Map<String, String> slices = new LinkedHashMap<>();
    increment.ifPresent(i -> GoldTransforms.slices(i.from(), i.recordsFrom())
        .forEach((table, slice) -> slices.put(table, slice.toString())));
    // Tables that do not read each other are computed side by side, and the data tests' queries
    // run several at once: one Spark job alone seldom keeps every core busy.
    ExecutorService pool = Parallel.pool(THREADS, "gold");
    Map<String, Dataset<Row>> gold;
    try {
      Progress.Stage build = progress.stage("gold: build");
      // Each table (and each frame several tables read) is computed once, into Spark's block
      // store; the data tests and the writes read it from there.
      gold = GoldTransforms.build(context.spark(), silver, GoldTransforms.Catalogues.of(context.config()),
          rows -> rows.localCheckpoint(), increment, pool);
      build.done(gold.size() + " tables");

      Progress.Stage test = progress.stage("gold: data tests");
      List<DataTests.Rule> rules;
      Map<String, Dataset<Row>> tested = new LinkedHashMap<>(gold);
      if (increment.isPresent()) {
        rules = GoldDataTests.rules(WHOLE);
        // The records the rebuilt bridge rows may name, as the fact tables will hold them after
        // the write (the rows kept and the rebuilt ones): those of the first rebuilt month's year
        // on, the only ones its evidence sums read. A bridge row naming an older record fails.
        GoldTransforms.evidenceRecordsFrom(increment.get().from().getYear()).forEach((table, records) ->
            tested.put(table + WHOLE, tables.read(table).filter("NOT (" + slices.get(table) + ")")
                .unionByName(gold.get(table)).filter(records)));
      } else {
        rules = GoldDataTests.rules();
      }
      DataTests.run(context.spark(), tested, rules, pool);
      test.done(rules.size() + " rules passed" + (increment.isPresent() ? " (facts: on the rebuilt months)" : ""));
    } finally {
      pool.shutdownNow();
    }

    // Each fact's files hold a narrow range of its period key: a later incremental write then
    // rewrites only the files of the months it replaces, not every file of the table.
    Map<String, String> clusterBy = new LinkedHashMap<>();
    GoldTransforms.slices(YearMonth.of(2000, 1), YearMonth.of(2000, 1)).forEach((table, slice) ->
        clusterBy.put(table, slice.key(UnaryOperator.identity())));
    Map<String, Dataset<Row>> written = new LinkedHashMap<>(gold);
    if (increment.isPresent()) {
      // Same settings as the build before (else there is no increment): these are unchanged.
      GoldTables.FROM_SETTINGS.forEach(t -> written.remove(t.name()));
      progress.info("gold: " + GoldTables.FROM_SETTINGS.stream().map(GoldTables.GoldTable::name)
          .collect(Collectors.joining(", ")) + " kept: built from conf/ alone, unchanged since the last build");
      String calendar = GoldTables.DIM_DATE.name();
      if (JobDescriptions.run(context.spark(), "gold: " + calendar + ": the years of the last build",
          () -> sameYears(gold.get(calendar), tables.read(calendar)))) {
        written.remove(calendar);
        progress.info("gold: " + calendar + " kept: the same calendar years as the last build");
      }
    }
    tables.writeEach(written, slices, clusterBy, progress, "gold: ", rows -> rows + " rows");
  }

  /**
   * Whether two {@code dim_date} tables cover the same calendar years: each holds every day of the
   * years from its smallest to its largest {@code date_sk} ({@link GoldTransforms#dimDate}), so
   * then they hold the same rows. A month delivered within the years already built leaves the
   * calendar as it was, and it is not written again.
   */
  static boolean sameYears(Dataset<Row> built, Dataset<Row> stored) {
    return yearSpan(built).equals(yearSpan(stored));
  }

  private static List<Object> yearSpan(Dataset<Row> calendar) {
    Row span = calendar.agg(functions.min("date_sk"), functions.max("date_sk"), functions.count("*")).first();
    return Arrays.asList(span.get(0), span.get(1), span.get(2));
  }

  /**
   * The facts' first month to rebuild ({@code from}: the income facts' from its quarter on;
   * {@code recordsFrom}: the department records' facts, present with {@code from}), or empty for
   * everything; {@code why} says which.
   */
  record Scope(Optional<YearMonth> from, Optional<YearMonth> recordsFrom, String why) {
    static Scope all(String why) {
      return new Scope(Optional.empty(), Optional.empty(), why);
    }

    String describe() {
      if (from.isEmpty()) {
        return "rebuilding every table (" + why + ")";
      }
      YearMonth records = recordsFrom.orElseThrow();
      return (records.equals(from.get()) ? "rebuilding the dimensions and the facts from " + from.get() + " on"
          : "rebuilding the dimensions, the income facts from " + from.get() + " on and the department records' "
              + "facts from " + records + " on") + " (" + why + ")";
    }
  }

  /**
   * The earliest month of a feed-period whose loaded delivery changed since the last build (the
   * first month of a survey quarter; for payments, also the earliest month any of them was paid
   * in, before or after the change, since evidence counts them by the month paid); and the
   * earliest month of a changed feed-period of a monthly feed, from which the department records'
   * facts are rebuilt (they read no survey row). When only surveys changed, both are the same.
   */
  static Scope scope(RunContext context) {
    Map<String, Long> previous = context.previousBuild();
    Long version = previous.get(DeliveryChanges.TABLE);
    if (previous.isEmpty() || version == null || version < 0) {
      return Scope.all("no earlier build of these settings to start from");
    }
    WarehouseTables tables = context.tables();
    List<String> missing = GoldTables.ALL.stream().map(GoldTables.GoldTable::name).filter(t -> !tables.exists(t)).toList();
    if (!missing.isEmpty()) {
      return Scope.all("missing " + String.join(", ", missing));
    }
    // A table written by an older release (dim_person before first_record_month, say) cannot
    // seed an increment.
    List<String> outdated = GoldTables.ALL.stream()
        .filter(t -> !Arrays.asList(tables.read(t.name()).columns()).equals(t.columnNames()))
        .map(GoldTables.GoldTable::name).toList();
    if (!outdated.isEmpty()) {
      return Scope.all("the stored columns of " + String.join(", ", outdated)
          + " are not the declared ones");
    }
    Optional<Set<DeliveryChanges.FeedPeriod>> changes = DeliveryChanges.since(tables, version,
        tables.read(DeliveryChanges.TABLE));
    if (changes.isEmpty()) {
      return Scope.all("the deliveries version " + version + " of the last build cannot be read");
    }
    Optional<YearMonth> from;
    try {
      from = DeliveryChanges.earliestMonth(tables, changes.get(), SILVER_PAYMENTS, previous.get(SILVER_PAYMENTS));
    } catch (IllegalArgumentException e) {
      return Scope.all(e.getMessage());
    }
    if (from.isEmpty()) {
      return Scope.all("silver changed but no loaded delivery did");
    }
    // A record's fact lies in its own month (a payment's in its due month, its delivery's period);
    // only evidence, in the income scope, counts payments by the month paid.
    Optional<YearMonth> recordsFrom = changes.get().stream()
        .filter(c -> !c.feed().equals(Feed.AGRI_INCOME_SURVEY.feedName()))
        .map(c -> Periods.firstMonth(c.period()).orElseThrow())
        .min(YearMonth::compareTo);
    return new Scope(from, recordsFrom.or(() -> from), changes.get().size() + " feed-period(s) changed");
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
