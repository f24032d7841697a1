package cn.wuzhou.income.dashboards.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.wuzhou.income.dashboards.ServingFixture;
import cn.wuzhou.income.dashboards.TestDatabases;
import cn.wuzhou.income.dashboards.common.ServingDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The same repository code answers the same on H2 and PostgreSQL. */
class MartRepositoryTest {

  abstract static class OnDatabase {
    ServingDatabase db;
    MartRepositories marts;
    String url;

    abstract String url();

    @BeforeAll
    void publish() throws Exception {
      url = url();
      db = ServingFixture.publish(url);
      marts = new MartRepositories(db.dsl());
    }

    @AfterAll
    void close() {
      if (db != null) {
        db.close();
      }
      TestDatabases.dropPostgres(url);
    }

    private List<String> ids(MartPage page) {
      return page.rows().stream().map(r -> r.get("year") + "Q" + r.get("quarter") + ":" + r.get("household_id")).toList();
    }

    @Test
    void filtersByYearQuarterCountyAndTownshipWithBoundValues() {
      MartRepository declining = marts.declining();
      assertEquals(List.of("2024Q4:H001", "2024Q4:H002", "2024Q4:H003"),
          ids(declining.page(new MartQuery(2024, 4, null, null, null, false, 1, 100))));
      assertEquals(List.of("2024Q2:H001", "2024Q4:H001", "2024Q4:H002"),
          ids(declining.page(new MartQuery(null, null, "万秀区", null, null, false, 1, 100))));
      assertEquals(List.of("2024Q2:H001", "2024Q4:H001"),
          ids(declining.page(new MartQuery(null, null, "万秀区", "城东镇", null, false, 1, 100))));
      // A value that looks like SQL is just a value that matches nothing.
      assertEquals(0, declining.page(new MartQuery(null, null, "x' OR '1'='1", null, null, false, 1, 100)).total());
    }

    @Test
    void sortsPagesAndCountsTheWholeSelection() {
      // pc_current descending: H002 9000, H001 7000, H003 6000, H001(Q2) 3000; page 2 of size 2.
      MartPage page = marts.declining().page(new MartQuery(null, null, null, null, "pc_current", true, 2, 2));
      assertEquals(4, page.total());
      assertEquals(List.of("2024Q4:H003", "2024Q2:H001"), ids(page));
      assertThrows(IllegalArgumentException.class,
          () -> marts.declining().page(new MartQuery(null, null, null, null, "nope", false, 1, 10)));
    }

    @Test
    void regionMartsTakeTheCountyFilterAsTheirCountyRows() {
      Function<MartPage, List<String>> regions = p -> p.rows().stream()
          .map(r -> r.get("region_level") + "/" + r.get("region") + "/" + r.get("year")).toList();
      MartRepository metrics = marts.find("mart_evaluation_metrics").orElseThrow();
      assertEquals(List.of("county/万秀区/2024"),
          regions.apply(metrics.page(new MartQuery(null, null, "万秀区", null, null, false, 1, 100))));
      assertEquals(List.of("city/梧州市/2023", "city/梧州市/2024"),
          marts.evaluation().series("city", "梧州市").stream()
              .map(r -> r.getRegionLevel() + "/" + r.getRegion() + "/" + r.getYear()).toList());
    }

    @Test
    void subsidiesTakeTheQuarterAsItsThreeDueMonths() {
      MartRepository subsidies = marts.find("mart_subsidy_timeliness").orElseThrow();
      List<Record> q1 = subsidies.all(new MartQuery(2024, 1, null, null, null, false, 1, 100));
      assertEquals(List.of("万秀区", "长洲区"), q1.stream().map(r -> r.get("county", String.class)).toList());
    }

    @Test
    void householdHistoryTableHoldsEverySnapshotPeriodOfTheHouseholdOldestFirst() {
      HouseholdHistoryRepository history = new HouseholdHistoryRepository(db.dsl());
      // 2024 Q3 is in no mart (H001 did not decline then) but in the history
      assertEquals(List.of("2023Q4:龙湖镇:8000.00", "2024Q2:城东镇:3000.00", "2024Q3:城东镇:5000.00",
          "2024Q4:城东镇:7000.00"), history.history("H001").stream()
          .map(r -> r.getYear() + "Q" + r.getQuarter() + ":" + r.getTownship() + ":" + r.getPc()).toList());
      // whole rows as published, in the declared column order
      assertEquals(List.of(Arrays.asList(ServingFixture.HISTORY.get(2))),
          history.history("H001").stream().filter(r -> r.getQuarter() == 3).map(r -> Arrays.asList(r.intoArray())).toList());
      assertEquals(List.of(Arrays.asList(ServingFixture.HISTORY.get(6))),
          history.history("H005").stream().map(r -> Arrays.asList(r.intoArray())).toList());
      assertEquals(ServingFixture.HISTORY_COLUMNS, history.columns().stream().map(c -> c.name()).toList());
      assertEquals(List.of(), history.history("H999"));
    }

    @Test
    void householdHistoryListsEveryPeriodOldestFirst() {
      assertEquals(List.of("2024Q2", "2024Q4"), marts.declining().history("H001").stream()
          .map(r -> r.getYear() + "Q" + r.getQuarter()).toList());
      assertEquals(List.of(), marts.evidence().history("H002"));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class H2 extends OnDatabase {
    @Override
    String url() {
      try {
        return TestDatabases.h2(Files.createTempDirectory("serving-h2"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Postgres extends OnDatabase {
    @Override
    String url() {
      return TestDatabases.postgres();
    }
  }
}
