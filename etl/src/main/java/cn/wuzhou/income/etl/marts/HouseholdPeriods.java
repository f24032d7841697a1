package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import cn.wuzhou.income.config.QuintileMethod;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The household x period frame every mart starts from (metrics.md, "Basic quantities"): the
 * period's snapshot, its survey row, the prior year's values, and the quintile groupings.
 */
public final class HouseholdPeriods {
  /** 脱贫人口 household types. */
  public static final List<String> TUOPIN = List.of("脱贫户", "脱贫不稳定户");
  /** In-scope household types (脱贫户 and 监测户). */
  public static final List<String> IN_SCOPE = List.of("脱贫户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户");
  /** The employment form of a public-welfare post (E08). */
  public static final String WELFARE_POST = "公益性岗位";

  private HouseholdPeriods() {}

  /**
   * One row per in-scope household of each period's snapshot: {@code year, quarter,
   * household_id, county, township, village, household_type, household_size, head_name_masked,
   * helper_level}. Requires {@code periods} as {@link Periods#SCHEMA} and the
   * {@code silver_household_months} frame; a period without a snapshot month has no rows. Only
   * the snapshot months are read (a listed filter, so Delta skips the files of other months).
   */
  public static Dataset<Row> snapshot(Dataset<Row> periods, Dataset<Row> householdMonths) {
    Dataset<Row> h = householdMonths.filter(col("month").isin(Periods.listed(periods, "hh_month"))
        .and(col("household_type").isin(IN_SCOPE.toArray())));
    return periods.join(h, periods.col("hh_month").equalTo(h.col("month")))
        .select(col("year"), col("quarter"), col("household_id"), col("county"), col("township"),
            col("village"), col("household_type"), col("household_size"), col("head_name_masked"),
            col("helper_level"));
  }

  /**
   * Members of each period's snapshot whose household is in the period's households snapshot:
   * {@code year, quarter, household_id, person_id, labor_capacity, willing_to_work, in_school}.
   * Only the snapshot months are read, as in {@link #snapshot}.
   */
  public static Dataset<Row> periodMembers(Dataset<Row> periods, Dataset<Row> members, Dataset<Row> snapshot) {
    Dataset<Row> listed = members.filter(col("month").isin(Periods.listed(periods, "mem_month")));
    Dataset<Row> m = periods.join(listed, periods.col("mem_month").equalTo(listed.col("month")))
        .select(col("year"), col("quarter"), col("household_id"), col("person_id"),
            col("labor_capacity"), col("willing_to_work"), col("in_school"));
    return m.join(snapshot.select("year", "quarter", "household_id"), new String[] {"year", "quarter", "household_id"}, "left_semi");
  }

  /**
   * Adds the period's survey values: {@code has_survey, wage, operating} (revenue - cost, may be
   * negative), {@code property, transfer, net, reported_per_capita} and the unrounded
   * per-capita income {@code pc} (null without a survey row).
   */
  public static Dataset<Row> withSurvey(Dataset<Row> snapshot, Dataset<Row> survey) {
    Dataset<Row> s = survey.select(col("year"), col("quarter"), col("household_id"),
        col("wage_income").as("wage"),
        col("operating_revenue").minus(col("operating_cost")).cast(SilverMoney.TYPE).as("operating"),
        col("property_income").as("property"), col("transfer_income").as("transfer"),
        col("reported_per_capita"), lit(true).as("has_survey"));
    return snapshot.join(s, new String[] {"year", "quarter", "household_id"}, "left")
        .withColumn("has_survey", coalesce(col("has_survey"), lit(false)))
        .withColumn("net", col("wage").plus(col("operating")).plus(col("property")).plus(col("transfer"))
            .cast(SilverMoney.TYPE))
        .withColumn("pc", Exact.div(col("net"), col("household_size"), Exact.RAW));
  }

  /**
   * Adds the prior year's same-quarter values of households that were in that snapshot with a
   * survey row: {@code has_prior, prior_size, prior_net, prior_wage, prior_operating,
   * prior_property, prior_transfer}, and {@code declined} (pc below the prior pc, compared
   * exactly as {@code net * prior_size < prior_net * size}; false without a prior).
   */
  public static Dataset<Row> withPrior(Dataset<Row> withSurvey) {
    Dataset<Row> prior = withSurvey.filter(col("has_survey")).select(col("year").plus(1).as("year"),
        col("quarter"), col("household_id"), col("household_size").as("prior_size"),
        col("net").as("prior_net"), col("wage").as("prior_wage"), col("operating").as("prior_operating"),
        col("property").as("prior_property"), col("transfer").as("prior_transfer"));
    return withSurvey.join(prior, new String[] {"year", "quarter", "household_id"}, "left")
        .withColumn("has_prior", col("has_survey").and(col("prior_net").isNotNull()))
        .withColumn("declined", col("has_prior").and(
            col("net").multiply(col("prior_size")).lt(col("prior_net").multiply(col("household_size")))));
  }

  /**
   * The quintile grouping of each year (metrics.md, 五等份分组): 脱贫人口 households of the (Y,4)
   * snapshot with a Y-Q4 survey row, returned as {@code year, household_id, household_size, net,
   * wage, operating, property, transfer, pc, weight, quintile, method}. {@code weight} is the
   * configured method's weight (1 or household_size); a year listed in {@code cutPoints} is
   * grouped by its official cut points ({@code method = official}).
   */
  public static Dataset<Row> quintiles(Dataset<Row> withSurvey, QuintileMethod method,
      Map<Integer, List<BigDecimal>> cutPoints) {
    Dataset<Row> pop = withSurvey.filter(col("quarter").equalTo(4).and(col("has_survey"))
            .and(col("household_type").isin(TUOPIN.toArray())))
        .select("year", "household_id", "household_size", "net", "wage", "operating", "property", "transfer", "pc")
        .withColumn("weight", method == QuintileMethod.PERSONS ? col("household_size").cast("long") : lit(1L));
    WindowSpec ordered = Window.partitionBy("year").orderBy(col("pc"), col("household_id"))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column computed = expr("least(5, (10 * cum_weight - 5 * weight) div (2 * total_weight) + 1)").cast("int");
    Column quintile = computed;
    Column methodCol = lit(method.code());
    for (Map.Entry<Integer, List<BigDecimal>> e : cutPoints.entrySet()) {
      Column official = lit(1);
      for (BigDecimal cut : e.getValue()) {
        official = official.plus(when(col("pc").geq(lit(cut)), 1).otherwise(0));
      }
      quintile = when(col("year").equalTo(e.getKey()), official).otherwise(quintile);
      methodCol = when(col("year").equalTo(e.getKey()), lit("official")).otherwise(methodCol);
    }
    return pop.withColumn("cum_weight", sum("weight").over(ordered))
        .withColumn("total_weight", sum("weight").over(Window.partitionBy("year")))
        .withColumn("quintile", quintile.cast("int"))
        .withColumn("method", methodCol)
        .drop("cum_weight", "total_weight");
  }

  /** Adds {@code base_quintile}: the household's quintile of the previous year (null if none). */
  public static Dataset<Row> withBaseQuintile(Dataset<Row> frame, Dataset<Row> quintiles) {
    Dataset<Row> base = quintiles.select(col("year").plus(1).as("year"), col("household_id"),
        col("quintile").as("base_quintile"));
    return frame.join(base, new String[] {"year", "household_id"}, "left");
  }

  /**
   * {@code periodRows} (with {@code year}) joined on {@code key} to the rows of {@code monthly}
   * whose YYYY-MM column {@code month} lies in the year {@code year - yearsBack}: the records a
   * period's year-to-date (or quarter) filter can keep, and no others. The year is a join key, so
   * a person's records of other years are never paired with the period (a plain join on
   * {@code key} pairs every period with every month on record, then filters most pairs away).
   * Every caller still applies its month filter, which implies the same year.
   */
  public static Dataset<Row> joinYear(Dataset<Row> periodRows, Dataset<Row> monthly, String key, String month,
      int yearsBack) {
    Dataset<Row> keyed = monthly.withColumn("year", expr("int(substring(" + month + ", 1, 4))").plus(yearsBack));
    return periodRows.join(keyed, new String[] {key, "year"});
  }

  /**
   * The work records each period counts, summed per household: {@code year, quarter,
   * household_id} of the households of {@code periodMembers} (with {@code year, quarter,
   * household_id, person_id}) whose members hold an {@code employment} record in months 1..3q
   * of the period's year, with
   * <ul>
   *   <li>{@code employed_months_current}: distinct (member, month) pairs of those months;
   *   <li>{@code evidenced_wage}: the sum of their {@code monthly_income} (null when every one is
   *       null), DECIMAL(28,2) as a plain {@code sum} gives;
   *   <li>{@code worked}: a record in quarter q;
   *   <li>{@code welfare_members}: distinct members with a 公益性岗位 record in quarter q.
   * </ul>
   * The work months, the payments and work, and the evidence each read one of these (they used
   * to join the members to the employment records three times over). The records are summed per
   * person and month, then per person and year-to-date quarter ({@link #quartersToDate}), and
   * only then joined to the members, one row to one: joining a period's members to every record
   * of their year paired each record with up to four periods before the month filter dropped
   * most pairs.
   */
  public static Dataset<Row> workToDate(Dataset<Row> periodMembers, Dataset<Row> employment) {
    return householdWork(periodMembers, workPerPerson(employment));
  }

  /**
   * {@link #workToDate} from the records already summed per person ({@link #workPerPerson}):
   * the person-quarters of years no period of {@code periodMembers} falls in are not read.
   */
  public static Dataset<Row> householdWork(Dataset<Row> periodMembers, Dataset<Row> personWork) {
    return ofMembers(periodMembers, personWork).groupBy("year", "quarter", "household_id").agg(
        sum("months").as("employed_months_current"),
        sum("income").cast(DataTypes.createDecimalType(28, 2)).as("evidenced_wage"),
        max("in_quarter").as("worked"),
        count(when(col("welfare"), true)).as("welfare_members"));
  }

  /**
   * The {@code employment} records summed per person and year-to-date period: {@code person_id,
   * year, quarter} and, over months 1..3q of the year, {@code months} (distinct months with a
   * record), {@code income} (the sum of {@code monthly_income}), {@code in_quarter} (a record in
   * quarter q) and {@code welfare} (a 公益性岗位 record in quarter q). Both the period's own work
   * figures ({@link #householdWork}) and the next year's prior-year work months
   * ({@link #priorYearMonths}) read it: the records are summed once.
   */
  public static Dataset<Row> workPerPerson(Dataset<Row> employment) {
    Dataset<Row> months = employment.groupBy("person_id", "work_month").agg(
        sum("monthly_income").as("income"), max(col("employment_form").equalTo(WELFARE_POST)).as("welfare"));
    Column inQuarter = col("month_quarter").equalTo(col("quarter"));
    return quartersToDate(months, "work_month").groupBy("person_id", "year", "quarter").agg(
        count(lit(1)).as("months"), sum("income").as("income"), max(inQuarter).as("in_quarter"),
        max(inQuarter.and(col("welfare"))).as("welfare"));
  }

  /**
   * Per household of each period of {@code periodMembers}: {@code year, quarter, household_id}
   * and {@code employed_months_prior}, the distinct (member, month) pairs of work records in
   * months 1..3q of the year before, from {@link #workPerPerson}; households with none have no
   * row. The same count as {@link #monthsToDate} of the records with {@code yearsBack} 1.
   */
  public static Dataset<Row> priorYearMonths(Dataset<Row> periodMembers, Dataset<Row> personWork) {
    Dataset<Row> persons = personWork.select(col("person_id"), col("year").plus(1).as("year"), col("quarter"),
        col("months"));
    return ofMembers(periodMembers, persons).groupBy("year", "quarter", "household_id")
        .agg(sum("months").as("employed_months_prior"));
  }

  /**
   * Per household of each period of {@code periodMembers}: {@code year, quarter, household_id}
   * and, as {@code name}, the distinct (member, month) pairs of {@code rows} (with
   * {@code person_id} and the YYYY-MM column {@code month}) in months 1..3q of the year
   * {@code year - yearsBack}; households with none have no row.
   */
  public static Dataset<Row> monthsToDate(Dataset<Row> periodMembers, Dataset<Row> rows, String month,
      int yearsBack, String name) {
    Dataset<Row> persons = quartersToDate(rows.select("person_id", month).distinct(), month)
        .groupBy("person_id", "year", "quarter").agg(count(lit(1)).as("months"))
        .withColumn("year", col("year").plus(yearsBack));
    return ofMembers(periodMembers, persons).groupBy("year", "quarter", "household_id")
        .agg(sum("months").as(name));
  }

  /**
   * {@code monthly} (with the YYYY-MM column {@code month}) with {@code year}, the month's
   * quarter as {@code month_quarter}, and {@code quarter}: one row for each quarter of the year
   * from the month's own to the fourth, the year-to-date periods (months 1..3q) that count the
   * month. Summed per person, year and quarter, the rows give a person's year-to-date figures of
   * every period at once.
   */
  static Dataset<Row> quartersToDate(Dataset<Row> monthly, String month) {
    return monthly.withColumn("year", expr("int(substring(" + month + ", 1, 4))"))
        .withColumn("month_quarter", expr("cast((int(substring(" + month + ", 6, 2)) + 2) div 3 as int)"))
        .withColumn("quarter", explode(sequence(col("month_quarter"), lit(4))));
  }

  /** The members of {@code periodMembers} paired with their row of {@code persons} (per person_id, year and quarter). */
  private static Dataset<Row> ofMembers(Dataset<Row> periodMembers, Dataset<Row> persons) {
    return periodMembers.select("year", "quarter", "household_id", "person_id")
        .join(persons, new String[] {"person_id", "year", "quarter"});
  }

  /**
   * The payments each period counts: {@code periodMembers} (with {@code year, quarter,
   * person_id}) joined to the payments to the same person due in months 1..3q of the period's
   * year, with {@code due_month} (YYYY-MM) added. The payment rows of E09/E10, the township
   * mart and {@code household_history}.
   */
  public static Dataset<Row> paymentsDueToDate(Dataset<Row> periodMembers, Dataset<Row> payments) {
    return joinYear(periodMembers, payments.withColumn("due_month", date_format(col("due_date"), "yyyy-MM")),
        "person_id", "due_month", 0)
        .filter(inYearToDate("due_month"));
  }

  /** True when the YYYY-MM string column {@code month} is in months 1..3q of the row's {@code year}. */
  public static Column inYearToDate(String month) {
    return inMonthsOfYear(month, "year", "1", "3 * quarter");
  }

  /**
   * True when the YYYY-MM string column {@code month} lies in the year {@code year} (an SQL
   * expression of the row), in the months {@code first}..{@code last} of it. Compared as numbers
   * taken from the month's digits: these filters run on every record paired with a period, and
   * formatting the bounds as text (format_string, java.util.Formatter) cost several times the
   * comparison.
   */
  public static Column inMonthsOfYear(String month, String year, String first, String last) {
    return expr("int(substring(" + month + ", 1, 4)) = " + year + " and int(substring(" + month + ", 6, 2)) between "
        + first + " and " + last);
  }
}
