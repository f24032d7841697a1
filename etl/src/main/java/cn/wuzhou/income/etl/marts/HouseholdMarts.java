package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code mart_cohort_progress} and {@code mart_declining_households} (metrics.md). */
public final class HouseholdMarts {
  public static final String COHORT = "mart_cohort_progress";
  public static final String DECLINING = "mart_declining_households";
  private static final String[] PERIOD_HOUSEHOLD = {"year", "quarter", "household_id"};

  private HouseholdMarts() {}

  /** The monitoring line of the row's {@code year} as DECIMAL(18,2), null for a year without one. */
  public static Column line(Map<Integer, BigDecimal> lines) {
    Column c = lit(null).cast("decimal(18,2)");
    for (Map.Entry<Integer, BigDecimal> e : lines.entrySet()) {
      c = when(col("year").equalTo(e.getKey()), lit(e.getValue()).cast("decimal(18,2)")).otherwise(c);
    }
    return c;
  }

  /**
   * Adds {@code line}, {@code below_line} (q = 4 and pc < line; null at q = 4 without a line;
   * false for q < 4), {@code escalation_required} (below line, or declined with base quintile 1;
   * never null) and {@code escalated} (helper level 乡科级 or 县处级). Requires
   * {@link HouseholdPeriods#withPrior} and {@code base_quintile}.
   */
  public static Dataset<Row> withFlags(Dataset<Row> frame, Map<Integer, BigDecimal> lines) {
    return frame.withColumn("line", line(lines))
        .withColumn("below_line", when(col("quarter").notEqual(4), lit(false))
            .when(col("line").isNull().or(col("net").isNull()), lit(null).cast("boolean"))
            .otherwise(col("net").lt(col("line").multiply(col("household_size")))))
        .withColumn("escalation_required", coalesce(col("below_line"), lit(false))
            .or(col("declined").and(coalesce(col("base_quintile").equalTo(1), lit(false)))))
        .withColumn("escalated", coalesce(col("helper_level").isin("乡科级", "县处级"), lit(false)));
  }

  /** Cohort aggregates of the panel households in {@code frame}, grouped by {@code keys} plus base_quintile (1..5 and 0). */
  static Dataset<Row> cohortSums(Dataset<Row> frame, String... keys) {
    Dataset<Row> panel = frame.filter(col("has_prior").and(col("base_quintile").isNotNull()));
    List<Column> by = new ArrayList<>();
    for (String k : keys) {
      by.add(col(k));
    }
    List<Column> byQuintile = new ArrayList<>(by);
    byQuintile.add(col("base_quintile"));
    List<Column> byAll = new ArrayList<>(by);
    byAll.add(lit(0).as("base_quintile"));
    Column[] aggs = {count(lit(1)).as("households"), sum("household_size").as("persons"),
        sum("net").as("net_current"), sum("prior_net").as("net_prior"),
        sum("prior_size").as("persons_prior"),
        sum(when(col("declined"), 1).otherwise(0)).as("households_declined")};
    Dataset<Row> groups = panel.groupBy(byQuintile.toArray(Column[]::new)).agg(aggs[0], slice(aggs))
        .unionByName(panel.groupBy(byAll.toArray(Column[]::new)).agg(aggs[0], slice(aggs)));
    return groups
        .withColumn("growth_raw", Exact.growth(col("net_current"), col("persons"), col("net_prior"),
            col("persons_prior"), Exact.RAW));
  }

  private static Column[] slice(Column[] aggs) {
    return java.util.Arrays.copyOfRange(aggs, 1, aggs.length);
  }

  /**
   * {@code mart_cohort_progress}: per (year, quarter, base quintile) the households with a base
   * quintile, a survey row and a prior; base_quintile 0 = all of them.
   */
  public static Dataset<Row> cohortProgress(Dataset<Row> frame) {
    Dataset<Row> out = cohortSums(frame, "year", "quarter")
        .withColumn("pc_mean_current", Exact.div(col("net_current"), col("persons"), 2))
        .withColumn("pc_mean_prior", Exact.div(col("net_prior"), col("persons_prior"), 2))
        .withColumn("growth_pct", Exact.growth(col("net_current"), col("persons"), col("net_prior"),
            col("persons_prior"), 2))
        .withColumn("declined_share", Exact.pct(col("households_declined"), col("households"), 2));
    return MartSchemas.conform(COHORT, out);
  }

  /**
   * Adds {@code employed_months_current}, {@code employed_months_prior} and
   * {@code assistance_months}: distinct (member, month) pairs of the period snapshot's members in
   * months 1..3q of Y (prior: of Y-1), 0 when none. {@code work} is
   * {@link HouseholdPeriods#householdWork} of the same members; the prior year's months are
   * counted from {@code personWork} ({@link HouseholdPeriods#workPerPerson}), which must hold the
   * person-quarters of the years before the periods' (the employment records are the largest
   * input: summed per person once for both counts).
   */
  public static Dataset<Row> withMonths(Dataset<Row> frame, Dataset<Row> periodMembers,
      Dataset<Row> work, Dataset<Row> personWork, Dataset<Row> assistance) {
    Dataset<Row> current = work.select("year", "quarter", "household_id", "employed_months_current");
    Dataset<Row> prior = HouseholdPeriods.priorYearMonths(periodMembers, personWork);
    Dataset<Row> aid = HouseholdPeriods.monthsToDate(periodMembers, assistance, "aid_month", 0, "assistance_months");
    return frame.join(current, PERIOD_HOUSEHOLD, "left").join(prior, PERIOD_HOUSEHOLD, "left")
        .join(aid, PERIOD_HOUSEHOLD, "left")
        .withColumn("employed_months_current", coalesce(col("employed_months_current"), lit(0L)))
        .withColumn("employed_months_prior", coalesce(col("employed_months_prior"), lit(0L)))
        .withColumn("assistance_months", coalesce(col("assistance_months"), lit(0L)));
  }

  /**
   * {@code mart_declining_households}: in-scope households with a survey row that declined or are
   * below the line. Requires {@link #withFlags} and {@link #withMonths}.
   */
  public static Dataset<Row> decliningHouseholds(Dataset<Row> frame) {
    // Per-capita component change times size*prior_size (> 0): exact and order-preserving.
    String[] parts = {"wage", "operating", "property", "transfer"};
    Column source = lit(null).cast("string");
    for (int i = parts.length - 1; i >= 0; i--) {
      Column mine = change(parts[i]);
      Column best = lit(true);
      for (int j = 0; j < parts.length; j++) {
        if (j < i) {
          best = best.and(mine.lt(change(parts[j])));
        } else if (j > i) {
          best = best.and(mine.leq(change(parts[j])));
        }
      }
      source = when(best, lit(parts[i])).otherwise(source);
    }
    Dataset<Row> out = frame.filter(col("has_survey")
            .and(col("declined").or(coalesce(col("below_line"), lit(false)))))
        .withColumn("pc_current", Exact.div(col("net"), col("household_size"), 2))
        .withColumn("pc_prior", Exact.div(col("prior_net"), col("prior_size"), 2))
        .withColumn("change_pct", Exact.growth(col("net"), col("household_size"), col("prior_net"),
            col("prior_size"), 2))
        .withColumn("main_decline_source", when(col("declined"), source));
    return MartSchemas.conform(DECLINING, out);
  }

  private static Column change(String part) {
    return col(part).multiply(col("prior_size")).minus(col("prior_" + part).multiply(col("household_size")));
  }
}
