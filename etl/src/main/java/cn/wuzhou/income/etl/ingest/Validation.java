package cn.wuzhou.income.etl.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
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
    return withOrphanMembers(members, loadedHouseholds, BROADCAST_KEYS);
  }

  static Dataset<Row> withOrphanMembers(Dataset<Row> members, Dataset<Row> loadedHouseholds, long broadcastKeys) {
    Dataset<Row> known = loadedHouseholds.select(col("month").as("k0"), col("household_id").as("k1"));
    Dataset<Row> orphans = members.filter(col("reason").isNull())
        .select(col("month").as("k0"), col("household_id").as("k1")).distinct()
        .join(known, new String[] {"k0", "k1"}, "left_anti");
    return flag(members, orphans, "month", "household_id", Reason.ORPHAN_MEMBER, broadcastKeys);
  }

  /**
   * Sets {@code reason = DUPLICATE_KEY} on every row whose {@code unique_key} occurs more than once
   * among the rows of its delivery that passed every other check.
   */
  public static Dataset<Row> withDuplicateKeys(Dataset<Row> flagged) {
    return withDuplicateKeys(flagged, BROADCAST_KEYS);
  }

  static Dataset<Row> withDuplicateKeys(Dataset<Row> flagged, long broadcastKeys) {
    Dataset<Row> valid = flagged.filter(col("reason").isNull());
    // Counted first by a 64-bit hash of the key, a number per row rather than two texts: equal
    // keys have equal hashes, so only the rows of a repeated hash (the duplicates, and the rare
    // collision) are counted again by their keys. The repeated hashes are found before the rows
    // are matched to them, so that their usual few are broadcast: planned as one job, the match
    // shuffled every valid row beside the count.
    Column hash = xxhash64(col("delivery_id"), col("unique_key"));
    Dataset<Row> suspects = computedOnce(valid.groupBy(hash.as("h")).count().filter(col("count").gt(1)).select("h"),
        broadcastKeys);
    Dataset<Row> duplicated = valid.join(suspects, hash.equalTo(suspects.col("h")), "left_semi")
        .groupBy(col("delivery_id").as("k0"), col("unique_key").as("k1")).count()
        .filter(col("count").gt(1)).drop("count");
    return flag(flagged, duplicated, "delivery_id", "unique_key", Reason.DUPLICATE_KEY, broadcastKeys);
  }

  /** Keys at most this many are broadcast to every task (a typical delivery has none or a few hundred). */
  static final long BROADCAST_KEYS = 200_000;

  /**
   * Sets {@code reason} on the valid rows whose ({@code c0}, {@code c1}) is a row (k0, k1) of
   * {@code keys} (distinct). Only the two key columns are shuffled to find the keys; they are
   * computed once and, when at most {@code broadcastKeys}, broadcast, so the wide rows (raw line
   * and every column) are not shuffled. A valid row's key columns are never null (required
   * fields), so the equi-join misses no row the rule applies to.
   */
  private static Dataset<Row> flag(Dataset<Row> rows, Dataset<Row> keys, String c0, String c1, Reason reason,
      long broadcastKeys) {
    Dataset<Row> found = computedOnce(keys.withColumn("k_hit", lit(true)), broadcastKeys);
    Dataset<Row> joined = rows.join(found,
        rows.col(c0).equalTo(found.col("k0")).and(rows.col(c1).equalTo(found.col("k1"))), "left");
    return joined.withColumn("reason", when(col("reason").isNull().and(col("k_hit").isNotNull()),
            lit(reason.name())).otherwise(col("reason")))
        .drop("k0", "k1", "k_hit");
  }

  /**
   * {@code few} computed once (kept in memory) and, when at most {@code broadcastKeys} rows,
   * marked to be broadcast: the rows a check looks up, known before the join that matches them is
   * planned, so that it can broadcast them.
   */
  private static Dataset<Row> computedOnce(Dataset<Row> few, long broadcastKeys) {
    Dataset<Row> kept = few.localCheckpoint();
    return kept.count() <= broadcastKeys ? broadcast(kept) : kept;
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
