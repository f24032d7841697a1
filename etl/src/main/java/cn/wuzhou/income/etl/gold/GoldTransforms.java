package cn.wuzhou.income.etl.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import cn.wuzhou.income.config.IncomeCategory;
import cn.wuzhou.income.config.Measure;
import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.config.SubsidyItem;
import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Frames;
import cn.wuzhou.income.etl.common.Frames.Frame;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.models.serving.PeriodSlice;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Pure transforms from the silver tables to the gold star of {@link GoldTables}. No reads, no
 * writes, no config look-ups: the silver frames and the catalogues of {@code conf/} come in as
 * values.
 *
 * <p>Surrogate keys are {@code xxhash64(tag, natural key…)} ({@link #sk}): the same silver rows
 * always give the same keys, whatever their order or the order of {@code conf/} lists.
 */
public final class GoldTransforms {
  /** Departments that send a feed (feeds.md): the facts of those feeds point to them. */
  static final String AGRICULTURE = "农业农村局";
  static final String HRSS = "人社局";
  static final String CIVIL_AFFAIRS = "民政局";

  static final int NET = 1;
  static final int WAGE = 10;
  static final int OPERATING = 20;
  static final int OPERATING_REVENUE = 21;
  static final int OPERATING_COST = 22;
  static final int PROPERTY = 30;
  static final int TRANSFER = 40;

  private GoldTransforms() {}

  /**
   * The silver tables gold reads. {@code householdMonths} has one column {@code month}: the
   * delivered {@code agri_households} snapshot months (to pick a period's snapshot).
   */
  public record Silver(Dataset<Row> householdMonths, Dataset<Row> households, Dataset<Row> members,
      Dataset<Row> survey, Dataset<Row> interventions, Dataset<Row> employment,
      Dataset<Row> assistance, Dataset<Row> payments) {

    /** The department records and survey rows of {@code from} and later (snapshots and registry whole). */
    Silver filterFrom(YearMonth from) {
      String day = from.atDay(1).toString();
      return new Silver(householdMonths, households, members,
          survey.filter(col("year").multiply(10).plus(col("quarter")).geq(quarterKey(from))),
          interventions.filter(col("event_date").geq(lit(day).cast("date"))),
          employment.filter(col("work_month").geq(from.toString())),
          assistance.filter(col("aid_month").geq(from.toString())),
          payments.filter(col("due_date").geq(lit(day).cast("date"))));
    }

    /** The department records a period of {@code year} or later sums as evidence (from 1 January of the year). */
    Silver filterEvidenceFrom(int year) {
      String day = year + "-01-01";
      return new Silver(householdMonths, households, members, survey,
          interventions.filter(col("event_date").geq(lit(day).cast("date"))),
          employment.filter(col("work_month").geq(year + "-01")),
          assistance,
          payments.filter(col("paid_date").geq(lit(day).cast("date"))));
    }
  }

  /**
   * An incremental build, with the dimensions whole: the income facts and the bridge of the
   * quarter of month {@code from} and later; the facts of the department records (interventions,
   * employment, payments, assistance) of month {@code recordsFrom} and later, which is
   * {@code from} or after it (a survey quarter delivered with its last month changes no record of
   * the quarter's earlier months: those facts read the monthly feeds alone). {@code priorDateKeys}
   * are the {@code date_sk} of the calendar built before, so that the calendar still covers every
   * fact; {@code priorPersons} is the {@code dim_person} built before, whose attributes of people
   * with no members row or record from {@code recordsFrom} on still hold ({@link #dimPersonSince}:
   * no survey row names a person).
   */
  public record Increment(YearMonth from, YearMonth recordsFrom, Dataset<Row> priorDateKeys,
      Dataset<Row> priorPersons) {
    public Increment {
      if (recordsFrom.isBefore(from)) {
        throw new IllegalArgumentException("the records' facts from " + recordsFrom + " start before " + from);
      }
    }
  }

  /**
   * The rows of each fact table an {@link Increment} replaces: the income facts' and the bridge's
   * from the quarter of {@code from}, the department records' from month {@code recordsFrom}.
   */
  public static Map<String, PeriodSlice> slices(YearMonth from, YearMonth recordsFrom) {
    int day = recordsFrom.getYear() * 10000 + recordsFrom.getMonthValue() * 100 + 1;
    PeriodSlice quarters = PeriodSlice.of("year", 10, "quarter", quarterKey(from));
    Map<String, PeriodSlice> out = new LinkedHashMap<>();
    out.put(GoldTables.FACT_HOUSEHOLD_INCOME.name(), quarters);
    out.put(GoldTables.BRIDGE_INCOME_EVIDENCE.name(), quarters);
    out.put(GoldTables.FACT_INTERVENTION.name(), PeriodSlice.of("date_sk", day));
    out.put(GoldTables.FACT_EMPLOYMENT.name(), PeriodSlice.of("date_sk", day));
    out.put(GoldTables.FACT_SUBSIDY_PAYMENT.name(), PeriodSlice.of("due_date_sk", day));
    out.put(GoldTables.FACT_ASSISTANCE.name(), PeriodSlice.of("date_sk", day));
    return out;
  }

  /**
   * Per fact table a bridge row can name, the condition (SQL over the fact's columns) its records
   * meet when a period of {@code year} or later sums them as evidence: the rows
   * {@link Silver#filterEvidenceFrom} reads, by the date the evidence counts (a payment's paid date).
   */
  public static Map<String, String> evidenceRecordsFrom(int year) {
    int day = year * 10000 + 101;
    return Map.of(GoldTables.FACT_EMPLOYMENT.name(), "date_sk >= " + day,
        GoldTables.FACT_INTERVENTION.name(), "date_sk >= " + day,
        GoldTables.FACT_SUBSIDY_PAYMENT.name(), "paid_date_sk >= " + day);
  }

  private static int quarterKey(YearMonth m) {
    return m.getYear() * 10 + (m.getMonthValue() - 1) / 3 + 1;
  }

  /** The catalogues of {@code conf/} that become dimensions. */
  public record Catalogues(List<Region> regions, List<Measure> measures, List<SubsidyItem> subsidyItems,
      List<String> departments) {
    public static Catalogues of(WarehouseConfig config) {
      return new Catalogues(config.regions(), config.measures(), config.subsidyItems(), config.departments());
    }
  }

  /**
   * Builds every gold table, conformed to its declared schema, in the order of
   * {@link GoldTables#ALL}.
   */
  public static Map<String, Dataset<Row>> build(SparkSession spark, Silver s, Catalogues c) {
    return build(spark, s, c, UnaryOperator.identity());
  }

  /**
   * As {@link #build(SparkSession, Silver, Catalogues)}, passing every table and every
   * intermediate frame read by more than one table through {@code keep} as soon as it is defined
   * (the gold stage materialises each there, once, so that nothing is computed twice).
   */
  public static Map<String, Dataset<Row>> build(SparkSession spark, Silver s, Catalogues c,
      UnaryOperator<Dataset<Row>> keep) {
    return build(spark, s, c, keep, Optional.empty());
  }

  /**
   * As {@link #build(SparkSession, Silver, Catalogues, UnaryOperator)}; with an
   * {@code increment}, the fact and bridge tables hold only the rows of its {@link #slices}
   * (every row of a slice depends only on silver rows of the slice's months, or, for the bridge,
   * of the same year, and on snapshots up to them).
   */
  public static Map<String, Dataset<Row>> build(SparkSession spark, Silver s, Catalogues c,
      UnaryOperator<Dataset<Row>> keep, Optional<Increment> increment) {
    return build(spark, s, c, keep, increment, Runnable::run);
  }

  /**
   * As {@link #build(SparkSession, Silver, Catalogues, UnaryOperator, Optional)}, defining and
   * keeping each table (and shared frame) on {@code executor} as soon as the ones it reads are
   * kept: with a pool, tables that do not read each other (the person dimension and the five
   * facts, say) are computed side by side. The first failure is thrown once every table has
   * ended.
   */
  public static Map<String, Dataset<Row>> build(SparkSession spark, Silver s, Catalogues c,
      UnaryOperator<Dataset<Row>> keep, Optional<Increment> increment, Executor executor) {
    // The survey rows of the income facts' quarters, the department records of the records' months.
    Silver quarters = increment.map(i -> s.filterFrom(i.from())).orElse(s);
    Silver records = increment.map(i -> s.filterFrom(i.recordsFrom())).orElse(s);
    Silver evidence = increment.map(i -> s.filterEvidenceFrom(i.from().getYear())).orElse(s);
    Steps steps = new Steps(spark, keep, executor);
    Frame dimRegion = steps.table(GoldTables.DIM_REGION, () -> dimRegion(spark, c.regions()));
    Frame dimHousehold = steps.table(GoldTables.DIM_HOUSEHOLD,
        () -> dimHousehold(s.households(), dimRegion.rows()), dimRegion);
    steps.table(GoldTables.DIM_PERSON, () -> increment.isPresent()
        ? dimPersonSince(increment.get().recordsFrom(), increment.get().priorPersons(), s)
        : dimPerson(s.members(), s.households(), s.employment(), s.assistance(), s.payments(), s.interventions()));
    steps.table(GoldTables.DIM_INCOME_SOURCE, () -> dimIncomeSource(spark));
    steps.table(GoldTables.DIM_INTERVENTION_TYPE, () -> dimInterventionType(spark, c.measures()));
    Frame dimDepartment = steps.table(GoldTables.DIM_DEPARTMENT, () -> dimDepartment(spark, c.departments()));
    Dataset<Row> itemComponents = itemComponents(spark, c.subsidyItems());
    Dataset<Row> measureComponents = measureComponents(spark, c.measures());

    // A survey period's snapshot is a month of its own year: an incremental build looks among
    // the snapshot months of its first year on only (Delta skips the files of earlier ones).
    UnaryOperator<Dataset<Row>> snapshotYears = months -> increment
        .map(i -> SilverSchemas.fromYear(months, "month", i.from().getYear())).orElse(months);
    Frame incomeBase = steps.frame("survey rows in their snapshot",
        () -> filterSurveyInSnapshot(quarters.survey(), snapshotYears.apply(s.householdMonths()),
            snapshotYears.apply(s.members()), dimHousehold.rows()),
        dimHousehold);
    Frame bridge = steps.table(GoldTables.BRIDGE_INCOME_EVIDENCE, () -> bridgeIncomeEvidence(incomeBase.rows(),
        s.members(), evidence.employment(), evidence.payments(), evidence.interventions(), itemComponents,
        measureComponents), incomeBase);
    Frame income = steps.table(GoldTables.FACT_HOUSEHOLD_INCOME,
        () -> factHouseholdIncome(incomeBase.rows(), bridge.rows()), incomeBase, bridge);
    Frame intervention = steps.table(GoldTables.FACT_INTERVENTION,
        () -> factIntervention(records.interventions(), dimHousehold.rows()), dimHousehold);
    // Each person's household over the snapshot months, which three facts look up: the members
    // rows are gathered per person once, into spans a few per person, rather than once per fact.
    Frame spans = steps.frame("members' household spans", () -> memberHouseholdSpans(s.members(),
        increment.map(Increment::recordsFrom)));
    Frame employment = steps.table(GoldTables.FACT_EMPLOYMENT,
        () -> factEmployment(records.employment(), spans.rows(), dimHousehold.rows()), dimHousehold, spans);
    Frame payment = steps.table(GoldTables.FACT_SUBSIDY_PAYMENT, () -> factSubsidyPayment(records.payments(),
        spans.rows(), dimHousehold.rows(), dimDepartment.rows(), itemComponents), dimHousehold, dimDepartment, spans);
    Frame assistance = steps.table(GoldTables.FACT_ASSISTANCE,
        () -> factAssistance(records.assistance(), spans.rows(), dimHousehold.rows()), dimHousehold, spans);
    steps.table(GoldTables.DIM_DATE, () -> {
      Dataset<Row> dateKeys = income.rows().select("date_sk")
          .union(intervention.rows().select("date_sk")).union(employment.rows().select("date_sk"))
          .union(payment.rows().select(col("due_date_sk").as("date_sk")))
          .union(payment.rows().select(col("paid_date_sk").as("date_sk")))
          .union(assistance.rows().select("date_sk"));
      if (increment.isPresent()) {
        dateKeys = dateKeys.union(increment.get().priorDateKeys().select("date_sk"));
      }
      return dimDate(dateKeys);
    }, income, intervention, employment, payment, assistance);
    return steps.await();
  }

  /** The gold tables of one {@link #build}, by name, among the {@link Frames} they read. */
  private static final class Steps {
    private final Frames frames;
    private final Map<String, Frame> tables = new LinkedHashMap<>();

    Steps(SparkSession spark, UnaryOperator<Dataset<Row>> keep, Executor executor) {
      this.frames = new Frames(spark, "gold", keep, executor);
    }

    /** A frame more than one table reads. */
    Frame frame(String name, Supplier<Dataset<Row>> rows, Frame... inputs) {
      return frames.frame(name, rows, inputs);
    }

    /** A gold table, conformed to its declared schema. */
    Frame table(GoldTables.GoldTable table, Supplier<Dataset<Row>> rows, Frame... inputs) {
      Frame frame = frames.frame(table.name(), () -> table.conform(rows.get()), inputs);
      tables.put(table.name(), frame);
      return frame;
    }

    /** Every table, in the order of {@link GoldTables#ALL}, once all have ended; else the first failure. */
    Map<String, Dataset<Row>> await() {
      frames.await("building gold");
      Map<String, Dataset<Row>> ordered = new LinkedHashMap<>();
      GoldTables.ALL.forEach(t -> ordered.put(t.name(), tables.get(t.name()).rows()));
      return ordered;
    }
  }

  /** The surrogate key of a natural key: {@code xxhash64(tag, parts…)}. */
  public static Column sk(String tag, Column... parts) {
    Column[] all = new Column[parts.length + 1];
    all[0] = lit(tag);
    System.arraycopy(parts, 0, all, 1, parts.length);
    return xxhash64(all);
  }

  /** One row per township of the region list, keyed by {@code region_sk}. */
  public static Dataset<Row> dimRegion(SparkSession spark, List<Region> regions) {
    StructType schema = new StructType().add("county_code", "string", false).add("county", "string", false)
        .add("township", "string", false);
    List<Row> rows = regions.stream().map(r -> RowFactory.create(r.countyCode(), r.county(), r.township())).toList();
    return spark.createDataFrame(rows, schema).withColumn("region_sk", sk("region", col("county"), col("township")));
  }

  /**
   * Adds to the versions of {@code silver_households} their {@code household_sk}, the head's
   * {@code head_person_sk}, {@code region_sk} (null when the township is not in the region list)
   * and {@code is_tuopin}.
   */
  public static Dataset<Row> dimHousehold(Dataset<Row> households, Dataset<Row> dimRegion) {
    return households.join(dimRegion.select("county", "township", "region_sk"), on("county", "township"), "left")
        .withColumn("household_sk", sk("household", col("household_id"), col("valid_from")))
        .withColumn("head_person_sk", sk("person", col("head_person_id")))
        .withColumn("is_tuopin", col("household_type").isin("脱贫户", "脱贫不稳定户"));
  }

  /**
   * One row per person pseudonym found in any silver table, with the attributes of the person's
   * latest members snapshot (null for people seen only in department records, whose
   * {@code is_registered} is false) and the month of the earliest household-head version or
   * department record naming them ({@code first_record_month}; null for people only members
   * snapshots name).
   */
  public static Dataset<Row> dimPerson(Dataset<Row> members, Dataset<Row> households, Dataset<Row> employment,
      Dataset<Row> assistance, Dataset<Row> payments, Dataset<Row> interventions) {
    return dimPerson(members, households, employment, assistance, payments, interventions, BROADCAST_PERSONS);
  }

  static Dataset<Row> dimPerson(Dataset<Row> members, Dataset<Row> households, Dataset<Row> employment,
      Dataset<Row> assistance, Dataset<Row> payments, Dataset<Row> interventions, long broadcastPersons) {
    return persons(latestOfEveryMonth(members, broadcastPersons), earliest(recordMonths(households, employment,
        assistance, payments, interventions)));
  }

  /**
   * A latest members month naming at most this many people (a city's, about 240,000) is
   * broadcast to pick everyone else's latest row ({@link #latestOfEveryMonth}); a larger one (a
   * region's, millions: 64-character pseudonyms, some 100 bytes each in the broadcast table) is not.
   */
  static final long BROADCAST_PERSONS = 500_000;

  /**
   * {@link #dimPerson} after the rows from {@code from} on may have changed (those before did
   * not), from the {@code prior} build and the rows of {@code from} and later only. The members
   * side:
   * <ul>
   *   <li>someone with a members row from {@code from} on: the latest of those rows;
   *   <li>someone else whose prior latest row is before {@code from}: that row, as before;
   *   <li>someone whose prior latest row is from {@code from} on but who has no such row now (a
   *       resubmission dropped them): the latest row before {@code from}, looked up for them alone.
   * </ul>
   * The records side: a prior {@code first_record_month} before {@code from} still holds (its
   * row is unchanged); everyone else's comes from the rows of {@code from} and later, so someone
   * only a dropped record named is gone. Household versions count from their {@code valid_from},
   * payments from their due month, as {@link Silver#filterFrom} cuts them. Equal to
   * {@link #dimPerson} over the same silver tables, without reading the earlier department rows.
   */
  public static Dataset<Row> dimPersonSince(YearMonth from, Dataset<Row> prior, Silver s) {
    String month = from.toString();
    Dataset<Row> members = s.members();
    Dataset<Row> fromMonth = members.filter(col("month").geq(month));
    // A snapshot names a person once (the ID number is unique within it; ingest quarantines a
    // repeat as DUPLICATE_KEY), so when one members month lies from `from` on (a month's
    // delivery), its rows are the latest as they are: no sort of them by person.
    Dataset<Row> recent = fromMonth.select("month").distinct().limit(2).count() == 1
        ? rowsOfOneMonth(fromMonth) : latestMembersRow(fromMonth);
    Dataset<Row> recentIds = recent.select(col("person_id").as("r_person_id"));
    Column sameId = col("person_id").equalTo(col("r_person_id"));
    Dataset<Row> priorRows = prior.filter(col("is_registered"))
        .select(Arrays.stream(recent.columns()).map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> kept = priorRows.filter(col("last_member_month").lt(month)).join(recentIds, sameId, "left_anti");
    Dataset<Row> dropped = priorRows.filter(col("last_member_month").geq(month)).join(recentIds, sameId, "left_anti")
        .select(col("person_id").as("d_person_id"));
    Dataset<Row> registered = recent.unionByName(kept);
    if (!dropped.isEmpty()) {
      registered = registered.unionByName(latestMembersRow(members.filter(col("month").lt(month))
          .join(dropped, col("person_id").equalTo(col("d_person_id")), "left_semi")));
    }
    Silver since = s.filterFrom(from);
    Dataset<Row> records = earliest(prior.filter(col("first_record_month").lt(month))
        .select("person_id", "first_record_month")
        .unionByName(recordMonths(s.households().filter(col("valid_from").geq(month)), since.employment(),
            since.assistance(), since.payments(), since.interventions())));
    return persons(registered, records);
  }

  /** The members attributes dim_person takes from a person's latest members row. */
  private static final String[] MEMBER_ATTRIBUTES = {"gender", "birth_date", "household_id", "relation",
      "labor_capacity", "willing_to_work", "in_school"};

  /** Per person of {@code members}: the attributes of the latest month's row, and that month ({@code last_member_month}). */
  private static Dataset<Row> latestMembersRow(Dataset<Row> members) {
    Column attributes = struct(Arrays.stream(MEMBER_ATTRIBUTES).map(functions::col).toArray(Column[]::new));
    return members.groupBy("person_id")
        .agg(max_by(attributes, col("month")).as("a"), max("month").as("last_member_month"))
        .select(col("person_id"), col("a.*"), col("last_member_month"));
  }

  /**
   * {@link #latestMembersRow} of every members month. Everyone in the latest month has their
   * latest row there, once (a snapshot names a person once): those rows are taken as they are,
   * and only the rows of the people that month lacks are picked per person. Picking from every
   * row sorted all of them (the latest row is a struct of texts, which Spark aggregates by
   * sorting, not in a hash table). With more than {@code broadcastPersons} in the latest month,
   * every row is picked from as before.
   */
  private static Dataset<Row> latestOfEveryMonth(Dataset<Row> members, long broadcastPersons) {
    Row last = members.agg(max("month")).first();
    if (last.isNullAt(0)) {
      return latestMembersRow(members);
    }
    Dataset<Row> lastMonth = members.filter(col("month").equalTo(last.getString(0)));
    Dataset<Row> named = lastMonth.select(col("person_id").as("l_person_id"));
    if (named.count() > broadcastPersons) {
      return latestMembersRow(members);
    }
    Dataset<Row> others = members.filter(col("month").lt(last.getString(0)))
        .join(broadcast(named), col("person_id").equalTo(col("l_person_id")), "left_anti");
    return rowsOfOneMonth(lastMonth).unionByName(latestMembersRow(others));
  }

  /** {@link #latestMembersRow} of the members rows of one month, one per person: the rows as they are. */
  private static Dataset<Row> rowsOfOneMonth(Dataset<Row> members) {
    List<Column> columns = new ArrayList<>();
    columns.add(col("person_id"));
    Arrays.stream(MEMBER_ATTRIBUTES).forEach(a -> columns.add(col(a)));
    columns.add(col("month").as("last_member_month"));
    return members.select(columns.toArray(Column[]::new));
  }

  /**
   * {@code person_id, first_record_month} for each household-head version ({@code valid_from}) and
   * each department record (its work, aid, due or event month); {@link #earliest} keeps each
   * person's first.
   */
  private static Dataset<Row> recordMonths(Dataset<Row> households, Dataset<Row> employment,
      Dataset<Row> assistance, Dataset<Row> payments, Dataset<Row> interventions) {
    return households.select(col("head_person_id").as("person_id"), col("valid_from").as("first_record_month"))
        .union(employment.select(col("person_id"), col("work_month")))
        .union(assistance.select(col("person_id"), col("aid_month")))
        .union(payments.select(col("person_id"), date_format(col("due_date"), "yyyy-MM")))
        .union(interventions.filter(col("person_id").isNotNull())
            .select(col("person_id"), date_format(col("event_date"), "yyyy-MM")));
  }

  /**
   * Per person of {@code rows} ({@code person_id, first_record_month}, a YYYY-MM month): the
   * earliest month. Compared as the number yyyymm, whose minimum Spark aggregates in a hash table;
   * the minimum of a string column is aggregated by sorting every row.
   */
  private static Dataset<Row> earliest(Dataset<Row> rows) {
    return rows.groupBy("person_id").agg(min(yyyymm(col("first_record_month"))).as("yyyymm"))
        .select(col("person_id"), when(col("yyyymm").isNotNull(),
            expr("concat(yyyymm div 100, '-', lpad(yyyymm % 100, 2, '0'))")).as("first_record_month"));
  }

  /** Everyone of {@code registered} (their latest members rows) or of {@code records}, keyed. */
  private static Dataset<Row> persons(Dataset<Row> registered, Dataset<Row> records) {
    // By column name: in an increment both sides come from the prior dim_person.
    Dataset<Row> named = records.select(col("person_id").as("f_person_id"), col("first_record_month"));
    return registered.join(named, col("person_id").equalTo(col("f_person_id")), "full_outer")
        .withColumn("person_id", coalesce(col("person_id"), col("f_person_id")))
        .drop("f_person_id")
        .withColumn("is_registered", col("last_member_month").isNotNull())
        .withColumn("person_sk", sk("person", col("person_id")));
  }

  /**
   * Every day of the calendar years from the smallest to the largest {@code date_sk} given (no
   * rows when there is none). Lazy: no job runs until the calendar is read.
   */
  public static Dataset<Row> dimDate(Dataset<Row> dateKeys) {
    return dateKeys.agg(min("date_sk").as("lo"), max("date_sk").as("hi"))
        .filter(col("lo").isNotNull())
        .select(expr("explode(sequence(make_date(lo div 10000, 1, 1), make_date(hi div 10000, 12, 31), "
            + "interval 1 day))").as("date"))
        .withColumn("date_sk", date_format(col("date"), "yyyyMMdd").cast("int"))
        .withColumn("year", year(col("date")))
        .withColumn("quarter", expr("quarter(date)"))
        .withColumn("month", month(col("date")))
        .withColumn("day", expr("dayofmonth(date)"))
        .withColumn("month_key", date_format(col("date"), "yyyy-MM"))
        .withColumn("quarter_key", format_string("%d-Q%d", col("year"), col("quarter")))
        .withColumn("is_month_start", col("day").equalTo(1))
        .withColumn("is_quarter_end", expr("date = last_day(date) and month % 3 = 0"));
  }

  /** Net income, the four components and operating's two items, with fixed keys. */
  public static Dataset<Row> dimIncomeSource(SparkSession spark) {
    List<Row> rows = List.of(
        RowFactory.create(NET, "net", "纯收入", "total", null, 1),
        RowFactory.create(WAGE, "wage", "工资性收入", "component", "wage", 1),
        RowFactory.create(OPERATING, "operating", "生产经营净收入", "component", "operating", 1),
        RowFactory.create(OPERATING_REVENUE, "operating_revenue", "生产经营性收入", "item", "operating", 1),
        RowFactory.create(OPERATING_COST, "operating_cost", "生产经营性支出", "item", "operating", -1),
        RowFactory.create(PROPERTY, "property", "财产性收入", "component", "property", 1),
        RowFactory.create(TRANSFER, "transfer", "转移性收入", "component", "transfer", 1));
    return spark.createDataFrame(rows, GoldTables.DIM_INCOME_SOURCE.schema());
  }

  /** The measure catalogue with its category, component code and action-plan items. */
  public static Dataset<Row> dimInterventionType(SparkSession spark, List<Measure> measures) {
    StructType schema = new StructType().add("measure", "string", false).add("category", "string", false)
        .add("component", "string", true).add("plan_items", "string", false);
    List<Row> rows = measures.stream().map(m -> RowFactory.create(m.name(), m.category().chinese(),
        componentCode(m.category()), m.planItems().stream().map(String::valueOf).collect(Collectors.joining(","))))
        .toList();
    return spark.createDataFrame(rows, schema).withColumn("intervention_type_sk", sk("measure", col("measure")));
  }

  /** The departments of {@code conf/}. */
  public static Dataset<Row> dimDepartment(SparkSession spark, List<String> departments) {
    StructType schema = new StructType().add("department", "string", false);
    return spark.createDataFrame(departments.stream().map(d -> RowFactory.create(d)).toList(), schema)
        .withColumn("department_sk", sk("department", col("department")));
  }

  /**
   * Keeps the survey rows whose household is in the period's households snapshot (metrics.md:
   * other rows take part in nothing) and adds {@code household_sk}, {@code household_size} of
   * that snapshot, {@code period_end_month} and the members snapshot month {@code member_month}.
   */
  public static Dataset<Row> filterSurveyInSnapshot(Dataset<Row> survey, Dataset<Row> householdMonths,
      Dataset<Row> members, Dataset<Row> dimHousehold) {
    Dataset<Row> periods = survey.select("year", "quarter").distinct()
        .withColumn("period_end_month", format_string("%04d-%02d", col("year"), col("quarter").multiply(3)));
    Dataset<Row> snapshots = periods
        .join(latestMonthOfYearUpTo(periods, householdMonths, "household_month"), on("year", "quarter"), "left")
        .join(latestMonthOfYearUpTo(periods, members.select("month"), "member_month"), on("year", "quarter"), "left");
    Dataset<Row> rows = survey.join(snapshots, on("year", "quarter"));
    Dataset<Row> versions = dimHousehold.select(col("household_id").as("v_household_id"), col("household_sk"),
        col("valid_from").as("v_from"), col("valid_to").as("v_to"), col("household_size"));
    return rows.join(versions, col("household_id").equalTo(col("v_household_id"))
            .and(validAt(col("household_month"))))
        .drop("v_household_id", "v_from", "v_to");
  }

  /**
   * One row per department record summed into a fact_household_income row's evidenced amount
   * (metrics.md, mart_income_evidence): wage = employment income of the period's members in months
   * 1..3q; transfer = paid (已发放) payments of 转移性 items to the members, paid in months 1..3q;
   * operating / property = the household's interventions of that category in months 1..3q.
   */
  public static Dataset<Row> bridgeIncomeEvidence(Dataset<Row> incomeBase, Dataset<Row> members,
      Dataset<Row> employment, Dataset<Row> payments, Dataset<Row> interventions,
      Dataset<Row> itemComponents, Dataset<Row> measureComponents) {
    Dataset<Row> facts = incomeBase.select("household_sk", "household_id", "year", "quarter",
        "period_end_month", "member_month");
    // Only the members snapshots some period reads (a quarter-end month, or the fall-back before it).
    Object[] memberMonths = facts.select("member_month").distinct().collectAsList().stream()
        .map(r -> r.get(0)).filter(Objects::nonNull).toArray();
    Dataset<Row> periodMembers = facts.join(
            members.filter(col("month").isin(memberMonths)).select(col("household_id").as("m_household_id"), col("month").as("m_month"), col("person_id")),
            col("household_id").equalTo(col("m_household_id")).and(col("member_month").equalTo(col("m_month"))))
        .select("household_sk", "household_id", "year", "quarter", "period_end_month", "person_id");

    Dataset<Row> wage = periodMembers.join(
            employment.select(col("record_id"), col("person_id").as("e_person_id"), col("work_month"),
                col("monthly_income"), col("delivery_id")),
            // The year as a join key: a person's records of other years are never paired (and
            // a work month of the year is from its January on).
            col("person_id").equalTo(col("e_person_id"))
                .and(expr("int(substring(work_month, 1, 4))").equalTo(col("year")))
                .and(col("work_month").leq(col("period_end_month"))))
        .select(col("household_sk"), col("household_id"), col("year"), col("quarter"), lit(WAGE).as("source_sk"),
            lit("fact_employment").as("record_table"), col("record_id"), sk("person", col("person_id")).as("person_sk"),
            col("monthly_income").as("amount"), col("delivery_id"));

    Dataset<Row> paidTransfers = payments.join(itemComponents, on("subsidy_item"))
        .filter(col("component").equalTo("transfer").and(col("status").equalTo("已发放"))
            .and(col("paid_date").isNotNull()).and(col("amount_paid").isNotNull()))
        .select(col("payment_id"), col("person_id").as("p_person_id"), col("amount_paid"), col("paid_date"),
            col("delivery_id"));
    Dataset<Row> transfer = periodMembers.join(paidTransfers,
            col("person_id").equalTo(col("p_person_id"))
                .and(year(col("paid_date")).equalTo(col("year")))
                .and(month(col("paid_date")).leq(col("quarter").multiply(3))))
        .select(col("household_sk"), col("household_id"), col("year"), col("quarter"), lit(TRANSFER).as("source_sk"),
            lit("fact_subsidy_payment").as("record_table"), col("payment_id").as("record_id"),
            sk("person", col("person_id")).as("person_sk"), col("amount_paid").as("amount"), col("delivery_id"));

    Dataset<Row> categorised = interventions.join(measureComponents, on("measure"))
        .filter(col("component").isin("operating", "property"))
        .select(col("record_id"), col("household_id").as("i_household_id"), col("person_id"), col("event_date"),
            col("amount"), col("component"), col("delivery_id"));
    Dataset<Row> measures = facts.join(categorised,
            col("household_id").equalTo(col("i_household_id"))
                .and(year(col("event_date")).equalTo(col("year")))
                .and(month(col("event_date")).leq(col("quarter").multiply(3))))
        .select(col("household_sk"), col("household_id"), col("year"), col("quarter"),
            when(col("component").equalTo("operating"), lit(OPERATING)).otherwise(lit(PROPERTY)).as("source_sk"),
            lit("fact_intervention").as("record_table"), col("record_id"), personSk(col("person_id")).as("person_sk"),
            col("amount"), col("delivery_id"));

    return wage.unionByName(transfer).unionByName(measures);
  }

  /**
   * Explodes each survey row of {@link #filterSurveyInSnapshot} into its seven sources (net, the
   * four components, operating revenue and cost) with {@code declared_amount}, and adds
   * {@code evidenced_amount} (sum of the bridge rows; 0 without any; null for net and items) and
   * the period-end {@code date_sk}.
   */
  public static Dataset<Row> factHouseholdIncome(Dataset<Row> incomeBase, Dataset<Row> bridge) {
    String m = "cast(%s as decimal(18,2))";
    String stack = "stack(7, "
        + NET + ", " + String.format(m, "wage_income + (operating_revenue - operating_cost) + property_income + transfer_income") + ", "
        + WAGE + ", " + String.format(m, "wage_income") + ", "
        + OPERATING + ", " + String.format(m, "operating_revenue - operating_cost") + ", "
        + OPERATING_REVENUE + ", " + String.format(m, "operating_revenue") + ", "
        + OPERATING_COST + ", " + String.format(m, "operating_cost") + ", "
        + PROPERTY + ", " + String.format(m, "property_income") + ", "
        + TRANSFER + ", " + String.format(m, "transfer_income") + ") as (source_sk, declared_amount)";
    Dataset<Row> declared = incomeBase.selectExpr("household_sk", "household_id", "year", "quarter",
        "household_size", "delivery_id", stack);
    Dataset<Row> evidenced = bridge.groupBy("household_sk", "year", "quarter", "source_sk")
        .agg(sum("amount").as("evidence_sum"));
    return declared.join(evidenced, on("household_sk", "year", "quarter", "source_sk"), "left")
        .withColumn("evidenced_amount", when(col("source_sk").isin(WAGE, OPERATING, PROPERTY, TRANSFER),
            coalesce(col("evidence_sum"), lit(0))))
        .withColumn("date_sk", expr("cast(date_format(last_day(make_date(year, quarter * 3, 1)), 'yyyyMMdd') as int)"));
  }

  /** Adds to the intervention events their household version, person, measure, department and date keys. */
  public static Dataset<Row> factIntervention(Dataset<Row> interventions, Dataset<Row> dimHousehold) {
    Dataset<Row> events = interventions.withColumn("event_month", date_format(col("event_date"), "yyyy-MM"));
    return withHouseholdVersion(events, "event_month", dimHousehold)
        .withColumn("person_sk", personSk(col("person_id")))
        .withColumn("intervention_type_sk", sk("measure", col("measure")))
        .withColumn("department_sk", sk("department", lit(AGRICULTURE)))
        .withColumn("date_sk", date_format(col("event_date"), "yyyyMMdd").cast("int"));
  }

  /** Adds to the employment person-months the person, the person's household of that month, the department and the date. */
  public static Dataset<Row> factEmployment(Dataset<Row> employment, Dataset<Row> memberSpans,
      Dataset<Row> dimHousehold) {
    return withHouseholdVersion(withMemberHousehold(employment, "work_month", memberSpans), "work_month",
        dimHousehold)
        .withColumn("person_sk", sk("person", col("person_id")))
        .withColumn("department_sk", sk("department", lit(HRSS)))
        .withColumn("date_sk", monthStartSk(col("work_month")));
  }

  /** Adds to the assistance months the person, the person's household of that month, the department and the date. */
  public static Dataset<Row> factAssistance(Dataset<Row> assistance, Dataset<Row> memberSpans,
      Dataset<Row> dimHousehold) {
    return withHouseholdVersion(withMemberHousehold(assistance, "aid_month", memberSpans), "aid_month",
        dimHousehold)
        .withColumn("person_sk", sk("person", col("person_id")))
        .withColumn("department_sk", sk("department", lit(CIVIL_AFFAIRS)))
        .withColumn("date_sk", monthStartSk(col("aid_month")));
  }

  /**
   * Adds to the payments the recipient, the recipient's household of the due month, the paying
   * department (null when not in {@code conf/}), the item's component, due and paid date keys,
   * {@code is_paid} and {@code is_on_time_full} (metrics.md: 已发放, paid on or before the due
   * date, in full).
   */
  public static Dataset<Row> factSubsidyPayment(Dataset<Row> payments, Dataset<Row> memberSpans,
      Dataset<Row> dimHousehold, Dataset<Row> dimDepartment, Dataset<Row> itemComponents) {
    Dataset<Row> withMonth = payments.withColumn("due_month", date_format(col("due_date"), "yyyy-MM"));
    Column paid = col("paid_date").isNotNull().and(col("amount_paid").isNotNull());
    return withHouseholdVersion(withMemberHousehold(withMonth, "due_month", memberSpans), "due_month",
        dimHousehold)
        .join(dimDepartment, on("department"), "left")
        .join(itemComponents, on("subsidy_item"), "left")
        .withColumn("person_sk", sk("person", col("person_id")))
        .withColumn("due_date_sk", date_format(col("due_date"), "yyyyMMdd").cast("int"))
        .withColumn("paid_date_sk", date_format(col("paid_date"), "yyyyMMdd").cast("int"))
        .withColumn("is_paid", paid)
        .withColumn("is_on_time_full", coalesce(col("status").equalTo("已发放").and(paid)
            .and(col("paid_date").leq(col("due_date"))).and(col("amount_paid").geq(col("amount_due"))), lit(false)));
  }

  /**
   * The members snapshot months, in order, that records of month {@code from} and
   * later fall back to ({@link #memberHouseholdSpans}): those from January of the year before
   * {@code from} on when one of them is {@code from} or earlier, since the latest snapshot up to
   * any later month is then among them too (Delta skips the files of earlier months); else every
   * snapshot month.
   */
  static List<String> snapshotMonthsFor(Dataset<Row> members, YearMonth from) {
    List<String> recent = monthsOf(SilverSchemas.fromYear(members, "month", from.getYear() - 1));
    return recent.stream().anyMatch(m -> m.compareTo(from.toString()) <= 0) ? recent : monthsOf(members);
  }

  /** The distinct months of {@code members}, in order. */
  private static List<String> monthsOf(Dataset<Row> members) {
    return members.select("month").distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  /**
   * Each person's household over the members snapshot months, as spans: {@code person_id,
   * household_id, from_month, to_month} (YYYY-MM; {@code to_month} null: no end). A record of
   * month {@code k} lies in its person's household of the latest snapshot up to {@code k}, in any
   * year, when a span of the person has {@code from_month <= k < to_month}; in none (null) when
   * that snapshot does not name the person or no snapshot precedes {@code k}.
   *
   * <p>A span is a run of consecutive snapshot months naming the person in one household; it
   * ends at the next snapshot month after its last. A snapshot names a person once (the ID number
   * is unique within it: ingest quarantines a repeat as {@code DUPLICATE_KEY}), so at most one
   * span holds a month. Mostly one span per person: the members rows (a snapshot a month) are
   * gathered per person and household once, in a hash table (the months as bits, no sort), and
   * the records look up a few hundred thousand spans (broadcast, {@link #withMemberHousehold})
   * rather than every members row, once per fact.
   *
   * <p>With {@code recordsFrom} (an incremental build's records are of that month and later),
   * only the snapshots from the latest up to {@code recordsFrom} on are read
   * ({@link #snapshotMonthsFor}; all of them when none precedes it).
   */
  public static Dataset<Row> memberHouseholdSpans(Dataset<Row> members, Optional<YearMonth> recordsFrom) {
    List<String> months = new ArrayList<>(recordsFrom.map(from -> snapshotMonthsFor(members, from))
        .orElseGet(() -> monthsOf(members)));
    Optional<String> first = recordsFrom.flatMap(from -> months.stream()
        .filter(m -> m.compareTo(from.toString()) <= 0).max(String::compareTo));
    first.ifPresent(f -> months.removeIf(m -> m.compareTo(f) < 0));
    Dataset<Row> rows = members.select("person_id", "household_id", "month");
    if (first.isPresent()) {
      rows = rows.filter(col("month").geq(first.get()));
    }
    // Each row's snapshot month as its index in `months` (a map of a few hundred entries), and
    // per person, household and block of MASK_BITS months, the set of those months as bits: a
    // hash aggregate of a number, no sort of the rows. The runs of set bits are the spans.
    List<Column> indexOf = new ArrayList<>();
    for (int i = 0; i < months.size(); i++) {
      indexOf.add(lit(months.get(i)));
      indexOf.add(lit(i));
    }
    Column index = indexOf.isEmpty() ? lit(null).cast("int")
        : functions.map(indexOf.toArray(Column[]::new)).apply(col("month"));
    Dataset<Row> masks = rows.withColumn("i", index)
        .groupBy(col("person_id"), col("household_id"), expr("i div " + MASK_BITS).cast("int").as("block"))
        .agg(expr("bit_or(shiftleft(1L, i % " + MASK_BITS + "))").as("mask"));
    String[] ordered = months.toArray(String[]::new);
    return masks.flatMap(spansOf(ordered), Encoders.row(new StructType()
        .add("person_id", DataTypes.StringType).add("household_id", DataTypes.StringType)
        .add("from_month", DataTypes.StringType).add("to_month", DataTypes.StringType)));
  }

  /** Snapshot months per bit set of {@link #memberHouseholdSpans}: the bits of a long, less the sign. */
  private static final int MASK_BITS = 62;

  /**
   * The spans of a (person, household, block, mask) row: one per run of consecutive set bits,
   * from its first month to the month after its last ({@code months}, ordered; null after the
   * last). A run cut at a block's end goes on in the next block's first span, which starts where
   * it ends: two spans of one household, as good as one.
   */
  private static FlatMapFunction<Row, Row> spansOf(String[] months) {
    return r -> {
      List<Row> out = new ArrayList<>();
      int base = r.getInt(2) * MASK_BITS;
      long mask = r.getLong(3);
      int bit = 0;
      while (bit < MASK_BITS) {
        if ((mask >>> bit & 1L) == 0) {
          bit++;
          continue;
        }
        int first = bit;
        while (bit < MASK_BITS && (mask >>> bit & 1L) != 0) {
          bit++;
        }
        int after = base + bit;
        out.add(RowFactory.create(r.get(0), r.get(1), months[base + first], after < months.length ? months[after] : null));
      }
      return out.iterator();
    };
  }

  /**
   * Spans of at most this many rows (a city's, about 300,000: its people, and a new one wherever
   * someone moves or misses a month) are broadcast to the records that look them up; more (a
   * region's, millions) are joined by person.
   */
  static final long BROADCAST_SPANS = 500_000;

  /**
   * Adds {@code household_id}: the household holding {@code person_id} in the latest members
   * snapshot up to the row's month ({@code monthCol}, YYYY-MM), in any year; null when none.
   * {@code memberSpans} are the {@link #memberHouseholdSpans} of the members, from the latest
   * snapshot up to the rows' earliest month on at least.
   */
  public static Dataset<Row> withMemberHousehold(Dataset<Row> rows, String monthCol, Dataset<Row> memberSpans) {
    return withMemberHousehold(rows, monthCol, memberSpans, BROADCAST_SPANS);
  }

  static Dataset<Row> withMemberHousehold(Dataset<Row> rows, String monthCol, Dataset<Row> memberSpans,
      long broadcastSpans) {
    Dataset<Row> spans = memberSpans.select(col("person_id").as("m_person_id"),
        col("household_id").as("member_household_id"), col("from_month").as("m_from"), col("to_month").as("m_to"));
    Column month = col(monthCol);
    return rows.join(spans.count() <= broadcastSpans ? broadcast(spans) : spans,
            col("person_id").equalTo(col("m_person_id")).and(month.geq(col("m_from")))
                .and(col("m_to").isNull().or(month.lt(col("m_to")))), "left")
        .drop("m_person_id", "m_from", "m_to")
        .withColumnRenamed("member_household_id", "household_id");
  }

  /**
   * Adds {@code household_sk}: the version of the row's {@code household_id} valid in the month
   * {@code monthCol} ({@code valid_from <= month < valid_to}); null when none.
   */
  public static Dataset<Row> withHouseholdVersion(Dataset<Row> rows, String monthCol, Dataset<Row> dimHousehold) {
    Dataset<Row> versions = dimHousehold.select(col("household_id").as("v_household_id"), col("household_sk"),
        col("valid_from").as("v_from"), col("valid_to").as("v_to"));
    return rows.join(versions, col("household_id").equalTo(col("v_household_id")).and(validAt(col(monthCol))), "left")
        .drop("v_household_id", "v_from", "v_to");
  }

  /** (subsidy_item, component) of the subsidy items of {@code conf/}. */
  static Dataset<Row> itemComponents(SparkSession spark, List<SubsidyItem> items) {
    StructType schema = new StructType().add("subsidy_item", "string", false).add("component", "string", true);
    return spark.createDataFrame(items.stream()
        .map(i -> RowFactory.create(i.name(), componentCode(i.category()))).toList(), schema);
  }

  /** (measure, component) of the measure catalogue; component null for a loan. */
  static Dataset<Row> measureComponents(SparkSession spark, List<Measure> measures) {
    StructType schema = new StructType().add("measure", "string", false).add("component", "string", true);
    return spark.createDataFrame(measures.stream()
        .map(m -> RowFactory.create(m.name(), componentCode(m.category()))).toList(), schema);
  }

  private static String componentCode(IncomeCategory category) {
    return category == IncomeCategory.NONE ? null : category.code();
  }

  /** The latest month of {@code months} in the period's year and not after its end month, per period. */
  private static Dataset<Row> latestMonthOfYearUpTo(Dataset<Row> periods, Dataset<Row> months, String as) {
    Dataset<Row> m = months.select(col("month").as("cand_month")).distinct();
    return periods.join(m, col("cand_month").leq(col("period_end_month"))
            .and(substring(col("cand_month"), 1, 4).equalTo(col("year").cast(DataTypes.StringType))))
        .groupBy("year", "quarter").agg(max("cand_month").as(as));
  }

  private static Column validAt(Column month) {
    return col("v_from").leq(month).and(col("v_to").isNull().or(month.lt(col("v_to"))));
  }

  private static Column personSk(Column personId) {
    return when(personId.isNotNull(), sk("person", personId));
  }

  private static Column monthStartSk(Column monthKey) {
    return yyyymm(monthKey).multiply(100).plus(1);
  }

  /** A YYYY-MM month as the number yyyymm. */
  private static Column yyyymm(Column month) {
    return regexp_replace(month, "-", "").cast("int");
  }

  private static Seq<String> on(String... columns) {
    List<String> list = new ArrayList<>(List.of(columns));
    return JavaConverters.asScalaBufferConverter(list).asScala().toSeq();
  }
}
