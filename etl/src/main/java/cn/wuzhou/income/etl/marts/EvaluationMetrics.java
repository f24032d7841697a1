package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code mart_evaluation_metrics}: the E01–E13 indicators of metrics.md per period and region. */
public final class EvaluationMetrics {
  public static final String MART = "mart_evaluation_metrics";

  /** One indicator: code, Chinese name, unit. */
  public record Indicator(String code, String name, String unit) {}

  public static final List<Indicator> INDICATORS = List.of(
      new Indicator("E01", "低收入脱贫人口人均纯收入增幅", "%"),
      new Indicator("E02", "脱贫人口人均纯收入增幅", "%"),
      new Indicator("E03", "收入差距缩小幅度", "百分点"),
      new Indicator("E04", "收入不增反降户占比", "%"),
      new Indicator("E05", "低于监测线户占比", "%"),
      new Indicator("E06", "提级帮扶落实率", "%"),
      new Indicator("E07", "有劳动能力低收入户就业覆盖率", "%"),
      new Indicator("E08", "公益性岗位安置低收入人口", "人"),
      new Indicator("E09", "补贴按时足额发放率", "%"),
      new Indicator("E10", "补贴逾期未发笔数", "笔"),
      new Indicator("E11", "收入佐证覆盖率", "%"),
      new Indicator("E12", "申报人均纯收入不一致户数", "户"),
      new Indicator("E13", "数据隔离率", "%"));
  /** Indicators whose numerator and denominator are counts or sums: 0 over an empty population. */
  private static final Set<String> COUNTED = Set.of("E04", "E06", "E07", "E08", "E09", "E10", "E11", "E12", "E13");
  private static final String[] KEY = {"year", "quarter", "region_level", "region", "indicator_code"};
  private static final String[] AREA = {"year", "quarter", "region_level", "region"};

  private EvaluationMetrics() {}

  /**
   * Every indicator for every (year, quarter) of {@code periods} and every region (the city and
   * each of {@code counties}; E13 for the city only), values null where undefined.
   *
   * @param facts {@link AreaMarts#withFacts} households
   * @param evidence {@link PaymentMarts#incomeEvidence} rows
   * @param deliveries the {@code deliveries} table
   */
  public static Dataset<Row> evaluation(SparkSession spark, List<Periods.YearQuarter> periods, String city,
      List<String> counties, Map<Integer, BigDecimal> lines, Dataset<Row> facts, Dataset<Row> evidence,
      Dataset<Row> deliveries) {
    // Small per-region sums, read by several indicators: computed once, each into one partition
    // (Spark does not coalesce a cached plan's shuffle partitions: each indicator would read all
    // of them, a stage of a hundred tiny tasks where one per indicator does).
    Dataset<Row> area = AreaMarts.areaSums(PovertyIndices.explodeRegions(facts, city), AREA).coalesce(1).cache();
    Dataset<Row> cohort = HouseholdMarts.cohortSums(PovertyIndices.explodeRegions(facts, city), AREA).coalesce(1)
        .cache();
    Dataset<Row> low = cohort.filter(col("base_quintile").equalTo(1));
    Dataset<Row> all = cohort.filter(col("base_quintile").equalTo(0));
    Dataset<Row> gap = low.select(col("year"), col("quarter"), col("region_level"), col("region"),
            col("growth_raw").as("g1"))
        .join(all.select(col("year"), col("quarter"), col("region_level"), col("region"), col("growth_raw").as("g0")), AREA)
        .select(col("year"), col("quarter"), col("region_level"), col("region"), lit("E03").as("indicator_code"),
            lit(null).cast("decimal(38,18)").as("numerator"), lit(null).cast("decimal(38,18)").as("denominator"),
            col("g1").minus(col("g0")).as("value"));
    Dataset<Row> ev = PovertyIndices.explodeRegions(evidence, city).groupBy(AREA[0], slice(AREA)).agg(
        sum("covered").as("covered"), sum("declared_wt").as("declared_wt"),
        sum(when(col("reported_pc_mismatch"), 1).otherwise(0)).as("mismatch")).coalesce(1).cache();
    List<Dataset<Row>> values = new ArrayList<>();
    values.add(cohortRow(low, "E01"));
    values.add(cohortRow(all, "E02"));
    values.add(gap);
    values.add(ratio(area, "E04", col("declined_households"), col("panel_households")));
    values.add(ratio(area, "E05", col("below_line_households"),
        when(col("below_line_households").isNotNull(), col("households"))));
    values.add(ratio(area, "E06", col("escalated"), col("escalation_required")));
    values.add(ratio(area, "E07", col("employed_households"), col("labor_households")));
    values.add(counted(area, "E08", col("welfare_post_persons")));
    values.add(ratio(area, "E09", col("payments_on_time_full"), col("payments_due")));
    values.add(counted(area, "E10", col("payments_overdue")));
    values.add(ratio(ev, "E11", col("covered"), col("declared_wt")));
    values.add(counted(ev, "E12", col("mismatch")));
    values.add(ratio(quarantineSums(spark, periods, city, deliveries), "E13", col("quarantined"), col("received")));
    Dataset<Row> long_ = values.stream().map(v -> v.select(col("year"), col("quarter"), col("region_level"),
            col("region"), col("indicator_code"), col("numerator").cast("decimal(38,18)").as("numerator"),
            col("denominator").cast("decimal(38,18)").as("denominator"), col("value").cast("decimal(38,18)").as("value")))
        .reduce(Dataset::unionByName).orElseThrow();
    Column hasLine = HouseholdMarts.line(lines).isNotNull().and(col("quarter").equalTo(4));
    Column counted = col("indicator_code").isin(COUNTED.toArray())
        .or(col("indicator_code").equalTo("E05").and(hasLine));
    Column noDenominator = col("indicator_code").isin("E08", "E10", "E12");
    Dataset<Row> out = skeleton(spark, periods, city, counties).join(long_, KEY, "left")
        .withColumn("numerator", when(counted, coalesce(col("numerator"), lit(0)))
            .otherwise(col("numerator")))
        .withColumn("denominator", when(counted.and(noDenominator.unary_$bang()),
            coalesce(col("denominator"), lit(0))).otherwise(col("denominator")))
        .withColumn("value", when(noDenominator, col("numerator")).otherwise(col("value")));
    return MartSchemas.conform(MART, out);
  }

  private static String[] slice(String[] keys) {
    return java.util.Arrays.copyOfRange(keys, 1, keys.length);
  }

  private static Dataset<Row> cohortRow(Dataset<Row> cohort, String code) {
    return cohort.select(col("year"), col("quarter"), col("region_level"), col("region"), lit(code).as("indicator_code"),
        Exact.div(col("net_current"), col("persons"), Exact.RAW).as("numerator"),
        Exact.div(col("net_prior"), col("persons_prior"), Exact.RAW).as("denominator"),
        col("growth_raw").as("value"));
  }

  private static Dataset<Row> ratio(Dataset<Row> sums, String code, Column num, Column den) {
    return sums.select(col("year"), col("quarter"), col("region_level"), col("region"), lit(code).as("indicator_code"),
        num.as("numerator"), den.as("denominator"), Exact.pct(num, den, Exact.RAW).as("value"));
  }

  private static Dataset<Row> counted(Dataset<Row> sums, String code, Column num) {
    return sums.select(col("year"), col("quarter"), col("region_level"), col("region"), lit(code).as("indicator_code"),
        num.as("numerator"), lit(null).as("denominator"), num.as("value"));
  }

  /** Every (period, region, indicator) cell: the city and each county, E13 only for the city. */
  static Dataset<Row> skeleton(SparkSession spark, List<Periods.YearQuarter> periods, String city, List<String> counties) {
    List<Row> rows = new ArrayList<>();
    for (Periods.YearQuarter p : periods) {
      for (Indicator i : INDICATORS) {
        rows.add(RowFactory.create(p.year(), p.quarter(), "city", city, i.code(), i.name(), i.unit()));
        if (!i.code().equals("E13")) {
          for (String c : counties) {
            rows.add(RowFactory.create(p.year(), p.quarter(), "county", c, i.code(), i.name(), i.unit()));
          }
        }
      }
    }
    StructType schema = new StructType().add("year", DataTypes.IntegerType).add("quarter", DataTypes.IntegerType)
        .add("region_level", DataTypes.StringType).add("region", DataTypes.StringType)
        .add("indicator_code", DataTypes.StringType).add("indicator_name", DataTypes.StringType)
        .add("unit", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * E13 sums for the city: rows quarantined and received of the latest delivery of every
   * feed-period up to the quarter's last month (the survey feed: up to the quarter).
   */
  static Dataset<Row> quarantineSums(SparkSession spark, List<Periods.YearQuarter> periods, String city,
      Dataset<Row> deliveries) {
    Dataset<Row> latest = deliveries
        .withColumn("n", row_number().over(Window.partitionBy("feed", "period")
            .orderBy(desc("received_at"), desc("delivery_id"))))
        .filter(col("n").equalTo(1));
    List<Row> rows = new ArrayList<>();
    for (Periods.YearQuarter p : periods) {
      rows.add(RowFactory.create(p.year(), p.quarter(), p.endMonth(), String.format("%04d-Q%d", p.year(), p.quarter())));
    }
    Dataset<Row> bounds = spark.createDataFrame(rows, new StructType().add("year", DataTypes.IntegerType)
        .add("quarter", DataTypes.IntegerType).add("last_month", DataTypes.StringType)
        .add("last_quarter", DataTypes.StringType));
    Column inRange = when(col("feed").equalTo("agri_income_survey"), col("period").leq(col("last_quarter")))
        .otherwise(col("period").leq(col("last_month")));
    return bounds.join(latest, inRange).groupBy("year", "quarter")
        .agg(sum("rows_quarantined").as("quarantined"), sum("rows_received").as("received"), count(lit(1)).as("n"))
        .withColumn("region_level", lit("city")).withColumn("region", lit(city));
  }
}
