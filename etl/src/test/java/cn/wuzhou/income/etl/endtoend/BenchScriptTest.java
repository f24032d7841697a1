package cn.wuzhou.income.etl.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bench/run.sh} (issue 8) with a stand-in for {@code bin/warehouse} ({@code BENCH_WAREHOUSE}):
 * what the script itself does, in seconds: hold back the next month, add it for the second run,
 * correct one amount for the third, cut a watching JVM's log into runs, and turn the stage lines
 * into the table and the JSON. The stand-in prints stage lines whose row counts follow the
 * landing zone it is given, so a month not added, or added twice, changes the figures. (The real
 * pipeline's stage lines are those of EndToEndTest's run; the figures of a real benchmark are in
 * docs/scaling.md.)
 */
class BenchScriptTest {
  /**
   * {@code generate}: one CSV per month and feed, whose first data row holds an amount;
   * {@code run}: a build line first, then per run, stage lines counting the landing zone's
   * files, then the summary line;
   * with {@code --max-runs N}, waits after each summary until something in the landing zone is
   * newer than it, as {@code run --watch} does (then a second for the rest of the delivery).
   */
  private static final String FAKE_WAREHOUSE = """
      #!/usr/bin/env bash
      set -euo pipefail
      cmd=$1; shift
      arg() { local k=$1; shift; while [ $# -gt 1 ]; do [ "$1" = "$k" ] && { echo "$2"; return; }; shift; done; echo ""; }
      case "$cmd" in
        classpath) echo /nowhere ;;
        generate)
          out=$(arg --out "$@"); m=$(arg --from "$@"); to=$(arg --to "$@")
          while :; do
            for f in agri_households finance_payments; do
              mkdir -p "$out/$f/$m"; printf 'payment_id,amount_due\\nP1,10.50\\n' >"$out/$f/$m/x.csv"
            done
            [ "$m" = "$to" ] && break
            m=$(date -u -d "$m-01 +1 month" +%Y-%m)
          done ;;
        run)
          # as bin/warehouse does when the sources changed since its last build: no run's end
          echo "warehouse: building the project (first use or sources changed)..." >&2
          landing=$(arg --landing "$@"); runs=$(arg --max-runs "$@"); runs=${runs:-1}
          marker=$(mktemp)
          for i in $(seq 1 "$runs"); do
            files=$(find "$landing" -name '*.csv' | wc -l)
            months=$(ls "$landing/agri_households" | wc -l)
            cents=$(cat "$landing"/finance_payments/*/x.csv | awk -F, 'NR > 1 && $2 ~ /^[0-9]/ {s += $2 * 100} END {print s}')
            echo "ingest agri_households       $months deliveries, $((files * 1000)) rows: $((files * 1000 - 3)) loaded, 3 quarantined (2.0 s)" >&2
            echo "gold: fact_subsidy_payment   $cents rows (0.5 s)" >&2
            echo "mart_quintile_trend          10 rows written (0.2 s)" >&2
            touch "$marker"
            echo "run finished: $((files * 1000)) rows in; 3.5 s" >&2
            if [ "$i" -lt "$runs" ]; then
              for _ in $(seq 1 600); do
                [ -n "$(find "$landing" -newer "$marker" -print -quit)" ] && break
                sleep 0.1
              done
              sleep 1  # the rest of the delivery (bench/run.sh moves one folder per feed)
            fi
          done ;;
        *) echo "fake warehouse: unexpected command $cmd" >&2; exit 2 ;;
      esac
      """;

  @TempDir Path dir;

  @Test
  void newJvmPerRun() throws Exception {
    JsonNode json = bench();
    assertEquals(false, json.get("one_watching_jvm").asBoolean());
    assertRuns(json, "TOTAL (wall, whole JVM)");
  }

  @Test
  void oneWatchingJvm() throws Exception {
    JsonNode json = bench("--watch");
    assertEquals(true, json.get("one_watching_jvm").asBoolean());
    assertRuns(json, "TOTAL (run, watching JVM)");
    for (JsonNode row : json.get("rows")) {
      if (row.get("stage").asText().startsWith("TOTAL")) {
        assertEquals(3.5, row.get("seconds").asDouble(), 1e-9, "a run's time is that of its summary line");
      }
    }
  }

  /**
   * {@code --new-months 2}: 2024-04 and 2024-05 are held back and added one per run, in order,
   * in a new JVM each and in one watching JVM alike.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void severalNewMonths(boolean watch) throws Exception {
    JsonNode json = watch ? bench("--new-months", "2", "--watch") : bench("--new-months", "2");
    assertEquals(2, json.get("new_months").asInt());
    Map<String, Long> filesSeen = new java.util.LinkedHashMap<>();
    Map<String, Long> cents = new java.util.LinkedHashMap<>();
    for (JsonNode row : json.get("rows")) {
      switch (row.get("stage").asText()) {
        case "ingest agri_households" -> filesSeen.put(row.get("run").asText(), row.get("rows_in").asLong() / 1000);
        case "gold: fact_subsidy_payment" -> cents.put(row.get("run").asText(), row.get("rows_out").asLong());
        default -> { }
      }
    }
    assertEquals(Map.of("full", 6L, "new_month_1", 8L, "new_month_2", 10L, "resubmit", 10L), filesSeen);
    assertEquals(List.of("full", "new_month_1", "new_month_2", "resubmit"), List.copyOf(filesSeen.keySet()));
    assertEquals(Map.of("full", 3150L, "new_month_1", 4200L, "new_month_2", 5250L, "resubmit", 5350L), cents);
  }

  /**
   * 3 months from 2024-01 (2 feeds): the full run sees 6 files; the new month adds 2024-04 (8);
   * the resubmission adds 1.00 yuan to 2024-02's payment (1050 → 1150 cents over four months:
   * 4200 → 4300).
   */
  private static void assertRuns(JsonNode json, String total) {
    Map<String, JsonNode> rows = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (JsonNode row : json.get("rows")) {
      String key = row.get("run").asText() + " / " + row.get("stage").asText();
      rows.put(key, row);
      order.add(key);
    }
    assertEquals(List.of("full / ingest agri_households", "full / gold: fact_subsidy_payment",
        "full / mart_quintile_trend", "full / " + total,
        "new_month / ingest agri_households", "new_month / gold: fact_subsidy_payment",
        "new_month / mart_quintile_trend", "new_month / " + total,
        "resubmit / ingest agri_households", "resubmit / gold: fact_subsidy_payment",
        "resubmit / mart_quintile_trend", "resubmit / " + total), order);
    JsonNode full = rows.get("full / ingest agri_households");
    assertEquals(6000, full.get("rows_in").asLong());
    assertEquals(5997, full.get("rows_out").asLong());
    assertEquals(2.0, full.get("seconds").asDouble(), 1e-9);
    assertEquals(3000, full.get("rows_per_second").asLong());
    assertEquals(8000, rows.get("new_month / ingest agri_households").get("rows_in").asLong());
    assertEquals(8000, rows.get("resubmit / ingest agri_households").get("rows_in").asLong());
    assertEquals(3150, rows.get("full / gold: fact_subsidy_payment").get("rows_out").asLong());
    assertEquals(4200, rows.get("new_month / gold: fact_subsidy_payment").get("rows_out").asLong());
    assertEquals(4300, rows.get("resubmit / gold: fact_subsidy_payment").get("rows_out").asLong());
    assertEquals(10, rows.get("full / mart_quintile_trend").get("rows_out").asLong());
    assertTrue(rows.get("full / mart_quintile_trend").get("rows_in").isNull());
    assertEquals("finance_payments/2024-02/x.csv", json.get("resubmitted_file").asText());
    assertEquals("skipped", json.get("api_latency").get("status").asText());
  }

  /** Runs the script on 7 households, 3 months from 2024-01, and returns its JSON. */
  private JsonNode bench(String... extra) throws IOException, InterruptedException {
    Path fake = dir.resolve("fake-warehouse");
    Files.writeString(fake, FAKE_WAREHOUSE, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path json = dir.resolve("result.json");
    List<String> command = new ArrayList<>(List.of(EndToEndTest.REPO.resolve("bench/run.sh").toString(), "--scale", "7",
        "--months", "3", "--from", "2024-01", "--seed", "5", "--no-api", "--out", json.toString()));
    command.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("BENCH_WAREHOUSE", fake.toString());
    pb.environment().put("BENCH_DIR", dir.resolve("bench").toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("bench/run.sh did not finish in 3 minutes: " + Files.readString(err));
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), stdout + Files.readString(err, StandardCharsets.UTF_8));
    int at = command.indexOf("--new-months");
    int newMonths = at < 0 ? 1 : Integer.parseInt(command.get(at + 1));
    assertTrue(stdout.contains("bench: 7 households, 3 months from 2024-01 (+" + newMonths + " incremental), seed 5"),
        stdout);
    assertTrue(stdout.matches("(?s).*\\nnew_month(_1)? +ingest agri_households +8000 +7997 +2\\.0 +4000 .*"), stdout);
    return new ObjectMapper().readTree(json.toFile());
  }
}
