package cn.wuzhou.income.etl.testing;

import cn.wuzhou.income.etl.common.SparkSessions;
import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (Delta enabled, in-memory catalog, two local threads) and
 * DataFrame equality from spark-testing-base, used as a plain helper under JUnit 5.
 */
public final class SharedSpark {
  private static SparkSession spark;
  private static JavaDataFrameSuiteBase base;

  private SharedSpark() {}

  /** The session of this JVM, started on first use. */
  public static synchronized SparkSession session() {
    if (spark == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("spark-test-warehouse");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SparkSession.Builder builder = SparkSession.builder().appName("warehouse-tests").master("local[2]")
          // Tiny data: one partition per shuffle, and no code generation at all (compiling each
          // plan, projection and predicate costs more than running it on a handful of rows):
          // expressions are interpreted. This cut a marts stage build by a fifth (51 and 47 s to
          // 38 and 42 s). The generated-code path stays covered where bin/warehouse runs with the
          // settings of conf/: EndToEndTest, the bench and the cluster check.
          .config("spark.sql.shuffle.partitions", "1")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.codegen.wholeStage", "false")
          .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
          .config("spark.databricks.delta.snapshotPartitions", "1")
          .config("spark.ui.enabled", "false")
          // A loaded CI machine can stall the JVM for minutes; in local mode a missed heartbeat
          // must not end the test JVM (Spark exits with code 56 after repeated failures).
          .config("spark.executor.heartbeatInterval", "60s")
          .config("spark.network.timeout", "900s")
          .config("spark.executor.heartbeat.maxFailures", "1000")
          .config("spark.sql.adaptive.enabled", "false");
      SparkSessions.settings(dir.toString()).forEach(builder::config);
      spark = builder.getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
      base = new JavaDataFrameSuiteBase();
      SparkSessionProvider._sparkSession_$eq(spark);
    }
    return spark;
  }

  /** Same rows in the same order, same schema. */
  public static void assertEquals(Dataset<Row> expected, Dataset<Row> actual) {
    session();
    base.assertDataFrameEquals(expected, actual, base.assertDataFrameEquals$default$3());
  }

  /** Same rows in any order, same schema. */
  public static void assertEqualsIgnoringOrder(Dataset<Row> expected, Dataset<Row> actual) {
    session();
    base.assertDataFrameNoOrderEquals(expected, actual);
  }

  /** Same rows in the same order, numbers within {@code tolerance}. */
  public static void assertApproximatelyEquals(Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
    session();
    base.assertDataFrameApproximateEquals(expected, actual, tolerance, Duration.ZERO,
        base.assertDataFrameApproximateEquals$default$5());
  }
}
