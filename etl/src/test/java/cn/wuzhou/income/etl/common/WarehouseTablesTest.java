package cn.wuzhou.income.etl.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.pipeline.StageState;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WarehouseTablesTest {
  private static final StructType SCHEMA = new StructType().add("year", DataTypes.IntegerType)
      .add("n", DataTypes.IntegerType);

  @Test
  void anEmptyReplacementCommitsOnlyWhenItRemovesRows() throws Exception {
    Path home = Files.createTempDirectory("tables");
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    StageState state = new StageState(tables, home);
    tables.overwrite("t", rows(RowFactory.create(2024, 1), RowFactory.create(2025, 2)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8));

    // nothing rebuilt and nothing held from 2026 on: no commit
    tables.writeEach(Map.of("t", rows()), Map.of("t", "year >= 2026"), Map.of(), progress, "", n -> n + " rows");
    assertEquals(0L, state.versions(List.of("t")).get("t"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("nothing to write: no rows rebuilt, none held where "
        + "year >= 2026"), out.toString(StandardCharsets.UTF_8));

    // nothing rebuilt from 2025 on, where a row is held: it is removed
    tables.writeEach(Map.of("t", rows()), Map.of("t", "year >= 2025"), Map.of(), progress, "", n -> n + " rows");
    assertEquals(1L, state.versions(List.of("t")).get("t"));
    assertEquals(List.of(RowFactory.create(2024, 1)), tables.read("t").collectAsList());

    // rows rebuilt where none is held: written
    tables.writeEach(Map.of("t", rows(RowFactory.create(2026, 3))), Map.of("t", "year >= 2026"), Map.of(), progress,
        "", n -> n + " rows");
    assertEquals(2L, state.versions(List.of("t")).get("t"));
    assertEquals(2L, tables.read("t").count());
  }

  /**
   * A commit's checksum file holds the table's size and metadata but not its file list, which
   * Delta would rebuild the table's state to check after every commit in our (non-UTC) time zone
   * ({@link SparkSessions#deltaSettings}).
   */
  @Test
  void aCommitsChecksumHoldsNoFileList() throws Exception {
    Path home = Files.createTempDirectory("tables");
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    tables.overwrite("t", rows(RowFactory.create(2024, 1)));
    tables.replaceWhere("t", "year = 2025", rows(RowFactory.create(2025, 2)));
    String checksum = Files.readString(home.resolve("tables/t/_delta_log/00000000000000000001.crc"));
    assertTrue(checksum.contains("\"numFiles\":2"), checksum);
    assertFalse(checksum.contains("\"allFiles\""), checksum);
  }

  @Test
  void aPeriodSlicesReplacementReadsNoFileOfEarlierYears() throws Exception {
    Path home = Files.createTempDirectory("tables");
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    StructType quarters = new StructType().add("year", DataTypes.IntegerType).add("quarter", DataTypes.IntegerType)
        .add("n", DataTypes.IntegerType);
    tables.overwrite("t", SharedSpark.session().createDataFrame(List.of(RowFactory.create(2024, 4, 1)), quarters));
    List<Path> of2024;
    try (var files = Files.list(home.resolve("tables/t"))) {
      of2024 = files.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
    String slice = "year * 10 + quarter >= 20251";
    tables.replaceWhere("t", slice, SharedSpark.session().createDataFrame(List.of(RowFactory.create(2025, 1, 2)), quarters));
    // Gone from disk: a replacement that opened the files of 2024 would fail.
    for (Path f : of2024) {
      Files.delete(f);
    }

    tables.replaceWhere("t", slice, SharedSpark.session().createDataFrame(List.of(RowFactory.create(2025, 1, 3)), quarters));
    tables.writeEach(Map.of("t", SharedSpark.session().createDataFrame(List.of(), quarters)),
        Map.of("t", "year * 10 + quarter >= 20261"), Map.of(), new Progress(new PrintStream(new ByteArrayOutputStream(),
            true, StandardCharsets.UTF_8)), "", n -> n + " rows");

    assertEquals(List.of(WarehouseTables.REPLACED + slice, WarehouseTables.REPLACED + slice),
        tables.commitsSince("t", 0).orElseThrow(), "the commits keep the slice as written, for publish");
    assertEquals(List.of(3), tables.read("t").filter("year = 2025").select("n").as(
        org.apache.spark.sql.Encoders.INT()).collectAsList());
    assertEquals("year >= 2025 AND year * 10 + quarter >= 20251", WarehouseTables.skippable(slice));
    assertEquals("n = 2", WarehouseTables.skippable("n = 2"));
  }

  /** A table a write creates keeps file statistics of its period columns only, not of every column. */
  @Test
  void aCreatedTableKeepsStatisticsOfItsPeriodColumnsOnly() throws Exception {
    SparkSession spark = SharedSpark.session();
    WarehouseTables tables = new WarehouseTables(spark, Files.createTempDirectory("tables"));
    StructType facts = new StructType().add("household_id", DataTypes.StringType).add("year", DataTypes.IntegerType)
        .add("work_month", DataTypes.StringType).add("amount", DataTypes.IntegerType);
    tables.overwrite("t", spark.createDataFrame(List.of(RowFactory.create("h1", 2025, "2025-03", 7)), facts));
    tables.replaceWhere("u", "year = 2025", spark.createDataFrame(List.of(RowFactory.create("h1", 2025, "2025-03", 7)),
        facts));

    for (String t : List.of("t", "u")) {
      Row stats = spark.read().json(tables.path(t) + "/_delta_log/00000000000000000000.json")
          .filter("add is not null").select("add.stats").first();
      String json = stats.getString(0);
      assertTrue(json.contains("\"year\":2025") && json.contains("\"work_month\":\"2025-03\""), json);
      assertFalse(json.contains("household_id") || json.contains("amount"), json);
    }
    assertEquals(Map.of("delta.dataSkippingStatsColumns", "year,work_month"), WarehouseTables.periodStats(facts));
    assertEquals(Map.of(), WarehouseTables.periodStats(new StructType().add("n", DataTypes.IntegerType)
        .add("birth_date", DataTypes.DateType)));
  }

  /** No commit since a version: told from the log, with no Spark job; commits since: read from the history. */
  @Test
  void commitsSinceTheLatestVersionRunsNoSparkJob() throws Exception {
    SparkSession spark = SharedSpark.session();
    WarehouseTables tables = new WarehouseTables(spark, Files.createTempDirectory("tables"));
    tables.overwrite("t", rows(RowFactory.create(2024, 1)));
    tables.replaceWhere("t", "year = 2025", rows(RowFactory.create(2025, 2)));
    List<String> jobs = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.add(String.valueOf(start.jobId()));
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      assertEquals(Optional.of(List.of()), tables.commitsSince("t", 1));
      assertEquals(Optional.of(List.of()), tables.commitsSince("t", 7));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(List.of(), jobs, "no job when nothing was committed since");

      assertEquals(Optional.of(List.of(WarehouseTables.REPLACED + "year = 2025")), tables.commitsSince("t", 0));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertFalse(jobs.isEmpty(), "the history of commits since is read by a job (the listener sees it)");
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  private static Dataset<Row> rows(Row... rows) {
    return SharedSpark.session().createDataFrame(List.of(rows), SCHEMA);
  }
}
