package cn.wuzhou.income.dashboards;

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

/**
 * A small published serving database shared by the dashboards tests: households H001, H002 in
 * 万秀区 (城东镇, 龙湖镇), H003 in 长洲区 (倒水镇), H005 (长洲区, only in household_history);
 * indicator rows for the city and both counties.
 */
public final class ServingFixture {
  public static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);

  private ServingFixture() {}

  public static final List<String> DECLINING_COLUMNS = List.of("year", "quarter", "household_id", "county",
      "township", "village", "household_type", "household_size", "head_name_masked", "base_quintile",
      "pc_current", "pc_prior", "change_pct", "declined", "below_line", "main_decline_source",
      "employed_months_current", "employed_months_prior", "assistance_months", "escalation_required",
      "escalated", "helper_level");

  public static final List<Object[]> DECLINING = List.of(
      new Object[] {2024, 4, "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "张*", 1, d("7000.00"),
          d("8000.00"), d("-12.50"), true, true, "wage", 5, 8, 2, true, false, "村级"},
      new Object[] {2024, 4, "H002", "万秀区", "龙湖镇", "龙村", "监测户", 2, "欧**明", 2, d("9000.00"),
          d("9500.00"), d("-5.26"), true, false, "operating", 12, 12, 0, false, false, null},
      new Object[] {2024, 4, "H003", "长洲区", "倒水镇", "水村", "脱贫不稳定户", 4, "李*", null, d("6000.00"),
          null, null, false, true, null, 0, 0, 3, true, true, "乡科级"},
      new Object[] {2024, 2, "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "张*", 1, d("3000.00"),
          d("3500.00"), d("-14.29"), true, false, "wage", 2, 3, 1, false, false, "村级"});

  public static final List<String> EVIDENCE_COLUMNS = List.of("year", "quarter", "household_id", "county",
      "township", "declared_wage", "evidenced_wage", "declared_transfer", "evidenced_transfer",
      "evidence_coverage", "unsupported_wage", "unsupported_transfer", "reported_pc_mismatch");

  public static final List<Object[]> EVIDENCE = List.of(
      new Object[] {2024, 4, "H001", "万秀区", "城东镇", d("12000.00"), d("10000.00"), d("3000.00"),
          d("3000.00"), d("86.67"), false, false, false},
      new Object[] {2024, 4, "H003", "长洲区", "倒水镇", d("5000.00"), d("0.00"), d("1000.00"), d("1000.00"),
          d("16.67"), true, false, true});

  public static final List<String> HISTORY_COLUMNS = List.of("year", "quarter", "household_id", "county",
      "township", "village", "household_type", "household_size", "helper_level", "base_quintile", "surveyed",
      "net_income", "pc", "wage_income", "operating_net", "property_income", "transfer_income",
      "employed_months", "assistance_months", "interventions", "intervention_amount", "payments_due",
      "payments_paid", "payments_on_time_full", "amount_due", "amount_paid");

  /**
   * household_history: H001 in 2023 Q4 (龙湖镇, before it moved to 城东镇), 2024 Q2, Q3 (a quarter
   * it did not decline: in no mart) and Q4; H002, H003 in 2024 Q4; H005 (长洲区) only here, not
   * surveyed. pc = net / size and net = the four components (e.g. H001 2024 Q4: 12000 + 2000 +
   * 1000 + 6000 = 21000, / 3 = 7000).
   */
  public static final List<Object[]> HISTORY = List.of(
      new Object[] {2023, 4, "H001", "万秀区", "龙湖镇", "旧村", "脱贫户", 3, "村级", null, true, d("24000.00"),
          d("8000.00"), d("15000.00"), d("3000.00"), d("1000.00"), d("5000.00"), 20, 4, 2, d("1500.00"), 6, 6, 5,
          d("1200.00"), d("1150.00")},
      new Object[] {2024, 2, "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "村级", 1, true, d("9000.00"),
          d("3000.00"), d("6000.00"), d("1000.00"), d("500.00"), d("1500.00"), 2, 1, 1, d("300.00"), 3, 3, 3,
          d("600.00"), d("600.00")},
      new Object[] {2024, 3, "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "村级", 1, true, d("15000.00"),
          d("5000.00"), d("9000.00"), d("2000.00"), d("1000.00"), d("3000.00"), 5, 2, 1, d("300.00"), 4, 4, 3,
          d("800.00"), d("750.00")},
      new Object[] {2024, 4, "H001", "万秀区", "城东镇", "新村", "脱贫户", 3, "村级", 1, true, d("21000.00"),
          d("7000.00"), d("12000.00"), d("2000.00"), d("1000.00"), d("6000.00"), 5, 2, 2, d("800.00"), 6, 5, 4,
          d("1200.00"), d("1100.00")},
      new Object[] {2024, 4, "H002", "万秀区", "龙湖镇", "龙村", "监测户", 2, null, 2, true, d("18000.00"),
          d("9000.00"), d("8000.00"), d("8000.00"), d("0.00"), d("2000.00"), 12, 0, 0, d("0.00"), 2, 2, 2,
          d("400.00"), d("400.00")},
      new Object[] {2024, 4, "H003", "长洲区", "倒水镇", "水村", "脱贫不稳定户", 4, "乡科级", null, true, d("24000.00"),
          d("6000.00"), d("5000.00"), d("2000.00"), d("0.00"), d("17000.00"), 0, 3, 1, d("500.00"), 4, 4, 4,
          d("2000.00"), d("2000.00")},
      new Object[] {2024, 4, "H005", "长洲区", "倒水镇", "水村", "脱贫户", 1, "村级", 3, false, null, null, null, null,
          null, null, 0, 0, 0, d("0.00"), 0, 0, 0, d("0.00"), d("0.00")});

  public static final List<String> METRIC_COLUMNS = List.of("year", "quarter", "region_level", "region",
      "indicator_code", "indicator_name", "numerator", "denominator", "value", "unit");

  public static final List<Object[]> METRICS = List.of(
      new Object[] {2023, 4, "city", "梧州市", "E04", "收入不增反降户占比", d("3"), d("40"), d("7.50"), "%"},
      new Object[] {2024, 4, "city", "梧州市", "E04", "收入不增反降户占比", d("2"), d("40"), d("5.00"), "%"},
      new Object[] {2024, 4, "county", "万秀区", "E04", "收入不增反降户占比", d("2"), d("25"), d("8.00"), "%"},
      new Object[] {2024, 4, "county", "长洲区", "E04", "收入不增反降户占比", d("0"), d("15"), d("0.00"), "%"});

  /** Opens the database at {@code url} and publishes the fixture into it. */
  public static ServingDatabase publish(String url) throws Exception {
    ServingDatabase db = ServingDatabase.open(url, java.util.Optional.empty());
    List<TableRows> tables = new ArrayList<>();
    tables.add(new TableRows("mart_declining_households", DECLINING_COLUMNS, DECLINING));
    tables.add(new TableRows("mart_income_evidence", EVIDENCE_COLUMNS, EVIDENCE));
    tables.add(new TableRows("mart_evaluation_metrics", METRIC_COLUMNS, METRICS));
    tables.add(new TableRows("household_history", HISTORY_COLUMNS, HISTORY));
    tables.add(new TableRows("mart_township_comparison", List.of("year", "quarter", "county", "township",
        "households", "pc_growth_pct"), List.of(
            new Object[] {2024, 4, "万秀区", "城东镇", 10, d("3.20")},
            new Object[] {2024, 4, "万秀区", "龙湖镇", 12, d("-1.05")},
            new Object[] {2024, 4, "长洲区", "倒水镇", 8, d("4.75")})));
    tables.add(new TableRows("mart_quintile_trend", List.of("year", "quintile", "method", "households"),
        rows(new Object[] {2024, 1, "households", 8}, new Object[] {2024, 2, "households", 8})));
    tables.add(new TableRows("mart_subsidy_timeliness", List.of("year", "due_month", "county", "subsidy_item",
        "payments_due"), rows(new Object[] {2024, 3, "万秀区", "耕地地力保护补贴", 20},
            new Object[] {2024, 3, "长洲区", "耕地地力保护补贴", 11}, new Object[] {2024, 7, "未匹配", "耕地地力保护补贴", 1})));
    tables.add(new TableRows("mart_poverty_indices", List.of("year", "quarter", "region_level", "region", "gini"),
        rows(new Object[] {2024, 4, "city", "梧州市", d("0.1901")}, new Object[] {2024, 4, "county", "万秀区", d("0.2000")})));
    tables.add(new TableRows("deliveries", List.of("feed", "period", "delivery_id", "files", "rows_received",
        "rows_loaded", "rows_quarantined", "status", "received_at"),
        rows(new Object[] {"agri_households", "2024-12", "d1", "h.csv", 100L, 98L, 2L, "loaded",
            LocalDateTime.of(2025, 1, 3, 9, 30)})));
    tables.add(new TableRows("quarantine_counts", List.of("feed", "period", "delivery_id", "reason",
        "quarantined_rows"), rows(new Object[] {"agri_households", "2024-12", "d1", "BAD_ID", 2L})));
    try (Connection c = db.dataSource().getConnection()) {
      new ServingPublisher(c).publish(tables, AS_OF);
    }
    return db;
  }

  private static List<Object[]> rows(Object[]... rows) {
    return Arrays.asList(rows);
  }

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }
}
