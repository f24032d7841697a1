package cn.wuzhou.income.etl.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.common.Frames.Frame;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class FramesTest {
  /**
   * A frame's Spark jobs are described "<build>: <frame>" (what the Spark UI and the event log
   * show for them); the pool thread that computed it describes none of its later jobs.
   */
  @Test
  void eachFramesJobsCarryTheBuildAndTheFrameName() throws Exception {
    SparkSession spark = SharedSpark.session();
    List<String> descriptions = new CopyOnWriteArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        String d = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
        descriptions.add(String.valueOf(d));
      }
    };
    ExecutorService pool = Parallel.pool(1, "frames-test");
    spark.sparkContext().addSparkListener(listener);
    try {
      Frames frames = new Frames(spark, "test build", Dataset::localCheckpoint, pool);
      Frame numbers = frames.frame("numbers", () -> spark.range(10).toDF());
      Frame evens = frames.frame("evens", () -> numbers.rows().filter("id % 2 = 0"), numbers);
      frames.await("testing");
      assertEquals(5L, evens.rows().count());
      long later = CompletableFuture.supplyAsync(() -> spark.range(3).count(), pool).join();
      assertEquals(3L, later);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(descriptions.contains("test build: numbers"), descriptions.toString());
      assertTrue(descriptions.contains("test build: evens"), descriptions.toString());
      assertFalse(descriptions.get(descriptions.size() - 1).startsWith("test build"), descriptions.toString());
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      pool.shutdownNow();
    }
  }
}
