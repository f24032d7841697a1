package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code mart_subsidy_timeliness} and {@code mart_income_evidence} (metrics.md). */
public final class PaymentMarts {
  public static final String TIMELINESS = "mart_subsidy_timeliness";
  public static final String EVIDENCE = "mart_income_evidence";
  public static final String UNMATCHED = "未匹配";
  private static final String[] PERIOD_HOUSEHOLD = {"year", "quarter", "household_id"};

  private PaymentMarts() {}

  /**
   * {@code mart_subsidy_timeliness}. {@code monthSnapshots} maps each due month ({@code month})
   * to its any-year fall-back snapshot months ({@code hh_month, mem_month}, see
   * {@link Periods#monthFrame}); a payment whose recipient or household is not found gets county
   * 未匹配. Counters, not a partition; unpaid_overdue is relative to {@code asOf}. Only the
   * payments of the due months of {@code monthSnapshots}, and only the snapshots it names, are
   * read (a listed filter, so Delta skips the files of other months).
   */
  public static Dataset<Row> subsidyTimeliness(Dataset<Row> payments, Dataset<Row> monthSnapshots,
      Dataset<Row> householdMonths, Dataset<Row> members, LocalDate asOf) {
    Dataset<Row> p = payments.withColumn("month", date_format(col("due_date"), "yyyy-MM"))
        .join(monthSnapshots, "month");
    Dataset<Row> m = members.filter(col("month").isin(Periods.listed(monthSnapshots, "mem_month")))
        .select(col("month").as("mem_month"), col("person_id"), col("household_id"));
    Dataset<Row> h = householdMonths.filter(col("month").isin(Periods.listed(monthSnapshots, "hh_month")))
        .select(col("month").as("hh_month"), col("household_id"), col("county"));
    Column paid = col("paid_date").isNotNull().and(col("amount_paid").isNotNull());
    Dataset<Row> out = p.join(m, new String[] {"mem_month", "person_id"}, "left")
        .join(h, new String[] {"hh_month", "household_id"}, "left")
        .withColumn("county", coalesce(col("county"), lit(UNMATCHED)))
        .groupBy(year(col("due_date")).as("year"), month(col("due_date")).as("due_month"), col("county"), col("subsidy_item"))
        .agg(count(lit(1)).as("payments_due"), sum("amount_due").as("amount_due"),
            sum(when(AreaMarts.onTimeFull(), 1).otherwise(0)).as("on_time_full"),
            sum(when(coalesce(col("paid_date").gt(col("due_date")), lit(false)), 1).otherwise(0)).as("paid_late"),
            sum(when(paid.and(col("amount_paid").lt(col("amount_due"))), 1).otherwise(0)).as("short_paid"),
            sum(when(col("status").equalTo("退回"), 1).otherwise(0)).as("returned"),
            sum(when(AreaMarts.overdue(asOf), 1).otherwise(0)).as("unpaid_overdue"))
        .withColumn("on_time_rate", Exact.pct(col("on_time_full"), col("payments_due"), 2));
    return MartSchemas.conform(TIMELINESS, out);
  }

  /**
   * {@code mart_income_evidence}: declared vs department-evidenced income of in-scope households
   * with a survey row. {@code transferItems} are the 一卡通 items of category 转移性;
   * {@code operatingMeasures}/{@code propertyMeasures} the measures of category 经营性/财产性;
   * {@code work} is {@link HouseholdPeriods#workToDate} of {@code periodMembers}.
   */
  public static Dataset<Row> incomeEvidence(Dataset<Row> frame, Dataset<Row> periodMembers,
      Dataset<Row> work, Dataset<Row> payments, Dataset<Row> interventions,
      List<String> transferItems, List<String> operatingMeasures, List<String> propertyMeasures) {
    Dataset<Row> wage = work.select("year", "quarter", "household_id", "evidenced_wage");
    Dataset<Row> transfer = HouseholdPeriods.joinYear(periodMembers, payments.filter(col("status").equalTo("已发放")
                .and(col("subsidy_item").isin(transferItems.toArray())).and(col("paid_date").isNotNull()))
            .select(col("person_id"), date_format(col("paid_date"), "yyyy-MM").as("paid_month"), col("amount_paid")),
            "person_id", "paid_month", 0)
        .filter(HouseholdPeriods.inYearToDate("paid_month"))
        .groupBy("year", "quarter", "household_id").agg(sum("amount_paid").as("evidenced_transfer"));
    Dataset<Row> households = frame.filter(col("has_survey")).select("year", "quarter", "household_id");
    Dataset<Row> measures = HouseholdPeriods.joinYear(households, interventions.select(col("household_id"),
            col("measure"), date_format(col("event_date"), "yyyy-MM").as("event_month"), col("amount")),
            "household_id", "event_month", 0)
        .filter(HouseholdPeriods.inYearToDate("event_month"))
        .groupBy("year", "quarter", "household_id").agg(
            sum(when(col("measure").isin(operatingMeasures.toArray()), col("amount")).otherwise(0)).as("evidenced_operating"),
            sum(when(col("measure").isin(propertyMeasures.toArray()), col("amount")).otherwise(0)).as("evidenced_property"));
    Column zero = lit(0).cast("decimal(18,2)");
    Dataset<Row> out = frame.filter(col("has_survey"))
        .join(wage, PERIOD_HOUSEHOLD, "left").join(transfer, PERIOD_HOUSEHOLD, "left")
        .join(measures, PERIOD_HOUSEHOLD, "left")
        .withColumn("declared_wage", col("wage")).withColumn("declared_transfer", col("transfer"))
        .withColumn("declared_operating", col("operating")).withColumn("declared_property", col("property"))
        .withColumn("evidenced_wage", coalesce(col("evidenced_wage"), zero))
        .withColumn("evidenced_transfer", coalesce(col("evidenced_transfer"), zero))
        .withColumn("evidenced_operating", coalesce(col("evidenced_operating"), zero))
        .withColumn("evidenced_property", coalesce(col("evidenced_property"), zero))
        .withColumn("covered", least(col("evidenced_wage"), col("declared_wage"))
            .plus(least(col("evidenced_transfer"), col("declared_transfer"))))
        .withColumn("declared_wt", col("declared_wage").plus(col("declared_transfer")))
        .withColumn("evidence_coverage", Exact.pct(col("covered"), col("declared_wt"), 2))
        .withColumn("unsupported_wage", col("declared_wage").gt(0).and(col("evidenced_wage").equalTo(0)))
        .withColumn("unsupported_transfer", col("declared_transfer").gt(0).and(col("evidenced_transfer").equalTo(0)))
        // |reported - net/size| > 1.00  <=>  |reported*size - net| > size (size > 0): exact.
        .withColumn("reported_pc_mismatch", org.apache.spark.sql.functions.abs(
            col("reported_per_capita").multiply(col("household_size")).minus(col("net"))).gt(col("household_size")));
    return out;
  }

  /** The mart columns of an {@link #incomeEvidence} frame (which keeps covered/declared_wt for E11). */
  public static Dataset<Row> evidenceMart(Dataset<Row> evidence) {
    return MartSchemas.conform(EVIDENCE, evidence);
  }
}
