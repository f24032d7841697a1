package cn.wuzhou.income.etl.publish;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.JobDescriptions;
import cn.wuzhou.income.etl.common.Parallel;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.models.MartCatalog;
import cn.wuzhou.income.models.serving.PeriodSlice;
import cn.wuzhou.income.models.serving.ServingPublisher;
import cn.wuzhou.income.models.serving.ServingPublisher.TableRows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The last stage of {@code bin/warehouse run}: copies every mart and serving table of
 * models/marts.yaml ({@code household_history}), {@code deliveries} and the
 * quarantine counts per feed, period, delivery and reason into the serving database
 * ({@link WarehouseConfig#effectiveServingUrl()}), atomically (see {@link ServingPublisher}):
 * readers see the previous complete tables or the new ones. A mart never built yet is left out
 * (its serving table keeps what it had) with a line saying so.
 *
 * <p>Incremental: a mart whose Delta commits since the version last published were all
 * incremental builds ({@link WarehouseTables#replaceWhere} of a {@link PeriodSlice}) has only the
 * rows of those slices replaced; a mart not written since is left as it is; anything else
 * (a full build, a first publish, {@code run --full}, a changed setting) copies the whole mart.
 */
public final class PublishStage implements PipelineStage {
  /** Columns of the serving {@code deliveries} table (V1 migration), in order. */
  static final List<String> DELIVERY_COLUMNS = List.of("feed", "period", "delivery_id", "files",
      "checksum", "rows_received", "rows_loaded", "rows_quarantined", "status", "received_at");
  static final List<String> QUARANTINE_COUNT_COLUMNS = List.of("feed", "period", "delivery_id",
      "reason", "quarantined_rows");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  /** Marts whose changes are looked up at a time. */
  private static final int THREADS = 3;

  @Override
  public String name() {
    return "publish";
  }

  @Override
  public List<String> inputTables() {
    List<String> inputs = new ArrayList<>(published().stream().map(MartCatalog.Mart::name).toList());
    inputs.add("deliveries");
    inputs.add("quarantine");
    return inputs;
  }

  @Override
  public void run(RunContext context) throws SQLException {
    WarehouseTables tables = context.tables();
    Progress progress = context.progress();
    Progress.Stage stage = progress.stage("publish");
    Map<String, Long> published = context.previousBuild();
    // Each mart's change since the last publish (its Delta history; for a slice, a Spark job
    // telling whether it holds every row) is found for several marts at once.
    ExecutorService pool = Parallel.pool(THREADS, "publish");
    List<Plan> plans;
    try {
      List<CompletableFuture<Plan>> planned = published().stream()
          .map(mart -> CompletableFuture.supplyAsync(() -> JobDescriptions.run(context.spark(),
              "publish " + mart.name() + ": changes", () -> plan(tables, mart, published.get(mart.name()))), pool))
          .toList();
      Parallel.joinAll(planned, "finding what changed since the last publish");
      plans = planned.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
    List<Source> toPublish = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (Plan plan : plans) {
      switch (plan.status()) {
        case NEVER_BUILT -> progress.info("publish: " + plan.table() + " was never built; its serving table is left as it was");
        case UNCHANGED -> unchanged.add(plan.table());
        case CHANGED -> toPublish.add(plan.source());
      }
    }
    Optional<Dataset<Row>> deliveries = tables.exists("deliveries")
        ? Optional.of(selectDeliveries(tables.read("deliveries"))) : Optional.empty();
    deliveries.ifPresent(d -> toPublish.add(new Source("deliveries", d, Optional.empty())));
    if (tables.exists("quarantine")) {
      toPublish.add(new Source("quarantine_counts", quarantineCounts(tables.read("quarantine")), Optional.empty()));
    }
    if (toPublish.isEmpty()) {
      stage.done(unchanged.isEmpty() ? "nothing to publish: no mart, deliveries or quarantine table under " + tables.path("")
          : "nothing to publish: unchanged since the last publish: " + String.join(", ", unchanged));
      return;
    }
    LocalDate asOf = context.asOf().orElseGet(() -> deliveries.map(PublishStage::defaultAsOf).orElse(null));
    String url = context.config().effectiveServingUrl();
    Map<String, Long> written;
    // The rows are read from Delta on a thread of their own, a little ahead of the inserts.
    try (RowPrefetch prefetch = new RowPrefetch(toPublish.stream().map(t -> (Supplier<Iterator<Object[]>>) () -> {
          JobDescriptions.set(context.spark(), "publish " + t.table());
          return values(t.data());
        }).toList());
        Connection connection = connect(url, context.config().servingPassword())) {
      prefetch.start();
      List<TableRows> rows = new ArrayList<>();
      for (int i = 0; i < toPublish.size(); i++) {
        Source t = toPublish.get(i);
        rows.add(new TableRows(t.table(), List.of(t.data().columns()), prefetch.rows(i), t.slice()));
      }
      written = new ServingPublisher(connection).publish(rows, asOf);
    }
    Map<String, String> slices = new HashMap<>();
    toPublish.forEach(t -> t.slice().ifPresent(s -> slices.put(t.table(), s.toString())));
    stage.done(written.size() + " tables to " + redacted(url) + ": " + written.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue() + (slices.containsKey(e.getKey()) ? " (" + slices.get(e.getKey()) + ")" : ""))
        .collect(Collectors.joining(", "))
        + (unchanged.isEmpty() ? "" : "; unchanged since the last publish: " + String.join(", ", unchanged)));
  }

  /** What to publish of a mart: nothing (never built, or unchanged since the last publish) or {@code source}. */
  private record Plan(String table, Status status, Source source) {
    enum Status { NEVER_BUILT, UNCHANGED, CHANGED }
  }

  /** A table to publish: its serving name and rows (those of {@code slice} when present). */
  private record Source(String table, Dataset<Row> data, Optional<PeriodSlice> slice) {}

  /** The plan of {@code mart}: its Delta commits since {@code publishedVersion}, the version last published (null: none). */
  private static Plan plan(WarehouseTables tables, MartCatalog.Mart mart, Long publishedVersion) {
    if (!tables.exists(mart.name())) {
      return new Plan(mart.name(), Plan.Status.NEVER_BUILT, null);
    }
    Change change = changeSince(tables, mart.name(), publishedVersion);
    if (change.nothing()) {
      return new Plan(mart.name(), Plan.Status.UNCHANGED, null);
    }
    Dataset<Row> rows = tables.read(mart.name());
    // A slice holding every row is copied whole: one bulk insert beats DELETE … WHERE + INSERT.
    Optional<PeriodSlice> part = change.slice().filter(s -> !rows.filter(functions.coalesce(
        functions.not(functions.expr(s.toString())), functions.lit(true))).isEmpty());
    // (The indexed form also lets Delta skip the files of earlier years.)
    Dataset<Row> slice = part.map(s -> rows.filter(functions.expr(s.indexedSql(UnaryOperator.identity()))))
        .orElse(rows);
    return new Plan(mart.name(), Plan.Status.CHANGED, new Source(mart.name(), selectMart(slice, mart), part));
  }

  /**
   * What changed in a table since the version the last publish copied: nothing, the rows of one
   * {@link PeriodSlice} (every commit since was an incremental build), or, when that cannot be
   * told, all of it ({@code slice} empty).
   */
  record Change(boolean nothing, Optional<PeriodSlice> slice) {
    static final Change ALL = new Change(false, Optional.empty());
  }

  static Change changeSince(WarehouseTables tables, String table, Long publishedVersion) {
    if (publishedVersion == null || publishedVersion < 0) {
      return Change.ALL;
    }
    return tables.commitsSince(table, publishedVersion).map(PublishStage::change).orElse(Change.ALL);
  }

  /** The change made by commits with this user metadata (see {@link WarehouseTables#replaceWhere}). */
  static Change change(List<String> commitMetadata) {
    if (commitMetadata.isEmpty()) {
      return new Change(true, Optional.empty());
    }
    Optional<PeriodSlice> union = Optional.empty();
    for (String metadata : commitMetadata) {
      Optional<PeriodSlice> slice = metadata != null && metadata.startsWith(WarehouseTables.REPLACED)
          ? PeriodSlice.parse(metadata.substring(WarehouseTables.REPLACED.length())) : Optional.empty();
      if (slice.isEmpty()) {
        return Change.ALL;
      }
      union = union.isEmpty() ? slice : union.get().union(slice.get());
      if (union.isEmpty()) {
        return Change.ALL;
      }
    }
    return new Change(false, union);
  }

  /** The marts of metrics.md, then the serving tables of marts.yaml ({@code household_history}). */
  static List<MartCatalog.Mart> published() {
    List<MartCatalog.Mart> tables = new ArrayList<>(MartCatalog.get().marts());
    tables.addAll(MartCatalog.get().servingTables());
    return tables;
  }

  /** The mart's catalogued columns in order; a catalogued column missing from the table is an error. */
  static Dataset<Row> selectMart(Dataset<Row> mart, MartCatalog.Mart declared) {
    Set<String> present = Set.of(mart.columns());
    List<String> missing = declared.columnNames().stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("publish: Delta table " + declared.name() + " lacks columns "
          + missing + " declared in models/marts.yaml");
    }
    return mart.select(declared.columnNames().stream().map(functions::col).toArray(Column[]::new));
  }

  /** The serving columns of {@code deliveries}: absent ones null, lists of files joined by ", ". */
  static Dataset<Row> selectDeliveries(Dataset<Row> deliveries) {
    Map<String, StructField> fields = Arrays.stream(deliveries.schema().fields())
        .collect(Collectors.toMap(StructField::name, f -> f));
    List<Column> cols = new ArrayList<>();
    for (String name : DELIVERY_COLUMNS) {
      StructField f = fields.get(name);
      Column c;
      if (f == null) {
        c = functions.lit(null).cast(name.startsWith("rows_") ? DataTypes.LongType
            : name.equals("received_at") ? DataTypes.TimestampType : DataTypes.StringType);
      } else if (f.dataType() instanceof ArrayType) {
        c = functions.concat_ws(", ", functions.col(name));
      } else if (name.startsWith("rows_")) {
        c = functions.col(name).cast(DataTypes.LongType);
      } else if (name.equals("received_at")) {
        c = functions.col(name).cast(DataTypes.TimestampType);
      } else {
        c = functions.col(name).cast(DataTypes.StringType);
      }
      cols.add(c.as(name));
    }
    return deliveries.select(cols.toArray(Column[]::new));
  }

  /** Quarantined rows counted per feed, period, delivery and reason (no raw lines leave the warehouse). */
  static Dataset<Row> quarantineCounts(Dataset<Row> quarantine) {
    return quarantine.groupBy("feed", "period", "delivery_id", "reason").count()
        .select(functions.col("feed"), functions.col("period"), functions.col("delivery_id"),
            functions.col("reason"), functions.col("count").as("quarantined_rows"));
  }

  /** The last day of the latest month delivered in any monthly feed (metrics.md), if any. */
  static LocalDate defaultAsOf(Dataset<Row> deliveries) {
    return deliveries.select("period").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).filter(p -> p != null && MONTH.matcher(p).matches())
        .map(YearMonth::parse).max(YearMonth::compareTo).map(YearMonth::atEndOfMonth).orElse(null);
  }

  /**
   * The rows of {@code data}, read lazily (a Spark job per partition); timestamps become the
   * wall-clock time of the Spark session's time zone (serving columns are TIMESTAMP without time
   * zone).
   */
  static Iterator<Object[]> values(Dataset<Row> data) {
    ZoneId zone = ZoneId.of(data.sparkSession().conf().get("spark.sql.session.timeZone"));
    Iterator<Row> it = data.toLocalIterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Object[] next() {
        Row r = it.next();
        Object[] values = new Object[r.size()];
        for (int i = 0; i < values.length; i++) {
          Object v = r.get(i);
          values[i] = v instanceof Timestamp t ? t.toInstant().atZone(zone).toLocalDateTime() : v;
        }
        return values;
      }
    };
  }

  private static Connection connect(String url, Optional<String> password) throws SQLException {
    Properties props = new Properties();
    password.ifPresent(p -> props.setProperty("password", p));
    return DriverManager.getConnection(url, props);
  }

  /** The URL without user-info or password parameters, for progress lines. */
  static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
