package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import cn.wuzhou.income.models.MartCatalog;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Data tests run on every mart before it is written: grain keys unique and not null, enum
 * columns within their lists, and arithmetic identities. A failure throws naming the table,
 * the rule and up to five offending rows.
 */
public final class MartDataTests {
  private static final Map<String, List<String>> ENUMS = Map.of(
      "method", List.of("households", "persons", "official"),
      "region_level", List.of("city", "county"),
      "main_decline_source", List.of("wage", "operating", "property", "transfer"),
      "indicator_code", EvaluationMetrics.INDICATORS.stream().map(EvaluationMetrics.Indicator::code).toList());

  private MartDataTests() {}

  /** Runs the generic rules (keys, enums) and the mart's own identities on {@code mart}. */
  public static void check(String name, Dataset<Row> mart) {
    MartSchemas.check(name, mart.schema());
    List<String> grain = MartCatalog.get().table(name).grain();
    Column nullKey = lit(false);
    for (String k : grain) {
      nullKey = nullKey.or(col(k).isNull());
    }
    fail(name, "grain " + grain + " not null", mart.filter(nullKey));
    Column[] keys = grain.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    fail(name, "grain " + grain + " unique", mart.groupBy(keys).agg(count(lit(1)).as("rows")).filter(col("rows").gt(1)));
    for (Map.Entry<String, List<String>> e : ENUMS.entrySet()) {
      if (List.of(mart.columns()).contains(e.getKey())) {
        fail(name, e.getKey() + " in " + e.getValue(),
            mart.filter(col(e.getKey()).isNotNull().and(col(e.getKey()).isin(e.getValue().toArray()).unary_$bang())));
      }
    }
    switch (name) {
      case HouseholdMarts.COHORT -> {
        Dataset<Row> parts = mart.groupBy("year", "quarter").agg(
            sum(when(col("base_quintile").equalTo(0), col("households")).otherwise(0)).as("all_households"),
            sum(when(col("base_quintile").gt(0), col("households")).otherwise(0)).as("sum_1_5"));
        fail(name, "households of base_quintile 0 = sum of base_quintiles 1-5",
            parts.filter(col("all_households").notEqual(col("sum_1_5"))));
        fail(name, "households_declined <= households", mart.filter(col("households_declined").gt(col("households"))));
      }
      case AreaMarts.TOWNSHIP -> fail(name, "escalated <= escalation_required and employed <= labor",
          mart.filter(col("escalated").gt(col("escalation_required"))
              .or(col("employed_households").gt(col("labor_households")))));
      case QuintileMarts.TREND -> fail(name, "quintile in 1..5 and pc_min <= pc_median <= pc_max",
          mart.filter(col("quintile").lt(1).or(col("quintile").gt(5))
              .or(col("pc_min").gt(col("pc_median"))).or(col("pc_median").gt(col("pc_max")))));
      default -> { }
    }
  }

  /** Quintile households of each year sum to the grouped population. */
  public static void checkQuintileTotals(Dataset<Row> trend, Dataset<Row> quintiles) {
    Dataset<Row> grouped = quintiles.groupBy("year").agg(count(lit(1)).as("population"));
    Dataset<Row> summed = trend.groupBy("year").agg(sum("households").as("households"));
    fail(QuintileMarts.TREND, "households summed over quintiles = grouped population",
        grouped.join(summed, new String[] {"year"}, "full").filter(
            col("population").isNull().or(col("households").isNull()).or(col("population").notEqual(col("households")))));
  }

  private static void fail(String table, String rule, Dataset<Row> violations) {
    List<Row> rows = violations.limit(5).collectAsList();
    if (!rows.isEmpty()) {
      throw new IllegalStateException("data test failed: " + table + ": " + rule + "; e.g. "
          + rows.stream().map(Row::toString).collect(Collectors.joining(", ")));
    }
  }

}
