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
   * Makes the table at {@code path} equal to {@code wanted} with one Delta MERGE on
   * {@code (household_id, valid_from)}: changed versions updated, new ones inserted, versions no
   * longer wanted deleted; unchanged rows are not rewritten.
   */
  public static void merge(SparkSession spark, String path, Dataset<Row> wanted) {
    String unchanged = java.util.Arrays.stream(SilverSchemas.HOUSEHOLDS.fieldNames())
        .map(c -> "t." + c + " <=> s." + c).collect(Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path).as("t")
        .merge(wanted.as("s"), "t.household_id = s.household_id AND t.valid_from = s.valid_from")
        .whenMatched("NOT (" + unchanged + ")").updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource().delete()
        .execute();
  }
}
