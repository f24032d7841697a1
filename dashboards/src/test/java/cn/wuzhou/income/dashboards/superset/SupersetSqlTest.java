package cn.wuzhou.income.dashboards.superset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.dashboards.TestDatabases;
import cn.wuzhou.income.dashboards.superset.RowLevelSecurity.Rule;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Dataset;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Metric;
import cn.wuzhou.income.models.serving.ServingMigrations;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SQL that Superset will send runs on the serving schema of the migrations: every saved
 * metric, every chart's query and every row-level-security clause, on PostgreSQL (the database Superset reads; skipped
 * when unreachable) and on H2 in PostgreSQL mode. Plus the person-weighted per-capita income on
 * hand-made rows.
 */
class SupersetSqlTest {
  static final SupersetAssets ASSETS = SupersetAssets.load();

  @Test
  void metricsAndRlsClausesRunOnH2() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:superset_sql_" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE,YEAR")) {
      ServingMigrations.migrate(c);
      runAll(c);
    }
  }

  @Test
  void metricsAndRlsClausesRunOnPostgres() throws Exception {
    TestDatabases.withPostgres(url -> {
      try (Connection c = DriverManager.getConnection(url)) {
        ServingMigrations.migrate(c);
        runAll(c);
      }
    });
  }

  @Test
  void perCapitaIncomeIsWeightedByPersons() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:superset_pc_" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=VALUE,YEAR");
        Statement st = c.createStatement()) {
      ServingMigrations.migrate(c);
      // quintile 1: 10 persons, 50 000 yuan (5 000 each); quintile 2: 30 persons, 270 000 (9 000 each)
      st.execute("INSERT INTO mart_quintile_trend (year, quintile, method, persons, income_total) VALUES "
          + "(2024, 1, 'households', 10, 50000.00), (2024, 2, 'households', 30, 270000.00)");
      String expr = metric("mart_quintile_trend", "pc_income").expression();
      try (ResultSet rs = st.executeQuery("SELECT " + expr + " FROM mart_quintile_trend")) {
        rs.next();
        // (50 000 + 270 000) / (10 + 30) = 8 000, not the mean of group means (5 000 + 9 000) / 2 = 7 000
        assertEquals(0, new BigDecimal("8000").compareTo(rs.getBigDecimal(1)), rs.getBigDecimal(1).toString());
      }
    }
  }

  private static Metric metric(String table, String name) {
    return ASSETS.dataset(table).metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  private static void runAll(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (Dataset ds : ASSETS.datasets()) {
        for (Metric m : ds.metrics()) {
          run(st, "SELECT " + m.expression() + " FROM " + ds.table(), ds.table() + " metric " + m.name());
        }
      }
      for (SupersetAssets.Dashboard d : ASSETS.dashboards()) {
        for (SupersetAssets.Chart chart : d.charts()) {
          run(st, chartQuery(chart), "chart " + chart.key());
        }
      }
      List<Rule> rules = RowLevelSecurity.rules(ASSETS.datasets(), List.of("万秀区"),
          List.of(new Region("450403", "万秀区", "城东镇")));
      for (Rule r : rules) {
        run(st, "SELECT COUNT(*) FROM " + r.table() + " WHERE " + r.clause(), r.name());
      }
    }
  }

  /** The query Superset builds for a chart, roughly: dimensions, metrics, fixed filters, grouping. */
  static String chartQuery(SupersetAssets.Chart chart) {
    Dataset ds = ASSETS.dataset(chart.dataset());
    List<String> dims = new java.util.ArrayList<>();
    if (chart.x() != null) {
      dims.add(chart.x());
    }
    dims.addAll(chart.groupby());
    List<String> select = new java.util.ArrayList<>(dims);
    select.addAll(chart.columns());
    chart.metrics().forEach(m -> select.add(metric(ds.table(), m).expression()));
    List<String> where = chart.filters().stream().map(f -> f.value() instanceof Boolean b
        ? f.column() + (b ? " IS TRUE" : " IS FALSE")
        : f.column() + (f.op().equals("!=") ? " <> '" : " = '") + f.value() + "'").toList();
    return "SELECT " + String.join(", ", select) + " FROM " + ds.table()
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + (dims.isEmpty() || chart.metrics().isEmpty() ? "" : " GROUP BY " + String.join(", ", dims))
        + " LIMIT 10";
  }

  private static void run(Statement st, String sql, String what) {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
    } catch (SQLException e) {
      fail(what + ": " + sql + " fails: " + e.getMessage());
    }
  }
}
