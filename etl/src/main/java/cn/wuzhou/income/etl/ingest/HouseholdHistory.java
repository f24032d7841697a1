package cn.wuzhou.income.etl.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import cn.wuzhou.income.etl.common.SilverSchemas;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code silver_households}: the registry history as a slowly changing dimension, type 2. */
public final class HouseholdHistory {
  /** The columns whose change starts a new version. */
  static final List<String> ATTRIBUTES = List.of("head_person_id", "head_name_masked", "county", "township",
      "village", "household_type", "household_size", "helper_level", "risk_eliminated");

  private HouseholdHistory() {}

  /**
   * The SCD2 versions of every household from all its monthly snapshot rows (schema
   * {@link SilverSchemas#HOUSEHOLD_MONTHS}). A version runs over consecutive delivered months
   * ({@code months}, the snapshot months that were delivered) with equal attributes;
   * {@code valid_to} is the first delivered month it no longer holds in (household changed or
   * absent), null for a version that holds in the last delivered month ({@code is_current}).
   * {@code delivery_id} is the delivery of the version's first month. Depends only on its input,
   * so out-of-order resubmissions give the same result as in-order ones. Output:
   * {@link SilverSchemas#HOUSEHOLDS}.
   */
  public static Dataset<Row> versions(Dataset<Row> householdMonths, List<String> months) {
    SparkSession spark = householdMonths.sparkSession();
    List<String> sorted = months.stream().distinct().sorted().toList();
    List<Row> indexRows = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      indexRows.add(RowFactory.create(sorted.get(i), i));
    }
    StructType indexSchema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("m_month", DataTypes.StringType, false),
        DataTypes.createStructField("m_idx", DataTypes.IntegerType, false)));
    Dataset<Row> index = spark.createDataFrame(indexRows, indexSchema);

    Column attrs = struct(ATTRIBUTES.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    WindowSpec byMonth = Window.partitionBy("household_id").orderBy("m_idx");
    Dataset<Row> numbered = householdMonths
        .join(index, householdMonths.col("month").equalTo(index.col("m_month")))
        .withColumn("attrs", attrs)
        .withColumn("starts_version", when(lag("m_idx", 1).over(byMonth).isNull()
            .or(lag("m_idx", 1).over(byMonth).notEqual(col("m_idx").minus(1)))
            .or(not(lag("attrs", 1).over(byMonth).eqNullSafe(col("attrs")))), lit(1)).otherwise(lit(0)))
        .withColumn("version", sum("starts_version").over(byMonth));
    Dataset<Row> grouped = numbered.groupBy("household_id", "version").agg(
        min("month").as("valid_from"), max("m_idx").as("last_idx"),
        min_by(col("attrs"), col("m_idx")).as("attrs"), min_by(col("delivery_id"), col("m_idx")).as("delivery_id"));
    Dataset<Row> closed = grouped.join(index.withColumnRenamed("m_month", "valid_to"),
        grouped.col("last_idx").plus(1).equalTo(index.col("m_idx")), "left");
    List<Column> out = new ArrayList<>(List.of(col("household_id"), col("valid_from"), col("valid_to"),
        col("valid_to").isNull().as("is_current")));
    ATTRIBUTES.forEach(a -> out.add(col("attrs." + a).as(a)));
    out.add(col("delivery_id"));
    return closed.select(out.toArray(Column[]::new));
  }

  /**
   * Brings the table at {@code path} up to date after the snapshot months from {@code changedFrom}
   * on were loaded or replaced ({@code months}: the snapshot months now delivered). The versions
   * are computed again from the last delivered month before {@code changedFrom} (the anchor) on: a
   * household in the anchor month is in exactly one stored version that holds in it, whose start
   * and delivery are kept; a version that ended by the anchor month read only unchanged months and
   * is not touched. Without an earlier delivered month every version is computed again. Equals
   * {@link #versions} over all months (IngestStageTest).
   */
  public static void update(SparkSession spark, String path, Dataset<Row> householdMonths, List<String> months,
      String changedFrom) {
    java.util.Optional<String> anchor = months.stream().filter(m -> m.compareTo(changedFrom) < 0)
        .max(String::compareTo);
    if (anchor.isEmpty()) {
      merge(spark, path, versions(householdMonths, months), "true");
      return;
    }
    String a = anchor.get();
    Column holdsInAnchor = col("valid_from").leq(a).and(col("valid_to").isNull().or(col("valid_to").gt(a)));
    Dataset<Row> open = DeltaTable.forPath(spark, path).toDF().filter(holdsInAnchor)
        .select(col("household_id"), col("valid_from").as("o_from"), col("delivery_id").as("o_delivery"));
    Column continued = col("valid_from").equalTo(a).and(col("o_from").isNotNull());
    List<Column> out = new ArrayList<>();
    for (String c : SilverSchemas.HOUSEHOLDS.fieldNames()) {
      out.add(switch (c) {
        case "valid_from" -> when(continued, col("o_from")).otherwise(col("valid_from")).as(c);
        case "delivery_id" -> when(continued, col("o_delivery")).otherwise(col("delivery_id")).as(c);
        default -> col(c);
      });
    }
    Dataset<Row> wanted = versions(householdMonths.filter(col("month").geq(a)), months)
        .join(open, "household_id", "left").select(out.toArray(Column[]::new)).localCheckpoint();
    merge(spark, path, wanted, "t.valid_to IS NULL OR t.valid_to > '" + a + "'");
  }

  /**
   * Makes the rows of the table at {@code path} that pass {@code scope} (a condition on {@code t})
   * equal to {@code wanted} with one Delta MERGE on {@code (household_id, valid_from)}: changed
   * versions updated, new ones inserted, versions in scope no longer wanted deleted; unchanged
   * rows are not rewritten.
   */
  static void merge(SparkSession spark, String path, Dataset<Row> wanted, String scope) {
    String unchanged = java.util.Arrays.stream(SilverSchemas.HOUSEHOLDS.fieldNames())
        .map(c -> "t." + c + " <=> s." + c).collect(Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path).as("t")
        .merge(wanted.as("s"), "t.household_id = s.household_id AND t.valid_from = s.valid_from")
        .whenMatched("NOT (" + unchanged + ")").updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource(scope).delete()
        .execute();
  }
}
