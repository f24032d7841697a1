package cn.wuzhou.income.etl.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The bad-row rules of {@code feeds.md} as transforms from bronze rows to flagged rows. */
public final class Validation {
  private Validation() {}

  /** Schema of a flagged row: {@link RowValidator#FLAG_COLUMNS}, then the silver columns (nullable). */
  public static StructType flaggedSchema(StructType silver) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("file", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("line_number", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("raw_line", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("reason", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("unique_key", DataTypes.StringType, true));
    for (StructField f : silver.fields()) {
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * Adds {@code reason} (the first row-level rule of feeds.md the row fails, null when valid) and
   * replaces the delivered strings by the typed silver columns; keeps file, line and raw text.
   * Requires the columns of {@link Bronze#schema}.
   */
  public static Dataset<Row> withRowChecks(Dataset<Row> bronze, Feed feed, RowValidator validator, StructType silver) {
    int n = feed.columns().size();
    MapFunction<Row, Row> check = r -> {
      String[] values = new String[n];
      for (int i = 0; i < n; i++) {
        values[i] = r.isNullAt(i) ? null : r.getString(i);
      }
      return validator.validate(values, r.getBoolean(n + 5), r.getString(n), r.getString(n + 1),
          r.getString(n + 2), r.getInt(n + 3), r.getString(n + 4));
    };
    return bronze.map(check, Encoders.row(flaggedSchema(silver)));
  }

  /**
   * Sets {@code reason = ORPHAN_MEMBER} on valid member rows whose {@code (month, household_id)} is
   * not among {@code loadedHouseholds} (columns {@code month, household_id}: the loaded rows of
   * the households snapshots).
   */
  public static Dataset<Row> withOrphanMembers(Dataset<Row> members, Dataset<Row> loadedHouseholds) {
    Dataset<Row> keys = loadedHouseholds.select(col("month").as("hh_month"), col("household_id").as("hh_id"))
        .distinct().withColumn("hh_found", lit(true));
    Dataset<Row> joined = members.join(keys,
        members.col("month").equalTo(keys.col("hh_month")).and(members.col("household_id").equalTo(keys.col("hh_id"))),
        "left");
    return joined.withColumn("reason", when(col("reason").isNull().and(col("hh_found").isNull()),
            lit(Reason.ORPHAN_MEMBER.name())).otherwise(col("reason")))
        .drop("hh_month", "hh_id", "hh_found");
  }

  /**
   * Sets {@code reason = DUPLICATE_KEY} on every row whose {@code unique_key} occurs more than once
   * among the rows of its delivery that passed every other check.
   */
  public static Dataset<Row> withDuplicateKeys(Dataset<Row> flagged) {
    Column validWithSameKey = count(when(col("reason").isNull(), lit(1)))
        .over(Window.partitionBy(col("delivery_id"), col("unique_key")));
    return flagged.withColumn("reason", when(col("reason").isNull().and(validWithSameKey.gt(1)),
        lit(Reason.DUPLICATE_KEY.name())).otherwise(col("reason")));
  }

  /** The silver rows: valid rows only, in the declared column order. */
  public static Dataset<Row> filterLoaded(Dataset<Row> flagged, StructType silver) {
    return flagged.filter(col("reason").isNull()).select(columns(silver));
  }

  /** The quarantine rows of {@code feed}: bad rows only, as declared in {@code SilverSchemas.QUARANTINE}. */
  public static Dataset<Row> filterQuarantined(Dataset<Row> flagged, Feed feed) {
    return flagged.filter(col("reason").isNotNull()).select(lit(feed.feedName()).as("feed"), col("period"),
        col("delivery_id"), col("file"), col("line_number"), col("reason"), col("raw_line"));
  }

  private static Column[] columns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}
