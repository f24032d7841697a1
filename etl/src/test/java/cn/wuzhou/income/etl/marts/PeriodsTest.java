package cn.wuzhou.income.etl.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PeriodsTest {
  @Test
  void snapshotFallsBackWithinTheYearOnly() {
    TreeSet<String> months = new TreeSet<>(List.of("2023-11", "2024-02", "2024-05"));
    assertEquals(Optional.of("2024-05"), Periods.sameYearSnapshot(months, "2024-06"));
    assertEquals(Optional.of("2024-02"), Periods.sameYearSnapshot(months, "2024-03"));
    assertEquals(Optional.empty(), Periods.sameYearSnapshot(months, "2024-01"));
    assertEquals(Optional.of("2023-11"), Periods.anyYearSnapshot(months, "2024-01"));
  }

  @Test
  void deliveredPeriodsAndDefaultAsOf() {
    // A rejected delivery does not count; the as-of default is the end of the latest monthly month.
    MartFixtures f = new MartFixtures()
        .delivery("agri_households", "2024-11", "h1", "loaded", 1, 0, "2024-12-01 00:00:00")
        .delivery("agri_households", "2024-12", "h2", "rejected", 0, 0, "2025-01-01 00:00:00")
        .delivery("finance_payments", "2025-01", "p1", "loaded", 1, 0, "2025-02-01 00:00:00")
        .delivery("agri_income_survey", "2024-Q4", "s1", "loaded", 1, 0, "2025-01-05 00:00:00");
    Periods p = Periods.fromDeliveries(f.inputs().deliveries());
    assertEquals(List.of(new Periods.YearQuarter(2024, 4)), List.copyOf(p.surveyPeriods()));
    assertEquals(List.of("2024-11"), List.copyOf(p.householdMonths()));
    assertEquals(Optional.of(LocalDate.of(2025, 1, 31)), p.defaultAsOf());
  }
}
