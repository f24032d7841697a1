package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** {@code mart_quintile_trend} and {@code mart_quintile_transition} (metrics.md). */
public final class QuintileMarts {
  public static final String TREND = "mart_quintile_trend";
  public static final String TRANSITION = "mart_quintile_transition";

  private QuintileMarts() {}

  /**
   * One row per (year, quintile) of the groupings from {@link HouseholdPeriods#quintiles}:
   * counts, totals, person-weighted mean, weighted median (the configured method's weight),
   * min/max, component shares and growth of the mean over the same quintile of Y-1.
   */
  public static Dataset<Row> trend(Dataset<Row> quintiles) {
    WindowSpec inGroup = Window.partitionBy("year", "quintile").orderBy(col("pc"), col("household_id"))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> median = quintiles
        .withColumn("cum_w", sum("weight").over(inGroup))
        .withColumn("tot_w", sum("weight").over(Window.partitionBy("year", "quintile")))
        .filter(col("cum_w").multiply(2).geq(col("tot_w"))
            .and(col("cum_w").minus(col("weight")).multiply(2).lt(col("tot_w"))))
        .select(col("year"), col("quintile"), col("pc").as("pc_median"));
    Dataset<Row> groups = quintiles.groupBy("year", "quintile").agg(
        first("method").as("method"), count(lit(1)).as("households"),
        sum("household_size").as("persons"), sum("net").as("income_total"),
        sum("wage").as("wage_total"), sum("operating").as("operating_total"),
        sum("property").as("property_total"), sum("transfer").as("transfer_total"),
        min("pc").as("pc_min"), max("pc").as("pc_max"));
    Dataset<Row> prior = groups.select(col("year").plus(1).as("year"), col("quintile"),
        col("income_total").as("prior_income"), col("persons").as("prior_persons"));
    Dataset<Row> out = groups.join(median, new String[] {"year", "quintile"}, "left")
        .join(prior, new String[] {"year", "quintile"}, "left")
        .withColumn("pc_mean", Exact.div(col("income_total"), col("persons"), 2))
        .withColumn("wage_share", Exact.pct(col("wage_total"), col("income_total"), 2))
        .withColumn("operating_share", Exact.pct(col("operating_total"), col("income_total"), 2))
        .withColumn("property_share", Exact.pct(col("property_total"), col("income_total"), 2))
        .withColumn("transfer_share", Exact.pct(col("transfer_total"), col("income_total"), 2))
        .withColumn("pc_mean_growth_pct", Exact.growth(col("income_total"), col("persons"),
            col("prior_income"), col("prior_persons"), 2));
    return MartSchemas.conform(TREND, out);
  }

  /** Households grouped in both base_year and base_year+1, counted by quintile pair. */
  public static Dataset<Row> transition(Dataset<Row> quintiles) {
    Dataset<Row> from = quintiles.select(col("year").as("base_year"), col("household_id"),
        col("quintile").as("from_quintile"));
    Dataset<Row> to = quintiles.select(col("year").minus(1).as("base_year"), col("household_id"),
        col("quintile").as("to_quintile"));
    Dataset<Row> out = from.join(to, new String[] {"base_year", "household_id"})
        .groupBy("base_year", "from_quintile", "to_quintile").agg(count(lit(1)).as("households"));
    return MartSchemas.conform(TRANSITION, out);
  }
}
