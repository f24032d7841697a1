package cn.wuzhou.income.etl.ingest;

import static org.apache.spark.sql.functions.col;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.JobDescriptions;
import cn.wuzhou.income.etl.common.Parallel;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.Pseudonyms;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.ingest.Bronze.FileTask;
import cn.wuzhou.income.etl.ingest.Deliveries.Delivery;
import cn.wuzhou.income.etl.ingest.Feed.Column;
import cn.wuzhou.income.etl.ingest.Landing.Arrival;
import cn.wuzhou.income.etl.pipeline.PipelineStage;
import cn.wuzhou.income.etl.pipeline.RunContext;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.types.StructType;

/**
 * Ingest: loads what is new or resubmitted in the landing zone into {@code bronze_<feed>},
 * {@code quarantine}, the silver tables and {@code deliveries}.
 *
 * <p>Per feed (households first: members are checked against the loaded households): read each
 * new file's header (a file lacking a required column is rejected whole), parse the files in Spark
 * tasks into bronze, check every row, write silver replacing the delivered periods; once every
 * feed is done, write the quarantined rows of them all in one commit replacing the same periods.
 * A households change re-checks the members of the same months ({@code ORPHAN_MEMBER} depends on
 * it) and rebuilds the SCD2 history. Every write replaces by delivery or period, so a run killed
 * part-way and run again gives the same tables; {@code deliveries} is written last and marks the
 * work as done.
 */
public final class IngestStage implements PipelineStage {
  /**
   * Test hook: called with a step name ("bronze:<feed>", "silver:<feed>", "history:silver_households",
   * "quarantine", "deliveries") before it commits.
   */
  static volatile java.util.function.Consumer<String> beforeCommit = step -> { };

  private static final Map<Feed, StructType> SILVER = Map.of(
      Feed.AGRI_HOUSEHOLDS, SilverSchemas.HOUSEHOLD_MONTHS,
      Feed.AGRI_MEMBERS, SilverSchemas.MEMBERS,
      Feed.AGRI_INCOME_SURVEY, SilverSchemas.INCOME_SURVEY,
      Feed.AGRI_INTERVENTIONS, SilverSchemas.INTERVENTIONS,
      Feed.HRSS_EMPLOYMENT, SilverSchemas.EMPLOYMENT,
      Feed.CIVIL_ASSISTANCE, SilverSchemas.ASSISTANCE,
      Feed.FINANCE_PAYMENTS, SilverSchemas.PAYMENTS);
  public static final String QUARANTINE = "quarantine";
  public static final String HOUSEHOLDS = "silver_households";
  /**
   * {@link #QUARANTINE} is replaced by feed and period and read by delivery (the quality
   * report): file statistics of those columns only, not of its raw lines.
   */
  static final Map<String, String> QUARANTINE_PROPERTIES = WarehouseTables.statsOnly("feed", "period", "delivery_id");
  /** Feeds ingested at a time. */
  static final int LANES = 3;

  @Override
  public String name() {
    return "ingest";
  }

  /** The declared schema of the silver table a feed fills. */
  public static StructType silverSchema(Feed feed) {
    return SILVER.get(feed);
  }

  @Override
  public void run(RunContext context) throws IOException {
    WarehouseTables tables = context.tables();
    Progress progress = context.progress();
    WarehouseConfig config = context.config();
    createMissingTables(tables);
    List<Delivery> log = Deliveries.read(tables);
    List<Arrival> arrivals = Landing.scan(context.landing(), m -> progress.info("ingest: " + m));
    List<Arrival> fresh = arrivals.stream().filter(a -> Deliveries.latest(log, a.feed().feedName(), a.period())
        .map(d -> !d.checksum().equals(a.checksum())).orElse(true)).toList();
    if (fresh.isEmpty()) {
      progress.info("ingest: nothing new: the " + arrivals.size() + " feed-period(s) in " + context.landing()
          + " were all loaded before, byte for byte");
      return;
    }
    Pseudonyms pseudonyms = Pseudonyms.forConfig(config);
    Timestamp receivedAt = new Timestamp(System.currentTimeMillis());
    // Up to three feeds at once: a new month is one file per feed, parsed by one task, and a
    // feed's many small jobs (Delta commits, checks of a few rows) leave cores idle that another
    // feed's work fills. The members' files are parsed into bronze from the start; only their
    // checks wait for the households (ORPHAN_MEMBER reads them) and the SCD2 history.
    ExecutorService lanes = Parallel.pool(LANES, "ingest-lane");
    List<Quarantined> quarantined = new ArrayList<>();
    try {
      List<Arrival> members = only(fresh, Feed.AGRI_MEMBERS);
      List<Future<?>> work = new ArrayList<>();
      Future<Bronzed> membersBronze = lanes.submit(() ->
          loadBronze(context, Feed.AGRI_MEMBERS, members, log, receivedAt));
      work.add(membersBronze);
      work.add(lanes.submit(() -> {
        Set<String> householdMonths = Set.of();
        if (fresh.stream().anyMatch(a -> a.feed() == Feed.AGRI_HOUSEHOLDS)) {
          householdMonths = ingestFeed(context, Feed.AGRI_HOUSEHOLDS, only(fresh, Feed.AGRI_HOUSEHOLDS), log,
              pseudonyms, receivedAt, quarantined);
          if (!householdMonths.isEmpty()) {
            updateHouseholdHistory(context, householdMonths.stream().min(String::compareTo).orElseThrow());
          }
        }
        Set<String> delivered = members.stream().map(Arrival::period).collect(Collectors.toSet());
        List<String> recheck = new ArrayList<>();
        synchronized (log) {
          householdMonths.stream().filter(m -> !delivered.contains(m)).forEach(m -> Deliveries
              .current(log, Feed.AGRI_MEMBERS.feedName(), m).ifPresent(d -> recheck.add(d.deliveryId())));
        }
        if (!members.isEmpty() || !recheck.isEmpty()) {
          check(context, membersBronze.get(), recheck, log, pseudonyms, quarantined);
        }
        return null;
      }));
      for (Feed feed : Feed.values()) {
        if (feed != Feed.AGRI_HOUSEHOLDS && feed != Feed.AGRI_MEMBERS && !only(fresh, feed).isEmpty()) {
          work.add(lanes.submit(() -> ingestFeed(context, feed, only(fresh, feed), log, pseudonyms, receivedAt,
              quarantined)));
        }
      }
      await(work);
    } finally {
      lanes.shutdownNow();
    }
    writeQuarantine(context, quarantined);
    beforeCommit.accept("deliveries");
    Deliveries.write(tables, log);
    context.markWritten(Deliveries.TABLE);
  }

  private static List<Arrival> only(List<Arrival> arrivals, Feed feed) {
    return arrivals.stream().filter(a -> a.feed() == feed).toList();
  }

  /** Waits for every lane; throws the first failure once all have ended (nothing half-done keeps running). */
  private static void await(List<Future<?>> work) throws IOException {
    Throwable failure = Parallel.awaitAll(work, "ingesting");
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure != null) {
      throw Parallel.unchecked(failure);
    }
  }

  /**
   * A checked feed's quarantined rows and the periods they replace in {@link #QUARANTINE}; the
   * lanes' are written in one commit once every lane has ended ({@link #writeQuarantine}).
   */
  private record Quarantined(Feed feed, Set<String> periods, Dataset<Row> rows) {
    String replaced() {
      return "(feed = '" + feed.feedName() + "' AND " + inList("period", periods) + ")";
    }
  }

  /**
   * Replaces the checked feeds' periods in {@link #QUARANTINE} with their quarantined rows, in
   * one commit: the table every feed writes, committed once a run, not once per feed (each commit
   * made every other lane's next write rebuild the table's state first).
   */
  private static void writeQuarantine(RunContext context, List<Quarantined> quarantined) {
    List<Quarantined> feeds;
    synchronized (quarantined) {
      feeds = List.copyOf(quarantined);
    }
    if (feeds.isEmpty()) {
      return;
    }
    JobDescriptions.set(context.spark(), "ingest " + QUARANTINE);
    Progress.Stage stage = context.progress().stage("ingest " + QUARANTINE);
    beforeCommit.accept("quarantine");
    Dataset<Row> rows = feeds.stream().map(Quarantined::rows).reduce(Dataset::unionByName).orElseThrow();
    context.tables().replaceWhere(QUARANTINE, feeds.stream().map(Quarantined::replaced)
        .collect(Collectors.joining(" OR ")), rows);
    context.markWritten(QUARANTINE);
    stage.done(feeds.size() + " feed(s) replaced in one commit");
  }

  /** Loads and checks one feed's new deliveries; returns the periods whose silver rows were replaced. */
  private Set<String> ingestFeed(RunContext context, Feed feed, List<Arrival> arrivals, List<Delivery> log,
      Pseudonyms pseudonyms, Timestamp receivedAt, List<Quarantined> quarantined) {
    return check(context, loadBronze(context, feed, arrivals, log, receivedAt), List.of(), log, pseudonyms,
        quarantined);
  }

  /**
   * A feed's deliveries of this run once their readable files are in bronze: those by id, the
   * problems of each delivery's files, and how long the load took (the feed's line reports it
   * with the checks' time, not the wait between them).
   */
  private record Bronzed(Feed feed, Map<String, Arrival> loadable, Map<String, List<String>> rejections,
      Timestamp receivedAt, double seconds) {}

  /**
   * Parses the readable files of {@code arrivals} into the feed's bronze table (one commit
   * replacing those deliveries); a delivery with no readable file goes into the log as rejected.
   */
  private Bronzed loadBronze(RunContext context, Feed feed, List<Arrival> arrivals, List<Delivery> log,
      Timestamp receivedAt) {
    WarehouseTables tables = context.tables();
    JobDescriptions.set(context.spark(), "ingest " + feed.feedName() + ": bronze");
    Progress.Stage stage = context.progress().stage("ingest " + feed.feedName());
    List<FileTask> tasks = new ArrayList<>();
    Map<String, Arrival> loadable = new LinkedHashMap<>();
    Map<String, List<String>> rejections = new HashMap<>();
    for (Arrival a : arrivals) {
      List<String> problems = new ArrayList<>();
      for (Path file : a.files()) {
        Optional<FileTask> task = fileTask(a, file, receivedAt, problems, context.progress());
        task.ifPresent(tasks::add);
        if (task.isPresent()) {
          loadable.put(a.deliveryId(), a);
        }
      }
      rejections.put(a.deliveryId(), problems);
      if (!loadable.containsKey(a.deliveryId())) {
        replaceInLog(log, new Delivery(feed.feedName(), a.period(), a.deliveryId(), fileNames(a), a.checksum(),
            0, 0, 0, Deliveries.REJECTED, "every file rejected: " + String.join("; ", problems), receivedAt));
      }
    }
    if (!tasks.isEmpty()) {
      beforeCommit.accept("bronze:" + feed.feedName());
      tables.replaceWhere(feed.bronzeTable(), inList("delivery_id", loadable.keySet()),
          Bronze.read(tables.spark(), feed, tasks), Bronze.TABLE_PROPERTIES);
      context.markWritten(feed.bronzeTable());
    }
    return new Bronzed(feed, loadable, rejections, receivedAt, stage.seconds());
  }

  /**
   * Checks the rows of the deliveries {@code loaded} into bronze and of {@code recheck} (loaded
   * before), replaces their periods in silver, adds their quarantined rows to {@code quarantined},
   * and logs each delivery's counts; returns the periods replaced.
   */
  private Set<String> check(RunContext context, Bronzed loaded, List<String> recheck, List<Delivery> log,
      Pseudonyms pseudonyms, List<Quarantined> quarantined) {
    WarehouseTables tables = context.tables();
    Feed feed = loaded.feed();
    Map<String, Arrival> loadable = loaded.loadable();
    Map<String, List<String>> rejections = loaded.rejections();
    Timestamp receivedAt = loaded.receivedAt();
    JobDescriptions.set(context.spark(), "ingest " + feed.feedName() + ": checks");
    Progress.Stage stage = context.progress().stage("ingest " + feed.feedName(), loaded.seconds());
    List<String> toCheck = new ArrayList<>(loadable.keySet());
    toCheck.addAll(recheck);
    if (toCheck.isEmpty()) {
      stage.done("no readable file");
      return Set.of();
    }
    Set<String> periods = new LinkedHashSet<>();
    loadable.values().forEach(a -> periods.add(a.period()));
    synchronized (log) {
      recheck.forEach(id -> log.stream().filter(d -> d.deliveryId().equals(id)).forEach(d -> periods.add(d.period())));
    }

    StructType silver = silverSchema(feed);
    Dataset<Row> bronze = tables.read(feed.bronzeTable()).filter(col("delivery_id").isin(toCheck.toArray()));
    // Parsed and checked once; the rules over many rows below find their few keys from this copy.
    Dataset<Row> checked = Validation.withRowChecks(bronze, feed,
        RowValidator.of(feed, context.config(), pseudonyms, silver), silver).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> flagged = checked;
      if (feed == Feed.AGRI_MEMBERS) {
        flagged = Validation.withOrphanMembers(flagged,
            tables.read(Feed.AGRI_HOUSEHOLDS.silverTable()).filter(col("month").isin(periods.toArray())));
      }
      flagged = Validation.withDuplicateKeys(flagged);
      // Kept (few rows, apart from the checked copy dropped below) until every lane has ended.
      Dataset<Row> rejected = Validation.filterQuarantined(flagged, feed).localCheckpoint();
      synchronized (quarantined) {
        quarantined.add(new Quarantined(feed, Set.copyOf(periods), rejected));
      }
      beforeCommit.accept("silver:" + feed.feedName());
      tables.replaceWhere(feed.silverTable(), inList("period", periods), Validation.filterLoaded(flagged, silver));
      Map<String, int[]> counts = new HashMap<>();
      for (Row r : flagged.groupBy(col("delivery_id"), col("reason").isNull().as("ok")).count().collectAsList()) {
        int[] c = counts.computeIfAbsent(r.getString(0), k -> new int[2]);
        c[r.getBoolean(1) ? 0 : 1] += (int) r.getLong(2);
      }
      long in = 0;
      long bad = 0;
      for (String id : toCheck) {
        int[] c = counts.getOrDefault(id, new int[2]);
        in += c[0] + c[1];
        bad += c[1];
        Arrival a = loadable.get(id);
        if (a != null) {
          List<String> problems = rejections.get(id);
          replaceInLog(log, new Delivery(feed.feedName(), a.period(), id, fileNames(a), a.checksum(), c[0] + c[1],
              c[0], c[1], Deliveries.LOADED, problems.isEmpty() ? null : String.join("; ", problems), receivedAt));
        } else {
          synchronized (log) {
            log.replaceAll(d -> d.deliveryId().equals(id) ? d.withCounts(c[0] + c[1], c[0], c[1]) : d);
          }
        }
      }
      context.count("rows_in", in - recheckedRows(recheck, counts));
      context.count("rows_loaded", in - bad);
      context.count("rows_quarantined", bad);
      context.markWritten(feed.silverTable());
      periods.forEach(p -> context.markChanged(feed.feedName(), p));
      stage.done(String.format(Locale.ROOT, "%d deliveries%s, %,d rows: %,d loaded, %,d quarantined",
          loadable.size(), recheck.isEmpty() ? "" : " (+" + recheck.size() + " re-checked)", in, in - bad, bad));
    } finally {
      checked.unpersist();
    }
    return periods;
  }

  private static long recheckedRows(List<String> recheck, Map<String, int[]> counts) {
    return recheck.stream().mapToLong(id -> {
      int[] c = counts.getOrDefault(id, new int[2]);
      return c[0] + c[1];
    }).sum();
  }

  /** The task reading {@code file}, or empty (with the reason added to {@code problems}) when its header is unusable. */
  private static Optional<FileTask> fileTask(Arrival a, Path file, Timestamp receivedAt, List<String> problems,
      Progress progress) {
    Feed feed = a.feed();
    String name = a.relativeName(file);
    List<String> header;
    try {
      header = FeedFiles.header(file);
    } catch (IOException | RuntimeException e) {
      return reject(name, "cannot be read (" + e.getMessage() + ")", problems, progress);
    }
    int[] index = new int[feed.columns().size()];
    java.util.Arrays.fill(index, -1);
    List<String> unknown = new ArrayList<>();
    for (int j = 0; j < header.size(); j++) {
      String cell = header.get(j);
      Optional<Column> c = feed.columnForHeader(cell);
      if (c.isEmpty()) {
        if (!cell.isEmpty()) {
          unknown.add(cell);
        }
        continue;
      }
      int i = feed.indexOf(c.get().key());
      if (index[i] >= 0) {
        return reject(name, "column " + c.get().chinese() + " (" + c.get().key() + ") appears twice in the header",
            problems, progress);
      }
      index[i] = j;
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < index.length; i++) {
      Column c = feed.columns().get(i);
      if (index[i] < 0 && !c.optionalColumn()) {
        missing.add(c.chinese() + " (" + c.key() + ")");
      }
    }
    if (!missing.isEmpty()) {
      return reject(name, "missing required column(s) " + String.join(", ", missing)
          + " in the header (line 1); found: " + String.join(", ", header), problems, progress);
    }
    if (!unknown.isEmpty()) {
      progress.info("ingest: " + name + ": ignored unknown column(s) " + String.join(", ", unknown));
    }
    return Optional.of(new FileTask(feed, a.period(), a.deliveryId(), file.toAbsolutePath().toString(), name,
        index, header.size(), receivedAt.getTime()));
  }

  private static Optional<FileTask> reject(String name, String why, List<String> problems, Progress progress) {
    String message = name + " rejected: " + why;
    problems.add(message);
    progress.info("ingest: " + message);
    return Optional.empty();
  }

  /**
   * Puts {@code d} in the log in place of the row with its id; marks the other loaded delivery of
   * its feed-period replaced. The log is shared by the ingest lanes: every access holds its lock.
   */
  private static void replaceInLog(List<Delivery> log, Delivery d) {
    synchronized (log) {
      log.removeIf(old -> old.deliveryId().equals(d.deliveryId()));
      if (d.status().equals(Deliveries.LOADED)) {
        log.replaceAll(old -> old.feed().equals(d.feed()) && old.period().equals(d.period())
            && old.status().equals(Deliveries.LOADED) ? old.withStatus(Deliveries.REPLACED) : old);
      }
      log.add(d);
    }
  }

  private static String fileNames(Arrival a) {
    return a.files().stream().map(a::relativeName).collect(Collectors.joining(","));
  }

  /** Brings the SCD2 history up to date after the snapshot months from {@code changedFrom} on changed. */
  private void updateHouseholdHistory(RunContext context, String changedFrom) {
    WarehouseTables tables = context.tables();
    JobDescriptions.set(context.spark(), "ingest " + HOUSEHOLDS);
    Progress.Stage stage = context.progress().stage("ingest " + HOUSEHOLDS);
    Dataset<Row> months = tables.read(Feed.AGRI_HOUSEHOLDS.silverTable());
    List<String> delivered = months.select("month").distinct().collectAsList().stream().map(r -> r.getString(0)).toList();
    beforeCommit.accept("history:" + HOUSEHOLDS);
    HouseholdHistory.update(tables.spark(), tables.path(HOUSEHOLDS), months, delivered, changedFrom);
    context.markWritten(HOUSEHOLDS);
    stage.done("SCD2 over " + delivered.size() + " snapshot month(s), versions from " + changedFrom
        + " on recomputed");
  }

  /**
   * Creates the quality and silver tables that do not exist yet, empty, with their declared
   * schemas, so later stages and {@code check} can read them whatever was delivered. A bronze
   * table is created by its feed's first delivery.
   */
  static void createMissingTables(WarehouseTables tables) {
    Map<String, StructType> declared = new LinkedHashMap<>();
    declared.put(Deliveries.TABLE, SilverSchemas.DELIVERIES);
    declared.put(QUARANTINE, SilverSchemas.QUARANTINE);
    declared.put(HOUSEHOLDS, SilverSchemas.HOUSEHOLDS);
    for (Feed f : Feed.values()) {
      declared.put(f.silverTable(), silverSchema(f));
    }
    declared.forEach((name, schema) -> {
      if (!tables.exists(name)) {
        tables.create(name, schema, name.equals(QUARANTINE) ? QUARANTINE_PROPERTIES : Map.of());
      }
    });
  }

  /** {@code column IN ('a', 'b')} for ids and periods (which hold no quotes). */
  static String inList(String column, java.util.Collection<String> values) {
    return column + " IN (" + values.stream().map(v -> "'" + v.replace("'", "''") + "'")
        .collect(Collectors.joining(", ")) + ")";
  }
}
