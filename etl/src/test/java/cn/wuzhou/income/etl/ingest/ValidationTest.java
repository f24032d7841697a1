package cn.wuzhou.income.etl.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.etl.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules across rows (DUPLICATE_KEY, ORPHAN_MEMBER), with their keys broadcast (the usual
 * case) and joined by a shuffle (more keys than the broadcast limit, here 0).
 */
class ValidationTest {
  private static final StructType FLAGGED = new StructType().add("line", "int").add("delivery_id", "string")
      .add("unique_key", "string").add("reason", "string").add("month", "string").add("household_id", "string");

  private static Dataset<Row> rows(Object[]... rows) {
    SparkSession spark = SharedSpark.session();
    return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), FLAGGED);
  }

  /** line → reason ("-" for a valid row). */
  private static Map<Integer, String> reasons(Dataset<Row> flagged) {
    Map<Integer, String> out = new TreeMap<>();
    flagged.select("line", "reason").collectAsList()
        .forEach(r -> out.put(r.getInt(0), r.isNullAt(1) ? "-" : r.getString(1)));
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {Validation.BROADCAST_KEYS, 0})
  void duplicateKeysCountOnlyValidRowsOfTheSameDelivery(long broadcastKeys) {
    Dataset<Row> flagged = rows(
        new Object[] {1, "d1", "k1", null, "2024-01", "H1"},
        new Object[] {2, "d1", "k1", null, "2024-01", "H1"},          // same key twice: both
        new Object[] {3, "d1", "k2", null, "2024-01", "H1"},
        new Object[] {4, "d1", "k2", "BAD_DATE", "2024-01", "H1"},    // already bad: does not count
        new Object[] {5, "d2", "k1", null, "2024-01", "H1"},          // another delivery
        new Object[] {6, "d1", null, "MISSING_FIELD", "2024-01", "H1"},
        new Object[] {7, "d1", null, "MISSING_FIELD", "2024-01", "H1"});
    assertEquals(Map.of(1, "DUPLICATE_KEY", 2, "DUPLICATE_KEY", 3, "-", 4, "BAD_DATE", 5, "-",
        6, "MISSING_FIELD", 7, "MISSING_FIELD"), reasons(Validation.withDuplicateKeys(flagged, broadcastKeys)));
  }

  @ParameterizedTest
  @ValueSource(longs = {Validation.BROADCAST_KEYS, 0})
  void orphanMembersAreValidRowsWithoutTheirHouseholdOfTheMonth(long broadcastKeys) {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> households = spark.createDataFrame(List.of(RowFactory.create("2024-01", "H1"),
        RowFactory.create("2024-02", "H2")), new StructType().add("month", "string").add("household_id", "string"));
    Dataset<Row> members = rows(
        new Object[] {1, "d1", "p1", null, "2024-01", "H1"},
        new Object[] {2, "d1", "p2", null, "2024-01", "H2"},          // H2 only in 2024-02
        new Object[] {3, "d2", "p3", null, "2024-02", "H1"},
        new Object[] {4, "d1", "p4", "BAD_ID", "2024-01", "H9"},      // already bad
        new Object[] {5, "d2", "p5", null, "2024-02", "H2"});
    assertEquals(Map.of(1, "-", 2, "ORPHAN_MEMBER", 3, "ORPHAN_MEMBER", 4, "BAD_ID", 5, "-"),
        reasons(Validation.withOrphanMembers(members, households, broadcastKeys)));
  }
}
