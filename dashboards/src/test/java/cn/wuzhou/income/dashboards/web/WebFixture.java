package cn.wuzhou.income.dashboards.web;

import cn.wuzhou.income.dashboards.common.ServingDatabase;
import cn.wuzhou.income.models.serving.ServingPublisher;
import cn.wuzhou.income.models.serving.ServingPublisher.TableRows;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The published serving database the browser tests read: every page has data for 2024 Q4 (and
 * some for 2024 Q3/Q2, 2023) in 万秀区 (城东镇, 龙湖镇, 夏郢镇) and 长洲区 (倒水镇). The values are
 * chosen so each chart's expected data can be written down by hand in the tests.
 */
final class WebFixture {
  static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

  private WebFixture() {}

  static ServingDatabase publish(String url) throws Exception {
    ServingDatabase db = ServingDatabase.open(url, Optional.empty());
    List<TableRows> tables = List.of(metrics(), townships(), declining(), evidence(), history(), subsidies(),
        quintileTrend(), transitions(), cohorts(),
        new TableRows("deliveries", List.of("feed", "period", "delivery_id", "files", "rows_received", "rows_loaded",
            "rows_quarantined", "status", "received_at"), rows(
                new Object[] {"agri_households", "2024-12", "d1", "h.csv", 100L, 97L, 3L, "loaded", at(2025, 1, 3)},
                new Object[] {"agri_income_survey", "2024-Q4", "d2", "s.csv", 80L, 79L, 1L, "loaded", at(2025, 1, 5)},
                new Object[] {"finance_payments", "2024-11", "d3", "p.csv", 50L, 40L, 10L, "replaced", at(2024, 12, 2)},
                new Object[] {"finance_payments", "2024-11", "d4", "p.csv", 50L, 50L, 0L, "loaded", at(2024, 12, 9)})),
        new TableRows("quarantine_counts", List.of("feed", "period", "delivery_id", "reason", "quarantined_rows"), rows(
            new Object[] {"agri_households", "2024-12", "d1", "BAD_ID", 2L},
            new Object[] {"agri_households", "2024-12", "d1", "MISSING_FIELD", 1L},
            new Object[] {"agri_income_survey", "2024-Q4", "d2", "BAD_ID", 1L},
            new Object[] {"finance_payments", "2024-11", "d3", "BAD_DATE", 10L})));
    try (Connection c = db.dataSource().getConnection()) {
      new ServingPublisher(c).publish(tables, AS_OF);
    }
    return db;
  }

  /** E01, E04, E08 for 2024 Q3 and Q4, city and both counties. */
  private static TableRows metrics() {
    List<Object[]> rows = new ArrayList<>();
    Object[][] values = {
        // region level, region, quarter, E01 value, E04 value, E08 count
        {"city", "梧州市", 3, "4.00", "6.00", 20}, {"city", "梧州市", 4, "5.50", "5.00", 25},
        {"county", "万秀区", 3, "5.00", "9.00", 10}, {"county", "万秀区", 4, "6.50", "8.00", 12},
        {"county", "长洲区", 3, "3.00", "2.00", 10}, {"county", "长洲区", 4, "4.25", "0.00", 13}};
    for (Object[] v : values) {
      rows.add(new Object[] {2024, v[2], v[0], v[1], "E01", "低收入脱贫人口人均纯收入增幅", null, null, d((String) v[3]), "%"});
      rows.add(new Object[] {2024, v[2], v[0], v[1], "E04", "收入不增反降户占比", null, null, d((String) v[4]), "%"});
      rows.add(new Object[] {2024, v[2], v[0], v[1], "E08", "公益性岗位安置低收入人口", d(v[5].toString()), null,
          d(v[5].toString()), "人"});
    }
    return new TableRows("mart_evaluation_metrics", List.of("year", "quarter", "region_level", "region",
        "indicator_code", "indicator_name", "numerator", "denominator", "value", "unit"), rows);
  }

  private static TableRows townships() {
    return new TableRows("mart_township_comparison", List.of("year", "quarter", "county", "township", "households",
        "persons", "pc_mean", "panel_households", "pc_growth_pct", "declined_households", "rank_in_county",
        "rank_in_city"), rows(
            new Object[] {2024, 4, "万秀区", "城东镇", 10, 31, d("9000.00"), 9, d("3.20"), 2, 2, 2},
            new Object[] {2024, 4, "万秀区", "龙湖镇", 12, 40, d("8500.00"), 12, d("5.10"), 1, 1, 1},
            new Object[] {2024, 4, "万秀区", "夏郢镇", 6, 20, d("7000.00"), 6, d("-1.05"), 1, 3, 4},
            new Object[] {2024, 4, "长洲区", "倒水镇", 8, 25, d("8800.00"), 8, d("2.00"), 0, 1, 3},
            new Object[] {2024, 3, "万秀区", "城东镇", 10, 31, d("6000.00"), 9, d("2.50"), 1, 1, 1},
            new Object[] {2024, 3, "万秀区", "龙湖镇", 12, 40, d("5800.00"), 12, d("2.00"), 2, 2, 3},
            new Object[] {2024, 3, "万秀区", "夏郢镇", 6, 20, d("5000.00"), 6, d("0.50"), 1, 3, 4},
            new Object[] {2024, 3, "长洲区", "倒水镇", 8, 25, d("6100.00"), 8, d("2.10"), 0, 1, 2}));
  }

  private static TableRows declining() {
    return new TableRows("mart_declining_households", List.of("year", "quarter", "household_id", "county", "township",
        "village", "household_type", "household_size", "head_name_masked", "base_quintile", "pc_current", "pc_prior",
        "change_pct", "declined", "below_line", "main_decline_source", "escalation_required", "escalated",
        "helper_level"), rows(
            new Object[] {2024, 4, "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "张*", 1, d("7000.00"), d("8000.00"),
                d("-12.50"), true, true, "wage", true, false, "村级"},
            new Object[] {2024, 4, "H004", "万秀区", "城东镇", "新村", "监测户", 4, "陈*华", 1, d("8500.00"), d("8800.00"),
                d("-3.41"), true, false, "wage", true, true, "乡科级"},
            new Object[] {2024, 4, "H002", "万秀区", "龙湖镇", "龙村", "监测户", 2, "欧**明", 2, d("9000.00"),
                d("9500.00"), d("-5.26"), true, false, "operating", false, false, null},
            new Object[] {2024, 4, "H003", "长洲区", "倒水镇", "水村", "脱贫不稳定户", 4, "李*", null, d("6000.00"), null,
                null, false, true, null, true, true, "乡科级"},
            new Object[] {2024, 2, "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "张*", 1, d("3000.00"), d("3500.00"),
                d("-14.29"), true, false, "wage", false, false, "村级"}));
  }

  private static TableRows evidence() {
    return new TableRows("mart_income_evidence", List.of("year", "quarter", "household_id", "county", "township",
        "declared_wage", "evidenced_wage", "declared_transfer", "evidenced_transfer", "evidence_coverage",
        "unsupported_wage", "unsupported_transfer", "reported_pc_mismatch"), rows(
            new Object[] {2024, 4, "H001", "万秀区", "城东镇", d("12000.00"), d("10000.00"), d("3000.00"), d("3000.00"),
                d("86.67"), false, false, false},
            new Object[] {2024, 4, "H004", "万秀区", "城东镇", d("6000.00"), d("0.00"), d("1000.00"), d("1000.00"),
                d("14.29"), true, false, false},
            new Object[] {2024, 4, "H002", "万秀区", "龙湖镇", d("8000.00"), d("8000.00"), d("0.00"), d("0.00"),
                d("100.00"), false, false, false},
            new Object[] {2024, 4, "H003", "长洲区", "倒水镇", d("5000.00"), d("0.00"), d("1000.00"), d("1000.00"),
                d("16.67"), true, false, true}));
  }

  /**
   * household_history of H001 (城东镇, size 3): 2024 Q1..Q4 and 2023 Q2, Q4. Q1 and Q3 are in no
   * mart (it did not decline then). pc = net / 3; net = wage + operating + property + transfer:
   * 2023 Q2 3500 * 3 = 10500 = 7000 + 1500 + 500 + 1500; 2023 Q4 24000 = 15000 + 3000 + 1000 + 5000;
   * 2024 Q1 1500 * 3 = 4500 = 3000 + 500 + 0 + 1000; Q2 9000 = 6000 + 1000 + 500 + 1500;
   * Q3 15000 = 9000 + 2000 + 1000 + 3000; Q4 21000 = 12000 + 2000 + 1000 + 6000.
   */
  private static TableRows history() {
    Object[][] v = {
        // year, quarter, net, pc, wage, operating, property, transfer, employed, assistance,
        // interventions, amount, payments due, paid, on time, amount due, amount paid
        {2023, 2, "10500.00", "3500.00", "7000.00", "1500.00", "500.00", "1500.00", 6, 0, 0, "0.00", 2, 2, 2, "400.00", "400.00"},
        {2023, 4, "24000.00", "8000.00", "15000.00", "3000.00", "1000.00", "5000.00", 20, 4, 2, "1500.00", 6, 6, 5, "1200.00", "1150.00"},
        {2024, 1, "4500.00", "1500.00", "3000.00", "500.00", "0.00", "1000.00", 1, 0, 0, "0.00", 1, 1, 1, "200.00", "200.00"},
        {2024, 2, "9000.00", "3000.00", "6000.00", "1000.00", "500.00", "1500.00", 2, 1, 1, "300.00", 3, 3, 3, "600.00", "600.00"},
        {2024, 3, "15000.00", "5000.00", "9000.00", "2000.00", "1000.00", "3000.00", 5, 2, 1, "300.00", 4, 4, 3, "800.00", "750.00"},
        {2024, 4, "21000.00", "7000.00", "12000.00", "2000.00", "1000.00", "6000.00", 5, 2, 2, "800.00", 6, 5, 4, "1200.00", "1100.00"}};
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : v) {
      rows.add(new Object[] {r[0], r[1], "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "村级", 1, true,
          d((String) r[2]), d((String) r[3]), d((String) r[4]), d((String) r[5]), d((String) r[6]), d((String) r[7]),
          r[8], r[9], r[10], d((String) r[11]), r[12], r[13], r[14], d((String) r[15]), d((String) r[16])});
    }
    return new TableRows("household_history", List.of("year", "quarter", "household_id", "county", "township",
        "village", "household_type", "household_size", "helper_level", "base_quintile", "surveyed", "net_income", "pc",
        "wage_income", "operating_net", "property_income", "transfer_income", "employed_months", "assistance_months",
        "interventions", "intervention_amount", "payments_due", "payments_paid", "payments_on_time_full", "amount_due",
        "amount_paid"), rows);
  }

  private static TableRows subsidies() {
    return new TableRows("mart_subsidy_timeliness", List.of("year", "due_month", "county", "subsidy_item",
        "payments_due", "amount_due", "on_time_full", "paid_late", "short_paid", "returned", "unpaid_overdue",
        "on_time_rate"), rows(
            new Object[] {2024, 10, "万秀区", "耕地地力保护补贴", 20, d("2000.00"), 18, 1, 0, 0, 1, d("90.00")},
            new Object[] {2024, 11, "万秀区", "耕地地力保护补贴", 10, d("1000.00"), 6, 0, 1, 1, 2, d("60.00")},
            new Object[] {2024, 11, "万秀区", "生态公益林补偿", 5, d("800.00"), 5, 0, 0, 0, 0, d("100.00")},
            new Object[] {2024, 12, "长洲区", "耕地地力保护补贴", 11, d("1100.00"), 5, 2, 0, 0, 3, d("45.45")},
            new Object[] {2024, 3, "万秀区", "耕地地力保护补贴", 20, d("2000.00"), 20, 0, 0, 0, 0, d("100.00")}));
  }

  private static TableRows quintileTrend() {
    List<Object[]> rows = new ArrayList<>();
    for (int year : new int[] {2023, 2024}) {
      for (int q = 1; q <= 5; q++) {
        // pc_mean: 2023 = 4000 * q, 2024 = 4000 * q + 400 (so 2024 Q1 group = 4400.00)
        BigDecimal pc = d(Integer.toString(4000 * q + (year == 2024 ? 400 : 0)) + ".00");
        rows.add(new Object[] {year, q, "households", 20, 60, pc.multiply(d("60")), pc, d("40.00"), d("30.00"),
            d("5.00"), d("25.00")});
      }
    }
    return new TableRows("mart_quintile_trend", List.of("year", "quintile", "method", "households", "persons",
        "income_total", "pc_mean", "wage_share", "operating_share", "property_share", "transfer_share"), rows);
  }

  private static TableRows transitions() {
    return new TableRows("mart_quintile_transition", List.of("base_year", "from_quintile", "to_quintile", "households"),
        rows(new Object[] {2023, 1, 1, 14}, new Object[] {2023, 1, 2, 6}, new Object[] {2023, 2, 1, 6},
            new Object[] {2023, 2, 2, 14}, new Object[] {2023, 5, 5, 20}));
  }

  private static TableRows cohorts() {
    return new TableRows("mart_cohort_progress", List.of("year", "quarter", "base_quintile", "households", "persons",
        "pc_mean_current", "pc_mean_prior", "growth_pct", "households_declined", "declined_share"), rows(
            new Object[] {2024, 2, 0, 90, 270, d("3100.00"), d("3000.00"), d("3.33"), 10, d("11.11")},
            new Object[] {2024, 2, 1, 18, 54, d("1600.00"), d("1500.00"), d("6.67"), 3, d("16.67")},
            new Object[] {2024, 4, 0, 95, 285, d("12600.00"), d("12000.00"), d("5.00"), 12, d("12.63")},
            new Object[] {2024, 4, 1, 19, 57, d("6400.00"), d("6000.00"), d("6.67"), 4, d("21.05")}));
  }

  private static List<Object[]> rows(Object[]... rows) {
    return Arrays.asList(rows);
  }

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  private static LocalDateTime at(int y, int m, int day) {
    return LocalDateTime.of(y, m, day, 9, 30);
  }
}
