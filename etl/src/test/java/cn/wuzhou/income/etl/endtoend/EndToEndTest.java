package cn.wuzhou.income.etl.endtoend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.models.MartCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/warehouse} end to end, as a user runs it: generate a small city with faults,
 * run the whole pipeline, then check the quarantine against the generator's manifest, the
 * no-op re-run, SQL, export, the command-line errors and {@code run --watch}. The launcher gets
 * the classpath this build already made (WAREHOUSE_ETL_CLASSPATH), so no nested Maven build runs.
 * The Delta tables live outside the home, at a {@code file:} URI given by WAREHOUSE_TABLES_ROOT
 * (as {@code hdfs://} or {@code s3a://} roots are given), so every command here reads them there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  /** The repository root (surefire sets warehouse.repo.root); BenchScriptTest runs its scripts from here too. */
  static final Path REPO = Path.of(System.getProperty("warehouse.repo.root", "..")).toAbsolutePath().normalize();
  private static final String[] REASONS = {"BAD_FIELD_COUNT", "MISSING_VALUE", "BAD_ENUM", "INVALID_ID",
      "BAD_AMOUNT", "BAD_DATE", "OUT_OF_PERIOD", "UNKNOWN_REGION", "BIRTHDATE_MISMATCH", "ORPHAN_MEMBER",
      "DUPLICATE_KEY"};

  @TempDir static Path dir;
  private static Path landing;
  private static Path home;
  private static Path tablesRoot;
  private static Result firstRun;

  record Result(int exit, String out, String err) {}

  interface ErrWatcher {
    void accept(Process process, Path err) throws IOException, InterruptedException;
  }

  static Result warehouse(String... args) throws IOException, InterruptedException {
    return warehouse((process, err) -> {}, args);
  }

  /** Runs the launcher; {@code whileRunning} gets its process and the file its standard error goes to, once started. */
  static Result warehouse(ErrWatcher whileRunning, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("bin/warehouse").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Path etl = REPO.resolve("etl/target");
    pb.environment().put("WAREHOUSE_ETL_CLASSPATH", etl.resolve("classes") + ":"
        + Files.readString(etl.resolve("runtime.classpath")).trim());
    pb.environment().put("WAREHOUSE_HOME", home.toString());
    pb.environment().put("WAREHOUSE_TABLES_ROOT", tablesRoot.toUri().toString());
    pb.environment().put("WAREHOUSE_HEAP", "3g");
    pb.environment().remove("WAREHOUSE_SERVING_URL");
    pb.environment().remove("WAREHOUSE_SPARK_MASTER");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    whileRunning.accept(p, err);
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("bin/warehouse " + String.join(" ", args) + " did not finish in 20 minutes");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void generateAndRun() throws Exception {
    landing = dir.resolve("landing");
    home = dir.resolve("home");
    tablesRoot = dir.resolve("elsewhere/tables");
    Result gen = warehouse("generate", "--out", landing.toString(), "--households", "1500", "--seed", "11",
        "--from", "2023-10", "--to", "2024-12", "--faults", "0.01");
    assertEquals(0, gen.exit(), gen.err());
    firstRun = warehouse("run", "--landing", landing.toString());
    assertEquals(0, firstRun.exit(), firstRun.err());
  }

  @Test
  @Order(1)
  void theRunPrintsAStageLineForEveryStageAndASummary() {
    for (String stage : List.of("ingest ", "gold ", "marts ", "publish ")) {
      assertTrue(firstRun.err().lines().anyMatch(l -> l.startsWith(stage) && l.endsWith(" s)")), stage + " line in:\n" + firstRun.err());
    }
    assertTrue(firstRun.err().contains("run finished:"), firstRun.err());
  }

  @Test
  @Order(1)
  void theTablesAreWrittenUnderTheConfiguredRootAndNotUnderHome() {
    assertTrue(Files.isDirectory(tablesRoot.resolve("mart_evaluation_metrics/_delta_log")));
    assertTrue(Files.isDirectory(tablesRoot.resolve("fact_household_income/_delta_log")));
    assertTrue(Files.isDirectory(home.resolve("state")), "the stage records stay in the home");
    assertTrue(Files.notExists(home.resolve("tables")), "nothing under <home>/tables");
  }

  /** Every injected bad row is quarantined under the reason the generator meant, per feed and period. */
  @Test
  @Order(2)
  void quarantineCountsByReasonEqualTheGeneratorsManifest() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(landing.resolve("_manifest.json").toFile());
    Map<String, String> expected = new TreeMap<>();
    manifest.path("feeds").fields().forEachRemaining(feed -> feed.getValue().fields().forEachRemaining(period -> {
      JsonNode q = period.getValue().path("quarantined");
      StringBuilder counts = new StringBuilder("received=" + period.getValue().path("rows_received").asInt());
      for (String reason : REASONS) {
        counts.append(' ').append(reason).append('=').append(q.path(reason).asInt(0));
      }
      expected.put(feed.getKey() + "/" + period.getKey(), counts.toString());
    }));

    Result check = warehouse("check", "--format", "csv");
    assertEquals(0, check.exit(), check.err());
    Map<String, String> actual = new TreeMap<>();
    for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(check.out()))) {
      assertEquals("loaded", r.get("status"), r.toString());
      StringBuilder counts = new StringBuilder("received=" + r.get("rows_received"));
      for (String reason : REASONS) {
        counts.append(' ').append(reason).append('=').append(r.get(reason.toLowerCase(java.util.Locale.ROOT)));
      }
      actual.put(r.get("feed") + "/" + r.get("period"), counts.toString());
    }
    assertEquals(expected, actual);
    assertTrue(manifest.path("totals").path("rows_quarantined").asInt() > 0, "the sample must hold bad rows");
  }

  @Test
  @Order(4)
  void sqlAnswersOverTheMartsAndRefusesWrites() throws Exception {
    Result sql = warehouse("sql", "select region, count(*) as n from mart_evaluation_metrics "
        + "where year = 2024 and quarter = 4 group by region order by region", "--format", "csv");
    assertEquals(0, sql.exit(), sql.err());
    List<String> lines = sql.out().lines().toList();
    // The city and its seven counties, 13 indicators each except E13, which has the city row only.
    assertEquals("region,n", lines.get(0));
    assertEquals(9, lines.size(), sql.out());
    assertTrue(lines.contains("梧州市,13"), sql.out());
    assertTrue(lines.contains("藤县,12"), sql.out());

    Result write = warehouse("sql", "drop table mart_evaluation_metrics");
    assertEquals(2, write.exit(), write.err());
    assertEquals(1, write.err().lines().filter(l -> l.startsWith("warehouse:")).count(), write.err());
  }

  @Test
  @Order(5)
  void exportWritesTheMartAsCsvWithBomAndTheColumnNamesOfMetricsMd() throws Exception {
    Path file = dir.resolve("declining.csv");
    Result export = warehouse("export", "mart_declining_households", "--year", "2024", "--quarter", "4",
        "--format", "csv", "--out", file.toString());
    assertEquals(0, export.exit(), export.err());
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3));
    List<String> lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).lines().toList();
    assertEquals(String.join(",", MartCatalog.get().mart("mart_declining_households").columnNames()), lines.get(0));
    assertTrue(lines.size() > 1, "declining or below-line households in 2024 Q4");
    assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("2024,4,")), lines.get(1));
  }

  @Test
  @Order(6)
  void badCommandLinesGiveOneLineAndExitTwo() throws Exception {
    Result unknown = warehouse("frobnicate");
    assertEquals(2, unknown.exit());
    assertEquals("warehouse: unknown command 'frobnicate' (see 'bin/warehouse --help')", unknown.err().strip());
    Result badOption = warehouse("run", "--landing", landing.toString(), "--as-of", "yesterday");
    assertEquals(2, badOption.exit(), badOption.err());
    assertTrue(badOption.err().strip().startsWith("warehouse: --as-of 'yesterday'"), badOption.err());
  }

  /**
   * Every command of the launcher's usage that runs from this module answers {@code --help} with
   * exit 0 ({@code bench} had been listed but refused). Not here: serve, users and superset, which
   * run the dashboards module (built after this one), and demo, which builds the project first.
   */
  @Test
  @Order(6)
  void everyCommandOfTheUsageAnswersHelp() throws Exception {
    Result usage = warehouse("--help");
    assertEquals(0, usage.exit(), usage.err());
    List<String> commands = new ArrayList<>();
    boolean inList = false;
    for (String line : usage.out().split("\n")) {
      if (line.startsWith("Commands:")) {
        inList = true;
      } else if (inList && line.isBlank()) {
        break;
      } else if (inList) {
        commands.add(line.strip().split(" +")[0]);
      }
    }
    assertTrue(commands.containsAll(List.of("generate", "run", "check", "export", "sql", "bench")), commands.toString());
    for (String command : commands) {
      if (List.of("demo", "serve", "users", "superset").contains(command)) {
        continue;
      }
      Result help = warehouse(command, "--help");
      assertEquals(0, help.exit(), command + " --help: " + help.err());
      assertTrue(help.out().contains("--"), command + " --help printed no option: " + help.out());
    }
  }

  /**
   * {@code run --watch} through the launcher: it runs again on the same landing zone, which changes
   * nothing (nothing new to ingest, every later stage up to date), waits, sees a file's
   * modification time change (as when a delivery is copied in again) and runs again, then stops
   * at {@code --max-runs}. (One launch for both: each launch costs a Spark start.)
   */
  @Test
  @Order(7)
  void aWatchingRunRunsAgainWhenALandingFileChanges() throws Exception {
    Path file;
    try (var files = Files.list(landing.resolve("hrss_employment/2024-12"))) {
      file = files.findFirst().orElseThrow();
    }
    Result watch = warehouse((process, err) -> {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (!Files.readString(err, StandardCharsets.UTF_8).contains("watch: waiting for deliveries")
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the watching run did not run again and stop:\n" + Files.readString(err));
      }
    }, "run", "--landing", landing.toString(), "--watch", "--every", "0.5", "--max-runs", "2");
    assertEquals(0, watch.exit(), watch.err());
    assertTrue(watch.err().contains("watch: 0 file(s) added, 1 changed, 0 removed since the last run; running"),
        watch.err());
    assertEquals(2, watch.err().lines().filter(l -> l.startsWith("ingest: nothing new")).count(),
        watch.err());
    for (String stage : List.of("gold", "marts", "publish")) {
      assertEquals(2, watch.err().lines().filter(l -> l.startsWith(stage + " ") && l.contains("up to date")).count(),
          stage + " in:\n" + watch.err());
    }
    assertTrue(watch.err().strip().endsWith("watch: stopping after 2 run(s) (--max-runs)"), watch.err());
  }
}
