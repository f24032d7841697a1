package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code household_history}: one household's history across periods for the drill-down of the
 * 收入下降户 page and {@code GET /api/households/{id}} (issue 5). A serving table, not a mart of
 * metrics.md ({@code serving_tables} of models/marts.yaml); it uses the marts' own household x
 * period frame, so snapshot, fall-back, size and the year-to-date months are those of the marts.
 */
public final class HouseholdHistory {
  public static final String TABLE = "household_history";
  private static final String[] PERIOD_HOUSEHOLD = {"year", "quarter", "household_id"};

  private HouseholdHistory() {}

  /**
   * One row per in-scope household of each period's snapshot, with or without a survey row
   * ({@code surveyed}; without one the income columns are null): its snapshot attributes, base
   * quintile, YTD net income, pc and the four components; {@code employed_months} and
   * {@code assistance_months} as in {@code mart_declining_households}; the household's
   * interventions (count, amount) with event date in months 1..3q of Y; the 一卡通 payments to
   * the period's members due in months 1..3q of Y: due, paid (paid date and amount present),
   * on time and in full (as in {@code mart_township_comparison}), amounts due and paid. Counts
   * are 0 and amounts 0.00 when there are no records. Requires {@link HouseholdMarts#withMonths}
   * over the {@link HouseholdPeriods#withBaseQuintile} frame, and {@code periodMembers} of
   * {@link HouseholdPeriods#periodMembers}.
   */
  public static Dataset<Row> history(Dataset<Row> withMonths, Dataset<Row> periodMembers,
      Dataset<Row> interventions, Dataset<Row> payments) {
    Dataset<Row> households = withMonths.select("year", "quarter", "household_id");
    Dataset<Row> measures = HouseholdPeriods.joinYear(households, interventions.select(col("household_id"),
            date_format(col("event_date"), "yyyy-MM").as("event_month"), col("amount")),
            "household_id", "event_month", 0)
        .filter(HouseholdPeriods.inYearToDate("event_month"))
        .groupBy(PERIOD_HOUSEHOLD[0], PERIOD_HOUSEHOLD[1], PERIOD_HOUSEHOLD[2])
        .agg(count(lit(1)).as("interventions"), sum("amount").as("intervention_amount"));
    Column paid = col("paid_date").isNotNull().and(col("amount_paid").isNotNull());
    Dataset<Row> pay = HouseholdPeriods.paymentsDueToDate(periodMembers, payments.select("person_id", "due_date",
            "paid_date", "amount_due", "amount_paid", "status"))
        .groupBy(PERIOD_HOUSEHOLD[0], PERIOD_HOUSEHOLD[1], PERIOD_HOUSEHOLD[2]).agg(
            count(lit(1)).as("payments_due"),
            sum(when(paid, 1).otherwise(0)).as("payments_paid"),
            sum(when(AreaMarts.onTimeFull(), 1).otherwise(0)).as("payments_on_time_full"),
            sum("amount_due").as("amount_due"),
            sum(when(paid, col("amount_paid"))).as("amount_paid"));
    Column zero = lit(0).cast(SilverMoney.TYPE);
    Dataset<Row> out = withMonths.join(measures, PERIOD_HOUSEHOLD, "left").join(pay, PERIOD_HOUSEHOLD, "left")
        .withColumn("surveyed", col("has_survey"))
        .withColumn("net_income", col("net"))
        .withColumn("wage_income", col("wage"))
        .withColumn("operating_net", col("operating"))
        .withColumn("property_income", col("property"))
        .withColumn("transfer_income", col("transfer"))
        .withColumn("employed_months", col("employed_months_current"))
        .withColumn("interventions", coalesce(col("interventions"), lit(0L)))
        .withColumn("intervention_amount", coalesce(col("intervention_amount"), zero))
        .withColumn("payments_due", coalesce(col("payments_due"), lit(0L)))
        .withColumn("payments_paid", coalesce(col("payments_paid"), lit(0L)))
        .withColumn("payments_on_time_full", coalesce(col("payments_on_time_full"), lit(0L)))
        .withColumn("amount_due", coalesce(col("amount_due"), zero))
        .withColumn("amount_paid", coalesce(col("amount_paid"), zero));
    return MartSchemas.conform(TABLE, out);
  }
}
