package cn.wuzhou.income.etl.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.models.serving.PeriodSlice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Where the warehouse's Delta tables live ({@code <root>/<name>}, the root being
 * {@link WarehouseConfig#effectiveTablesRoot()}, by default {@code <home>/tables}) and the few
 * ways the jobs read and write them. Every write is one Delta commit: readers see the old table
 * or the new one, never half.
 */
public final class WarehouseTables {
  /** Delta writes {@link #writeEach} runs at once. */
  public static final int PARALLEL_WRITES = 3;

  /**
   * Columns that place a row in time or in a delivery: the jobs read, replace and publish rows by
   * these, and the rows of one file share a narrow range of them (written by period, facts
   * clustered on their period key). Their statistics skip files; the statistics of any other
   * column (names, ids, amounts spread over every file) skip none.
   */
  private static final Pattern PERIOD_COLUMN = Pattern.compile(
      "period|delivery_id|feed|year|quarter|month|valid_from|valid_to|.+_month|event_date|due_date|paid_date|.*date_sk");

  private final SparkSession spark;
  private final String root;

  /** The tables of the deployment {@code config} describes. */
  public static WarehouseTables of(SparkSession spark, WarehouseConfig config) {
    return new WarehouseTables(spark, config.effectiveTablesRoot());
  }

  /** The tables under {@code <home>/tables}. */
  public WarehouseTables(SparkSession spark, Path home) {
    this(spark, WarehouseConfig.tablesUnder(home));
  }

  /** {@code root} may be any Hadoop path (file:, hdfs://, s3a://). */
  public WarehouseTables(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  public SparkSession spark() {
    return spark;
  }

  public String path(String table) {
    return root + "/" + table;
  }

  public boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /**
   * The table's current Delta version, read from its log as Delta itself brings it up to date
   * before a read (a listing of {@code _delta_log}, commits of other processes included), not from
   * its history, which costs a Spark job per call: a run asked for some 30 versions.
   */
  public long version(String table) {
    return DeltaLog.forTable(spark, path(table)).update(false, Option.empty(), Option.empty()).version();
  }

  public Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  /** The table, or an empty frame of {@code schema} when it was never written. */
  public Dataset<Row> readOrEmpty(String table, StructType schema) {
    return exists(table) ? read(table) : spark.createDataFrame(List.of(), schema);
  }

  /**
   * Creates the table (or empties it), with {@code schema} and the Delta table {@code properties}
   * (when empty: {@link #periodStats} of the schema).
   */
  public void create(String table, StructType schema, Map<String, String> properties) {
    spark.createDataFrame(List.of(), schema).write().format("delta").mode(SaveMode.Overwrite)
        .options(orPeriodStats(properties, schema)).save(path(table));
  }

  /**
   * The table property by which Delta keeps per-file statistics (min, max, null count) of
   * {@code columns} only, instead of the first 32 columns. For tables read and replaced by a few
   * key columns only: the statistics of every other column cost time at each write (each
   * written row updates them) and skip no file.
   */
  public static Map<String, String> statsOnly(String... columns) {
    return Map.of("delta.dataSkippingStatsColumns", String.join(",", columns));
  }

  /**
   * The properties a table gets when a write creates it without properties of its own:
   * {@link #statsOnly} its {@link #PERIOD_COLUMN period columns}. Delta would otherwise keep
   * statistics of the first 32 columns, updated by every written row (3 % of a full city run's
   * task time, docs/scaling.md). A table with no such column keeps Delta's default.
   */
  public static Map<String, String> periodStats(StructType schema) {
    String[] columns = Arrays.stream(schema.fieldNames()).filter(c -> PERIOD_COLUMN.matcher(c).matches())
        .toArray(String[]::new);
    return columns.length == 0 ? Map.of() : statsOnly(columns);
  }

  private static Map<String, String> orPeriodStats(Map<String, String> properties, StructType schema) {
    return properties.isEmpty() ? periodStats(schema) : properties;
  }

  /**
   * Replaces the whole table in one commit (schema replaced too); a table it creates gets
   * {@link #periodStats}.
   */
  public void overwrite(String table, Dataset<Row> rows) {
    DataFrameWriter<Row> write = rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true");
    if (!exists(table)) {
      write = write.options(periodStats(rows.schema()));
    }
    write.save(path(table));
  }

  /**
   * Replaces the rows matching {@code condition} (SQL over the table's columns) in one commit,
   * whose user metadata is {@link #REPLACED} + the condition (what the publish stage reads to
   * copy only those rows on).
   */
  public void replaceWhere(String table, String condition, Dataset<Row> rows) {
    replaceWhere(table, condition, rows, Map.of());
  }

  /**
   * As {@link #replaceWhere(String, String, Dataset)}; when the write creates the table, it
   * gets the Delta table {@code properties} (such as {@link #statsOnly}; when empty,
   * {@link #periodStats}).
   */
  public void replaceWhere(String table, String condition, Dataset<Row> rows, Map<String, String> properties) {
    if (!exists(table)) {
      rows.write().format("delta").mode(SaveMode.Overwrite).options(orPeriodStats(properties, rows.schema()))
          .save(path(table));
      return;
    }
    rows.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", skippable(condition))
        .option("userMetadata", REPLACED + condition).save(path(table));
  }

  /**
   * The rows of {@code condition}, in a form whose files Delta can skip by their statistics: a
   * period slice over a computed key ({@code year * 10 + quarter >= 20251}), which no file's
   * statistics bound, gets its bound on the leading column alone first ({@code year >= 2025 AND
   * …}, {@link PeriodSlice#indexedSql}). A replacement then reads only the files that may hold
   * rows of the slice's first year on, not every file of the table. Any other condition is
   * returned as it is.
   */
  static String skippable(String condition) {
    return PeriodSlice.parse(condition).map(s -> s.indexedSql(UnaryOperator.identity())).orElse(condition);
  }

  /** Prefix of the user metadata of a {@link #replaceWhere} commit. */
  public static final String REPLACED = "replaced where ";

  /**
   * The user metadata of each commit after {@code version} up to the latest, oldest first (null
   * where a commit has none); empty when some of those commits are no longer in the log. With no
   * commit after {@code version} the answer comes from the log's {@link #version}, without the
   * Spark job that reads the history (publish asks this of every mart, most unchanged in a
   * month's run).
   */
  public Optional<List<String>> commitsSince(String table, long version) {
    if (version(table) <= version) {
      return Optional.of(List.of());
    }
    List<Row> commits = DeltaTable.forPath(spark, path(table)).history()
        .filter(col("version").gt(version))
        .orderBy("version").select("version", "userMetadata").collectAsList();
    long expected = version + 1;
    List<String> out = new ArrayList<>();
    for (Row c : commits) {
      if (c.getLong(0) != expected++) {
        return Optional.empty();
      }
      out.add(c.isNullAt(1) ? null : c.getString(1));
    }
    return Optional.of(out);
  }

  /**
   * Writes each table of {@code rows}: {@link #replaceWhere} its condition in {@code replace}
   * when it has one, else {@link #overwrite}; up to {@link #PARALLEL_WRITES} writes at a time (a
   * small table's write is mostly fixed Delta cost that overlaps another's). Prints one line per
   * table ({@code label} + name, {@code detail} of its row count) as each finishes; the first
   * failure is thrown once every started write has ended. A table with an expression in
   * {@code clusterBy} is range-partitioned on it first, so that each file holds a narrow range
   * (a later {@code replaceWhere} on that expression rewrites few files). A replacement that
   * would neither remove nor add a row (no rows rebuilt, none held under the condition) makes no
   * commit.
   */
  public void writeEach(Map<String, Dataset<Row>> rows, Map<String, String> replace, Map<String, String> clusterBy,
      Progress progress, String label, LongFunction<String> detail) {
    ExecutorService pool = Parallel.pool(PARALLEL_WRITES, "delta-writer");
    try {
      List<Future<?>> writes = new ArrayList<>();
      rows.forEach((name, data) -> writes.add(pool.submit(() -> {
        JobDescriptions.set(spark, "write " + name);
        Progress.Stage stage = progress.stage(label + name);
        Dataset<Row> clustered = clusterBy.containsKey(name)
            ? data.repartitionByRange(expr(clusterBy.get(name))) : data;
        if (replace.containsKey(name)) {
          if (data.isEmpty() && exists(name) && read(name).filter(skippable(replace.get(name))).isEmpty()) {
            stage.done("nothing to write: no rows rebuilt, none held where " + replace.get(name));
            return;
          }
          replaceWhere(name, replace.get(name), clustered);
        } else {
          overwrite(name, clustered);
        }
        stage.done(detail.apply(data.count()));
      })));
      Parallel.joinAll(writes, "writing tables");
    } finally {
      pool.shutdownNow();
    }
  }

  public void append(String table, Dataset<Row> rows) {
    rows.write().format("delta").mode(SaveMode.Append).save(path(table));
  }

  /** Names of the tables present under the root, on whatever file system it is. */
  public List<String> list() {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root);
    List<String> names = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(dir)) {
        return names;
      }
      for (FileStatus table : fs.listStatus(dir)) {
        if (table.isDirectory() && fs.isDirectory(new org.apache.hadoop.fs.Path(table.getPath(), "_delta_log"))) {
          names.add(table.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list tables under " + root, e);
    }
    Collections.sort(names);
    return names;
  }

  /** Registers every table as a temporary view of its name, for SQL. */
  public void registerViews() {
    for (String name : list()) {
      read(name).createOrReplaceTempView(name);
    }
  }
}
