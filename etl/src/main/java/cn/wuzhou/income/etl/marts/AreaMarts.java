package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Household facts per period and their sums by area: {@code mart_township_comparison} and the
 * household-based parts of {@code mart_evaluation_metrics}.
 */
public final class AreaMarts {
  public static final String TOWNSHIP = "mart_township_comparison";
  private static final String[] PERIOD_HOUSEHOLD = {"year", "quarter", "household_id"};
  private static final List<String> LABOR = List.of("技能劳动力", "普通劳动力", "弱劳动力或半劳动力");

  private AreaMarts() {}

  /**
   * Adds per household: {@code is_labor} (low-income with a survey row and a member able and
   * willing to work, not in school), {@code is_employed} (labor and a member with a work record
   * in quarter q), {@code welfare_persons} (members of a low-income household with a survey row
   * holding a 公益性岗位 record in quarter q), {@code payments_due}, {@code payments_on_time_full}
   * and {@code payments_overdue} (payments to members with due date in months 1..3q of Y; overdue
   * = not paid and due before {@code asOf}). Requires {@link HouseholdMarts#withFlags}, and
   * {@code work} as {@link HouseholdPeriods#workToDate} of the same members.
   */
  public static Dataset<Row> withFacts(Dataset<Row> frame, Dataset<Row> periodMembers,
      Dataset<Row> work, Dataset<Row> payments, LocalDate asOf) {
    Dataset<Row> able = periodMembers.filter(col("labor_capacity").isin(LABOR.toArray())
            .and(col("willing_to_work")).and(col("in_school").equalTo(false)))
        .select("year", "quarter", "household_id").distinct().withColumn("able", lit(true));
    Dataset<Row> worked = work.select("year", "quarter", "household_id", "worked", "welfare_members");
    Dataset<Row> pay = HouseholdPeriods.paymentsDueToDate(periodMembers, payments)
        .groupBy("year", "quarter", "household_id").agg(
            count(lit(1)).as("payments_due"),
            sum(when(onTimeFull(), 1).otherwise(0)).as("payments_on_time_full"),
            sum(when(overdue(asOf), 1).otherwise(0)).as("payments_overdue"));
    Column lowIncome = col("has_survey").and(coalesce(col("base_quintile").equalTo(1), lit(false)));
    return frame.join(able, PERIOD_HOUSEHOLD, "left").join(worked, PERIOD_HOUSEHOLD, "left")
        .join(pay, PERIOD_HOUSEHOLD, "left")
        .withColumn("is_low_income", lowIncome)
        .withColumn("is_labor", lowIncome.and(coalesce(col("able"), lit(false))))
        .withColumn("is_employed", col("is_labor").and(coalesce(col("worked"), lit(false))))
        .withColumn("welfare_persons", when(lowIncome, coalesce(col("welfare_members"), lit(0L))).otherwise(0L))
        .withColumn("payments_due", coalesce(col("payments_due"), lit(0L)))
        .withColumn("payments_on_time_full", coalesce(col("payments_on_time_full"), lit(0L)))
        .withColumn("payments_overdue", coalesce(col("payments_overdue"), lit(0L)))
        .drop("able", "worked", "welfare_members");
  }

  /** Status 已发放, paid on or before the due date, at least the amount due. */
  public static Column onTimeFull() {
    return col("status").equalTo("已发放").and(col("paid_date").isNotNull()).and(col("amount_paid").isNotNull())
        .and(col("paid_date").leq(col("due_date"))).and(col("amount_paid").geq(col("amount_due")));
  }

  /** Not paid (no paid date or amount) and due before the as-of date. */
  public static Column overdue(LocalDate asOf) {
    return col("paid_date").isNull().or(col("amount_paid").isNull())
        .and(col("due_date").lt(lit(java.sql.Date.valueOf(asOf))));
  }

  /** Sums of {@link #withFacts} households by {@code keys}: the township and evaluation populations. */
  public static Dataset<Row> areaSums(Dataset<Row> facts, String... keys) {
    Column s = col("has_survey");
    Column required = s.and(col("escalation_required"));
    List<Column> by = new ArrayList<>();
    for (String k : keys) {
      by.add(col(k));
    }
    return facts.groupBy(by.toArray(Column[]::new)).agg(
        sum(when(s, 1).otherwise(0)).as("households"),
        sum(when(s, col("household_size")).otherwise(0)).as("persons"),
        sum(when(s.and(col("household_type").isin(HouseholdPeriods.TUOPIN.toArray())), 1).otherwise(0)).as("tuopin_households"),
        sum(when(col("is_low_income"), 1).otherwise(0)).as("low_income_households"),
        sum(when(s, col("net"))).as("net_total"),
        sum(when(col("has_prior"), 1).otherwise(0)).as("panel_households"),
        sum(when(col("has_prior"), col("net"))).as("panel_net"),
        sum(when(col("has_prior"), col("household_size"))).as("panel_persons"),
        sum(when(col("has_prior"), col("prior_net"))).as("panel_prior_net"),
        sum(when(col("has_prior"), col("prior_size"))).as("panel_prior_persons"),
        sum(when(col("declined"), 1).otherwise(0)).as("declined_households"),
        sum(when(s.and(coalesce(col("below_line"), lit(false))), 1).otherwise(0)).as("below_count"),
        max(col("line")).as("line"),
        sum(when(required, 1).otherwise(0)).as("escalation_required"),
        sum(when(required.and(col("escalated")), 1).otherwise(0)).as("escalated"),
        sum(when(col("is_labor"), 1).otherwise(0)).as("labor_households"),
        sum(when(col("is_employed"), 1).otherwise(0)).as("employed_households"),
        sum("welfare_persons").as("welfare_post_persons"),
        sum("payments_due").as("payments_due"),
        sum("payments_on_time_full").as("payments_on_time_full"),
        sum("payments_overdue").as("payments_overdue"))
        .withColumn("growth_raw", Exact.growth(col("panel_net"), col("panel_persons"),
            col("panel_prior_net"), col("panel_prior_persons"), Exact.RAW))
        .withColumn("below_line_households", when(col("quarter").equalTo(4).and(col("line").isNotNull()),
            col("below_count")));
  }

  /**
   * {@code mart_township_comparison}: one row per township with an in-scope household in the
   * (Y,q) snapshot; ranks by unrounded growth, RANK() semantics, null growth takes no place.
   * Requires {@link #withFacts}.
   */
  public static Dataset<Row> townshipComparison(Dataset<Row> facts) {
    Dataset<Row> sums = areaSums(facts, "year", "quarter", "county", "township");
    Dataset<Row> ranked = sums.filter(col("growth_raw").isNotNull())
        .withColumn("rank_in_county", rank().over(Window.partitionBy("year", "quarter", "county").orderBy(desc("growth_raw"))))
        .withColumn("rank_in_city", rank().over(Window.partitionBy("year", "quarter").orderBy(desc("growth_raw"))))
        .select("year", "quarter", "county", "township", "rank_in_county", "rank_in_city");
    Dataset<Row> out = sums.join(ranked, new String[] {"year", "quarter", "county", "township"}, "left")
        .withColumn("pc_mean", Exact.div(col("net_total"), col("persons"), 2))
        .withColumn("pc_growth_pct", Exact.growth(col("panel_net"), col("panel_persons"),
            col("panel_prior_net"), col("panel_prior_persons"), 2))
        .withColumn("declined_share", Exact.pct(col("declined_households"), col("panel_households"), 2))
        .withColumn("below_line_share", Exact.pct(col("below_line_households"), col("households"), 2))
        .withColumn("escalation_coverage", Exact.pct(col("escalated"), col("escalation_required"), 2))
        .withColumn("employment_coverage", Exact.pct(col("employed_households"), col("labor_households"), 2))
        .withColumn("payment_on_time_rate", Exact.pct(col("payments_on_time_full"), col("payments_due"), 2));
    return MartSchemas.conform(TOWNSHIP, out);
  }
}
