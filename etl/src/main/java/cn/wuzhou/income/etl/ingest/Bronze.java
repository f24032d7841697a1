package cn.wuzhou.income.etl.ingest;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import cn.wuzhou.income.etl.common.WarehouseTables;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code bronze_<feed>}: every received row as delivered. One string column per feed column (by
 * English key; null when the file has no such column or the record no such field), then
 * {@code period, delivery_id, file, line_number, raw_line, field_count_ok, received_at}.
 * Files are parsed inside Spark tasks, one task per file.
 */
public final class Bronze {
  /** Columns after the feed's own. */
  public static final List<String> META = List.of("period", "delivery_id", "file", "line_number",
      "raw_line", "field_count_ok", "received_at");

  /**
   * A bronze table is replaced and read by delivery: file statistics of the period and the
   * delivery only (Delta's default, the first 32 columns, would take every delivered text and
   * the raw line, at a cost on every row written).
   */
  public static final Map<String, String> TABLE_PROPERTIES = WarehouseTables.statsOnly("period", "delivery_id");

  private Bronze() {}

  /**
   * One readable file of a delivery and where its header put each feed column.
   *
   * @param columnIndex for each feed column (in {@link Feed#columns()} order) its position in the
   *     file's records, or -1 when the header lacks it
   */
  public record FileTask(Feed feed, String period, String deliveryId, String path, String name,
      int[] columnIndex, int headerSize, long receivedAtMillis) implements Serializable {}

  public static StructType schema(Feed feed) {
    List<StructField> fields = new ArrayList<>();
    feed.keys().forEach(k -> fields.add(DataTypes.createStructField(k, StringType, true)));
    fields.add(DataTypes.createStructField("period", StringType, false));
    fields.add(DataTypes.createStructField("delivery_id", StringType, false));
    fields.add(DataTypes.createStructField("file", StringType, false));
    fields.add(DataTypes.createStructField("line_number", IntegerType, false));
    fields.add(DataTypes.createStructField("raw_line", StringType, false));
    fields.add(DataTypes.createStructField("field_count_ok", BooleanType, false));
    fields.add(DataTypes.createStructField("received_at", TimestampType, false));
    return DataTypes.createStructType(fields);
  }

  /** The bronze rows of {@code tasks} (all of one feed), parsed lazily in one task per file. */
  public static Dataset<Row> read(SparkSession spark, Feed feed, List<FileTask> tasks) {
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(tasks, Math.max(1, tasks.size()))
        .flatMap(task -> parse(task).iterator());
    return spark.createDataFrame(rows, schema(feed));
  }

  static List<Row> parse(FileTask task) {
    List<Row> out = new ArrayList<>();
    int n = task.columnIndex().length;
    Timestamp receivedAt = new Timestamp(task.receivedAtMillis());
    try {
      FeedFiles.records(Path.of(task.path()), task.headerSize(), r -> {
        Object[] values = new Object[n + META.size()];
        for (int i = 0; i < n; i++) {
          int at = task.columnIndex()[i];
          values[i] = at >= 0 && at < r.fields().size() ? r.fields().get(at) : null;
        }
        values[n] = task.period();
        values[n + 1] = task.deliveryId();
        values[n + 2] = task.name();
        values[n + 3] = r.lineNumber();
        values[n + 4] = r.rawLine();
        values[n + 5] = r.fieldCountOk();
        values[n + 6] = receivedAt;
        out.add(RowFactory.create(values));
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + task.path(), e);
    }
    return out;
  }
}
