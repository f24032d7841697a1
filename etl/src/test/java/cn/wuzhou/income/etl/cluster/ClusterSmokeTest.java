package cn.wuzhou.income.etl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.SparkSessions;
import cn.wuzhou.income.etl.common.WarehouseTables;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta write, a MERGE, a shuffle aggregation and a Java function, run through
 * {@link SparkSessions#create} against a standalone cluster (bin/spark-cluster start), with the
 * table under a local home the executors share. Runs only when {@code WAREHOUSE_TEST_SPARK_MASTER}
 * names the master, alone in its JVM (bench/cluster-check.sh runs it so); skipped otherwise.
 */
class ClusterSmokeTest {
  private static final StructType INCOME = new StructType()
      .add("household_id", DataTypes.StringType)
      .add("county", DataTypes.StringType)
      .add("income", DataTypes.LongType);

  @Test
  void deltaMergeAndAggregationRunOnTheClusterExecutors(@TempDir Path home) throws InterruptedException {
    String master = System.getenv("WAREHOUSE_TEST_SPARK_MASTER");
    assumeTrue(master != null && !master.isBlank(),
        "WAREHOUSE_TEST_SPARK_MASTER is unset: start bin/spark-cluster and set it to spark://127.0.0.1:7077");
    assumeTrue(SparkSession.getDefaultSession().isEmpty(),
        "another SparkSession runs in this test JVM; run this test alone (-Dtest=ClusterSmokeTest)");
    WarehouseConfig config = WarehouseConfig.load(Path.of(System.getProperty("warehouse.repo.root"), "conf"),
        Map.of("WAREHOUSE_SPARK_MASTER", master), home);

    SparkSession spark = SparkSessions.create(config);
    Set<String> taskExecutors = ConcurrentHashMap.newKeySet();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        taskExecutors.add(taskEnd.taskInfo().executorId());
      }
    });
    try {
      assertEquals(master, spark.sparkContext().master());
      WarehouseTables tables = new WarehouseTables(spark, home);
      tables.overwrite("smoke_income", spark.createDataFrame(List.of(
          RowFactory.create("h1", "万秀区", 1000L),
          RowFactory.create("h2", "万秀区", 2000L),
          RowFactory.create("h3", "藤县", 1500L),
          RowFactory.create("h4", "藤县", 500L),
          RowFactory.create("h5", "岑溪市", 3000L)), INCOME).repartition(3));
      Dataset<Row> updates = spark.createDataFrame(List.of(
          RowFactory.create("h2", "万秀区", 2500L),
          RowFactory.create("h4", "藤县", 700L),
          RowFactory.create("h6", "岑溪市", 400L)), INCOME);
      DeltaTable.forPath(spark, tables.path("smoke_income")).as("t")
          .merge(updates.as("u"), "t.household_id = u.household_id")
          .whenMatched().updateAll()
          .whenNotMatched().insertAll()
          .execute();

      Dataset<Row> merged = tables.read("smoke_income");
      List<Row> byCounty = merged.groupBy("county")
          .agg(functions.sum("income").as("income"), functions.count("*").as("households"))
          .orderBy("county").collectAsList();
      // 万秀区 1000 + 2500 (h2 updated) = 3500; 岑溪市 3000 + 400 (h6 inserted) = 3400;
      // 藤县 1500 + 700 (h4 updated) = 2200; two households each. Order: Unicode code points.
      assertEquals(List.of(
          RowFactory.create("万秀区", 3500L, 2L),
          RowFactory.create("岑溪市", 3400L, 2L),
          RowFactory.create("藤县", 2200L, 2L)), byCounty);
      // A Java function: the project's (here the test's) classes must reach the executors too.
      List<String> ids = merged.map((MapFunction<Row, String>) r -> r.getString(0).toUpperCase(), Encoders.STRING())
          .orderBy("value").collectAsList();
      assertEquals(List.of("H1", "H2", "H3", "H4", "H5", "H6"), ids);
      assertEquals("MERGE", DeltaTable.forPath(spark, tables.path("smoke_income")).history(1)
          .select("operation").first().getString(0));

      for (int i = 0; i < 50 && taskExecutors.isEmpty(); i++) {
        Thread.sleep(100); // listener events arrive asynchronously
      }
      assertFalse(taskExecutors.isEmpty(), "no task end seen");
      assertFalse(taskExecutors.contains("driver"), "tasks ran in the driver: " + taskExecutors);
      assertTrue(spark.sparkContext().statusTracker().getExecutorInfos().length >= 2,
          "expected the driver and at least one executor");
    } finally {
      spark.stop();
    }
  }
}
