package cn.wuzhou.income.etl.common;

import cn.wuzhou.income.config.WarehouseConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a process: Delta enabled, no Hive, settings from {@code conf/}. */
public final class SparkSessions {
  /** A standalone master on this machine: its workers see the driver's files and classpath. */
  private static final Pattern LOOPBACK_STANDALONE = Pattern.compile("spark://(127\\.0\\.0\\.1|localhost)(:\\d+)?");

  private SparkSessions() {}

  /**
   * The session for {@code config}: its master and its Spark settings, Delta Lake enabled.
   *
   * <p>Under {@code spark-submit} (the {@code spark.master} system property is set) the submitted
   * master and every {@code --conf} key win over what this method would choose; the settings of
   * {@code conf/warehouse.yaml} still apply. See {@link #clusterSettings} for what a non-local
   * master gets.
   */
  public static SparkSession create(WarehouseConfig config) {
    String submittedMaster = System.getProperty("spark.master");
    String master = submittedMaster != null ? submittedMaster : config.sparkMaster();
    Map<String, String> settings = new LinkedHashMap<>(
        settings(config.home().resolve("spark-warehouse").toAbsolutePath().toString()));
    Predicate<String> submitted = key -> System.getProperty(key) != null || config.sparkSettings().containsKey(key);
    settings.putAll(clusterSettings(master, System.getProperty("java.class.path"), submitted));
    if (!isLocal(master) && !LOOPBACK_STANDALONE.matcher(master).matches()) {
      // Executors on other machines must reach the driver by its real address.
      settings.remove("spark.driver.host");
    }
    settings.keySet().removeIf(key -> System.getProperty(key) != null);
    settings.putAll(config.sparkSettings());

    SparkSession.Builder builder = SparkSession.builder().appName("wuzhou-income-warehouse");
    if (submittedMaster == null) {
      builder.master(master);
    }
    settings.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** Settings every session of the warehouse needs, in tests too: {@link #deltaSettings} and {@link LocalFileSystems#SETTINGS}. */
  public static Map<String, String> settings(String warehouseDir) {
    Map<String, String> settings = new LinkedHashMap<>(deltaSettings(warehouseDir));
    settings.putAll(LocalFileSystems.SETTINGS);
    return settings;
  }

  /**
   * The Delta Lake settings of every session.
   *
   * <p>Delta 3.3 keeps the file list of a table of fewer than 50 files in each commit's checksum
   * ({@code .crc}) file, and in a session whose time zone is not UTC (ours is Asia/Shanghai) it
   * checks that list after every commit by rebuilding the table's state from its log: one or more
   * Spark jobs per commit. The warehouse does not need the list there ({@code allFilesInCrc}
   * off): the checksum is still written, and Delta still reads a table's protocol and metadata
   * from it.
   */
  public static Map<String, String> deltaSettings(String warehouseDir) {
    return Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.catalogImplementation", "in-memory",
        "spark.sql.warehouse.dir", warehouseDir,
        "spark.driver.host", "127.0.0.1",
        "spark.sql.session.timeZone", "Asia/Shanghai",
        "spark.databricks.delta.schema.autoMerge.enabled", "false",
        "spark.databricks.delta.allFilesInCrc.enabled", "false");
  }

  /**
   * What a master other than {@code local[…]} needs beyond {@link #deltaSettings}, for the keys
   * not already set ({@code alreadySet}: by {@code spark-submit --conf} or {@code conf/}).
   *
   * <p>A standalone master on this machine ({@code spark://127.0.0.1:…} or {@code localhost}, as
   * {@code bin/spark-cluster} starts) runs its executors from the same files as the driver, so
   * unless {@code spark.jars} or {@code spark.executor.extraClassPath} is set, the executors get
   * the driver's classpath ({@code driverClasspath}) as {@code spark.executor.extraClassPath}.
   * Any other master adds nothing: ship the code with {@code spark-submit} (which sets
   * {@code spark.jars}) or set the keys in {@code conf/warehouse.yaml} (docs/scaling.md). The
   * Java 17 flags are not needed here: Spark 3.5 adds its module options to every executor.
   */
  public static Map<String, String> clusterSettings(String master, String driverClasspath, Predicate<String> alreadySet) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (isLocal(master)) {
      return settings;
    }
    if (!alreadySet.test("spark.executor.extraJavaOptions")) {
      settings.put("spark.executor.extraJavaOptions", "-Dio.netty.tryReflectionSetAccessible=true");
    }
    if (LOOPBACK_STANDALONE.matcher(master).matches()
        && !alreadySet.test("spark.jars") && !alreadySet.test("spark.executor.extraClassPath")
        && driverClasspath != null && !driverClasspath.isBlank()) {
      settings.put("spark.executor.extraClassPath", driverClasspath);
    }
    return settings;
  }

  /**
   * Drops every cached frame and every persisted or locally checkpointed RDD of the session
   * (a stage's intermediate results), so that the next stage has the whole memory.
   */
  public static void releaseCaches(SparkSession spark) {
    spark.catalog().clearCache();
    scala.collection.JavaConverters.mapAsJavaMap(spark.sparkContext().getPersistentRDDs()).values()
        .forEach(rdd -> rdd.unpersist(false));
  }

  private static boolean isLocal(String master) {
    return master.equals("local") || master.startsWith("local[");
  }
}
