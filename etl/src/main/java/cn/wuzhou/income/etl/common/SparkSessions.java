package cn.wuzhou.income.etl.common;

import cn.wuzhou.income.config.WarehouseConfig;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a process: Delta enabled, no Hive, settings from {@code conf/}. */
public final class SparkSessions {
  private SparkSessions() {}

  /** The session for {@code config}: its master and its Spark settings, Delta Lake enabled. */
  public static SparkSession create(WarehouseConfig config) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName("wuzhou-income-warehouse")
        .master(config.sparkMaster());
    deltaSettings(config.home().resolve("spark-warehouse").toAbsolutePath().toString())
        .forEach(builder::config);
    config.sparkSettings().forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** Settings every session of the warehouse needs, in tests too. */
  public static Map<String, String> deltaSettings(String warehouseDir) {
    return Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.catalogImplementation", "in-memory",
        "spark.sql.warehouse.dir", warehouseDir,
        "spark.driver.host", "127.0.0.1",
        "spark.sql.session.timeZone", "Asia/Shanghai",
        "spark.databricks.delta.schema.autoMerge.enabled", "false");
  }
}
