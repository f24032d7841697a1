package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code mart_poverty_indices} (metrics.md): FGT indices, person-weighted Gini, S80/S20 and
 * median per year for the city and each county, computed exactly. Per-household terms that
 * would divide by household_size are multiplied by {@link #L} = lcm(1..20) (household_size is
 * 1..20 by the feed contract), so every sum stays an exact decimal and only the final quotient
 * is rounded.
 */
public final class PovertyIndices {
  public static final String MART = "mart_poverty_indices";
  /** lcm(1, …, 20). */
  static final long L = 232_792_560L;
  private static final String W = "decimal(38,4)";

  private PovertyIndices() {}

  /**
   * Adds {@code region_level, region}: each household once as {@code city}/{@code city} and once
   * as {@code county}/its county.
   */
  public static Dataset<Row> explodeRegions(Dataset<Row> frame, String city) {
    return frame.withColumn("region_level", lit("city")).withColumn("region", lit(city))
        .unionByName(frame.withColumn("region_level", lit("county")).withColumn("region", col("county")));
  }

  /**
   * One row per (year, region) over in-scope households with a Q4 survey row. Requires
   * {@link HouseholdMarts#withFlags} (for {@code line}).
   */
  public static Dataset<Row> poverty(Dataset<Row> frame, String city) {
    Dataset<Row> pop = explodeRegions(frame.filter(col("quarter").equalTo(4).and(col("has_survey"))), city);
    WindowSpec part = Window.partitionBy("year", "region_level", "region");
    WindowSpec before = part.orderBy(col("pc"), col("household_id"))
        .rowsBetween(Window.unboundedPreceding(), -1);
    Column size = col("household_size").cast(W);
    Column net = col("net").cast(W);
    Column gap = size.multiply(col("line").cast(W)).minus(net).cast(W);
    Column poor = col("line").isNotNull().and(net.lt(size.multiply(col("line").cast(W))));
    Column perSize = lit(L).divide(col("household_size")).cast("decimal(38,0)");
    Dataset<Row> h = pop
        .withColumn("wb", coalesce(sum("household_size").over(before), lit(0L)).cast(W))
        .withColumn("sb", coalesce(sum("net").over(before), lit(0)).cast(W))
        .withColumn("tw", sum("household_size").over(part).cast(W))
        .withColumn("cum", col("wb").plus(size).cast(W))
        .withColumn("p0_term", when(poor, size).otherwise(0))
        .withColumn("p1_term", when(poor, gap).otherwise(0))
        .withColumn("p2_term", when(poor, gap.multiply(gap).cast("decimal(38,6)").multiply(perSize)).otherwise(0))
        .withColumn("gini_term", net.multiply(col("wb")).minus(size.multiply(col("sb"))))
        .withColumn("bottom_term", net.multiply(greatest(lit(0), least(col("tw").minus(col("wb").multiply(5)),
            size.multiply(5))).cast(W)).multiply(perSize))
        .withColumn("top_term", net.multiply(greatest(lit(0), least(col("cum").multiply(5).minus(col("tw").multiply(4)),
            size.multiply(5))).cast(W)).multiply(perSize))
        .withColumn("is_median", col("cum").multiply(2).geq(col("tw")).and(col("wb").multiply(2).lt(col("tw"))));
    Dataset<Row> g = h.groupBy("year", "region_level", "region").agg(
        count(lit(1)).as("households"), sum("household_size").as("persons"), sum("net").as("net_total"),
        max("line").as("line"), sum("p0_term").as("p0_num"), sum("p1_term").as("p1_num"),
        sum("p2_term").as("p2_num"), sum("gini_term").as("gini_num"), sum("bottom_term").as("bottom"),
        sum("top_term").as("top"), first(when(col("is_median"), col("pc")), true).as("median_pc"));
    Column persons = col("persons").cast(W);
    Column line = col("line").cast(W);
    Dataset<Row> out = g.withColumn("quarter", lit(4))
        .withColumn("p0_headcount", when(col("line").isNotNull(), Exact.pct(col("p0_num"), persons, 2)))
        .withColumn("p1_gap", when(col("line").isNotNull(), Exact.pct(col("p1_num"), persons.multiply(line), 2)))
        .withColumn("p2_severity", when(col("line").isNotNull(), Exact.pct(col("p2_num"),
            persons.multiply(line).multiply(line).cast("decimal(38,6)").multiply(lit(L)), 2)))
        .withColumn("gini", Exact.div(col("gini_num"), persons.multiply(col("net_total").cast(W)), 4))
        .withColumn("s80_s20", when(col("bottom").gt(0), Exact.div(col("top"), col("bottom"), 2)))
        .withColumn("mean_pc", Exact.div(col("net_total"), col("persons"), 2));
    return MartSchemas.conform(MART, out);
  }
}
