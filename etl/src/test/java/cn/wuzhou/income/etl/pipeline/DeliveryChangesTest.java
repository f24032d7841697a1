package cn.wuzhou.income.etl.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.DeliveryChanges.FeedPeriod;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryChangesTest {
  private static final SparkSession SPARK = SharedSpark.session();
  @TempDir Path home;

  @Test
  void aResubmittedOrWithdrawnDeliveryChangesItsFeedPeriodAndAnUnchangedOneDoesNot() {
    WarehouseTables tables = new WarehouseTables(SPARK, home);
    tables.overwrite("deliveries", SPARK.sql("SELECT * FROM VALUES "
        + "('hrss_employment', '2024-02', 'e2', 'loaded'), ('hrss_employment', '2024-03', 'e3', 'loaded'), "
        + "('civil_assistance', '2024-03', 'a3', 'loaded') AS t(feed, period, delivery_id, status)"));
    // e3 resubmitted as e3b; a3 withdrawn (every file rejected); 2024-04 new; e2 unchanged.
    tables.overwrite("deliveries", SPARK.sql("SELECT * FROM VALUES "
        + "('hrss_employment', '2024-02', 'e2', 'loaded'), ('hrss_employment', '2024-03', 'e3', 'replaced'), "
        + "('hrss_employment', '2024-03', 'e3b', 'loaded'), ('civil_assistance', '2024-03', 'a3', 'rejected'), "
        + "('hrss_employment', '2024-04', 'e4', 'loaded') AS t(feed, period, delivery_id, status)"));

    assertEquals(Optional.of(Set.of(new FeedPeriod("hrss_employment", "2024-03"),
            new FeedPeriod("civil_assistance", "2024-03"), new FeedPeriod("hrss_employment", "2024-04"))),
        DeliveryChanges.since(tables, 0, tables.read("deliveries")));
    assertEquals(Optional.empty(), DeliveryChanges.since(tables, 7, tables.read("deliveries")));
  }

  @Test
  void theEarliestPaidMonthOfChangedPaymentsCountsTheRowsBeforeAndAfterTheChange() {
    WarehouseTables tables = new WarehouseTables(SPARK, home);
    // Version 0: the 2024-03 payment was paid early, in December; version 1 (resubmitted): in February.
    tables.overwrite("silver_payments", SPARK.sql("SELECT * FROM VALUES "
        + "('P1', DATE '2024-03-10', DATE '2023-12-28', '2024-03'), ('P0', DATE '2024-01-10', DATE '2023-11-02', '2024-01') "
        + "AS t(payment_id, due_date, paid_date, period)"));
    tables.overwrite("silver_payments", SPARK.sql("SELECT * FROM VALUES "
        + "('P1', DATE '2024-03-10', DATE '2024-02-27', '2024-03'), ('P0', DATE '2024-01-10', DATE '2023-11-02', '2024-01') "
        + "AS t(payment_id, due_date, paid_date, period)"));

    assertEquals(Optional.of(YearMonth.of(2023, 12)),
        DeliveryChanges.earliestPaidMonth(tables, "silver_payments", 0L, Set.of("2024-03")));
    assertEquals(Optional.of(YearMonth.of(2024, 2)),
        DeliveryChanges.earliestPaidMonth(tables, "silver_payments", null, Set.of("2024-03")));
    assertEquals(Optional.empty(), DeliveryChanges.earliestPaidMonth(tables, "silver_payments", 0L, Set.of()));
  }
}
