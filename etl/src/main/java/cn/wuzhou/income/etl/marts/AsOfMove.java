package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows of {@code mart_evaluation_metrics} for periods whose deliveries did not change when
 * only the as-of date moved (models/docs/decisions.md, "A moved as-of date").
 *
 * <p>Of everything that mart holds, only indicator E10 reads the as-of date: the payments to the
 * members of a period's households due in its year to date that are unpaid and due before it
 * ({@code payments_overdue} of {@link AreaMarts#withFacts}), by city and county. Moving the date
 * from {@code before} to {@code after} changes that count by the payments whose overdue status it
 * flips (+1 newly overdue, -1 no longer), so the stored rows plus that change equal a rebuild with
 * the new date, without the survey, quintile and flag frames a rebuild computes.
 */
final class AsOfMove {
  private static final String[] PERIOD_HOUSEHOLD = {"year", "quarter", "household_id"};

  private AsOfMove() {}

  /**
   * {@code year, quarter, household_id, county, change}: for each household of the snapshots of
   * {@code periods} whose overdue count moves, by how much.
   */
  static Dataset<Row> overdueChange(SparkSession spark, MartsStage.Inputs in, Periods periods, LocalDate before,
      LocalDate after) {
    Dataset<Row> periodFrame = periods.periodFrame(spark);
    Dataset<Row> snapshot = HouseholdPeriods.snapshot(periodFrame, in.householdMonths());
    Dataset<Row> members = HouseholdPeriods.periodMembers(periodFrame, in.members(), snapshot);
    Column change = when(AreaMarts.overdue(after), 1L).otherwise(0L)
        .minus(when(AreaMarts.overdue(before), 1L).otherwise(0L));
    Dataset<Row> flipped = in.payments().withColumn("change", change).filter(col("change").notEqual(0))
        .select("person_id", "due_date", "change");
    Dataset<Row> perHousehold = HouseholdPeriods.paymentsDueToDate(members, flipped)
        .groupBy("year", "quarter", "household_id").agg(sum("change").as("change"))
        .filter(col("change").notEqual(0));
    return perHousehold.join(snapshot.select("year", "quarter", "household_id", "county"),
        PERIOD_HOUSEHOLD);
  }

  /** The stored evaluation rows with E10's numerator and value moved by {@code change}. */
  static Dataset<Row> evaluation(Dataset<Row> stored, Dataset<Row> change, String city) {
    String[] keys = {"year", "quarter", "region_level", "region", "indicator_code"};
    Dataset<Row> sums = PovertyIndices.explodeRegions(change, city)
        .groupBy("year", "quarter", "region_level", "region").agg(sum("change").as("change"));
    // A few rows (periods x regions), taken to the driver: a local relation's size is known, so
    // the join below is a plain broadcast. (Over a frame of unknown size Spark 3.5 adds a runtime
    // bloom filter to the stored rows, whose generated code fails to compile; it then falls back
    // to interpreting it, with the same result but an error in the log.)
    Dataset<Row> byRegion = stored.sparkSession().createDataFrame(sums.collectAsList(), sums.schema())
        .withColumn("indicator_code", lit("E10"));
    // E10 has no denominator and its value is the count itself (EvaluationMetrics.evaluation);
    // every stored E10 row holds a number (0 where nothing was counted).
    Column moved = coalesce(col("change"), lit(0L)).cast("decimal(38,18)");
    return MartSchemas.conform(EvaluationMetrics.MART, stored.join(byRegion, keys, "left")
        .withColumn("numerator", when(col("change").isNull(), col("numerator")).otherwise(col("numerator").plus(moved)))
        .withColumn("value", when(col("change").isNull(), col("value")).otherwise(col("value").plus(moved))));
  }
}
