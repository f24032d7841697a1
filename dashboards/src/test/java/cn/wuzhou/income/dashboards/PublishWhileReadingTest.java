package cn.wuzhou.income.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.dashboards.common.ServingDatabase;
import cn.wuzhou.income.models.serving.ServingPublisher;
import cn.wuzhou.income.models.serving.ServingPublisher.TableRows;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader querying in a loop while several publishes run sees, in every statement, one
 * complete generation of the marts: never a mix of two generations, an empty or a missing table.
 * A publish that fails part-way leaves the generation before it, whole.
 */
class PublishWhileReadingTest {
  private static final List<String> COHORT_COLUMNS = List.of("year", "quarter", "base_quintile",
      "households", "persons");
  private static final List<String> METRIC_COLUMNS = List.of("year", "quarter", "region_level",
      "region", "indicator_code", "numerator");
  /** One statement over two marts: a reader sees both in the same state. */
  private static final String PROBE = "SELECT (SELECT COUNT(*) FROM \"mart_cohort_progress\"),"
      + " (SELECT MIN(\"households\") FROM \"mart_cohort_progress\"),"
      + " (SELECT MAX(\"households\") FROM \"mart_cohort_progress\"),"
      + " (SELECT COUNT(*) FROM \"mart_evaluation_metrics\"),"
      + " (SELECT MIN(\"numerator\") FROM \"mart_evaluation_metrics\"),"
      + " (SELECT MAX(\"numerator\") FROM \"mart_evaluation_metrics\")";

  @TempDir Path dir;

  @Test
  void onH2() throws Exception {
    readersSeeWholeGenerations(TestDatabases.h2(dir));
  }

  @Test
  void onPostgres() throws Exception {
    TestDatabases.withPostgres(this::readersSeeWholeGenerations);
  }

  @Test
  void aPublishFailingPartWayLeavesThePreviousGenerationOnH2() throws Exception {
    aFailedPublishChangesNothing(TestDatabases.h2(dir));
  }

  @Test
  void aPublishFailingPartWayLeavesThePreviousGenerationOnPostgres() throws Exception {
    TestDatabases.withPostgres(this::aFailedPublishChangesNothing);
  }

  /**
   * Generation 2's cohort rows are all inserted, then its metric rows fail after the first
   * batch (their source throws, as a failed Spark job would): generation 1 must be left whole,
   * with no publication recorded for the failed one.
   */
  private void aFailedPublishChangesNothing(String url) throws Exception {
    try (ServingDatabase db = ServingDatabase.open(url, Optional.empty())) {
      publishGeneration(db, 1);
      List<Object[]> cohort = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        cohort.add(new Object[] {2024, 1 + i % 4, i, 2, 6});
      }
      Iterable<Object[]> failingMetrics = () -> new java.util.Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Object[] next() {
          if (++next > 2_500) {
            throw new IllegalStateException("the rows' source failed");
          }
          return new Object[] {2024, 4, "city", "r" + next, "E01", BigDecimal.valueOf(2)};
        }
      };
      try (Connection c = db.dataSource().getConnection()) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ServingPublisher(c).publish(
            List.of(new TableRows("mart_cohort_progress", COHORT_COLUMNS, cohort),
                new TableRows("mart_evaluation_metrics", METRIC_COLUMNS, failingMetrics)),
            LocalDate.of(2024, 12, 31)));
        assertEquals("the rows' source failed", e.getMessage());
      }
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(PROBE + ", (SELECT COUNT(*) FROM \"publications\")")) {
        rs.next();
        assertEquals("3,1,1,13,1.00,1.00,1", rs.getLong(1) + "," + rs.getLong(2) + "," + rs.getLong(3) + ","
            + rs.getLong(4) + "," + rs.getBigDecimal(5) + "," + rs.getBigDecimal(6) + "," + rs.getLong(7));
      }
    }
  }

  private void readersSeeWholeGenerations(String url) throws Exception {
    try (ServingDatabase db = ServingDatabase.open(url, Optional.empty())) {
      publishGeneration(db, 1);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger reads = new AtomicInteger();
      List<String> problems = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> {
        long lastSeen = 1;
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
          while (!stop.get() && problems.isEmpty()) {
            try (ResultSet rs = st.executeQuery(PROBE)) {
              rs.next();
              long gen = rs.getLong(2);
              // Generation g has 2 + g cohort rows (households = g each) and 13 metric rows
              // (numerator = g each).
              String seen = rs.getLong(1) + "," + gen + "," + rs.getLong(3) + "," + rs.getLong(4)
                  + "," + rs.getBigDecimal(5) + "," + rs.getBigDecimal(6);
              String whole = (2 + gen) + "," + gen + "," + gen + ",13," + gen + ".00," + gen + ".00";
              if (!seen.equals(whole) || gen < lastSeen) {
                problems.add("read " + seen + " after generation " + lastSeen);
              }
              lastSeen = gen;
              reads.incrementAndGet();
            }
          }
        } catch (Exception e) {
          problems.add(e.toString());
        }
      });
      reader.start();
      for (int gen = 2; gen <= 6; gen++) {
        publishGeneration(db, gen);
      }
      stop.set(true);
      reader.join();
      assertEquals(List.of(), problems);
      assertTrue(reads.get() > 0, "the reader ran");
      try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(PROBE)) {
        rs.next();
        assertEquals("8,6", rs.getLong(1) + "," + rs.getLong(2));
      }
    }
  }

  /** Generation g: 2 + g cohort rows with households = g; 13 indicator rows with numerator = g. */
  private static void publishGeneration(ServingDatabase db, int gen) throws Exception {
    List<Object[]> cohort = new ArrayList<>();
    for (int i = 0; i < 2 + gen; i++) {
      cohort.add(new Object[] {2024, 1 + i % 4, i, gen, 3 * gen});
    }
    List<Object[]> metrics = new ArrayList<>();
    for (int i = 1; i <= 13; i++) {
      metrics.add(new Object[] {2024, 4, "city", "梧州市", String.format("E%02d", i), BigDecimal.valueOf(gen)});
    }
    try (Connection c = db.dataSource().getConnection()) {
      new ServingPublisher(c).publish(List.of(
          new TableRows("mart_cohort_progress", COHORT_COLUMNS, cohort),
          new TableRows("mart_evaluation_metrics", METRIC_COLUMNS, metrics)), LocalDate.of(2024, 12, 31));
    }
  }
}
