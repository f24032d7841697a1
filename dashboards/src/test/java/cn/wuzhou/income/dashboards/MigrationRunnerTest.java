package cn.wuzhou.income.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.models.MartCatalog;
import cn.wuzhou.income.models.serving.ServingMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration runner applies V1 and V2 once on H2 and PostgreSQL, the tables match marts.yaml
 * (marts and serving tables), and a database published before V2 gets V2 alone.
 */
class MigrationRunnerTest {
  @TempDir Path dir;

  @Test
  void onH2() throws Exception {
    appliesOnceAndCreatesEveryMartTable(TestDatabases.h2(dir));
  }

  @Test
  void onPostgres() throws Exception {
    TestDatabases.withPostgres(MigrationRunnerTest::appliesOnceAndCreatesEveryMartTable);
  }

  private static void appliesOnceAndCreatesEveryMartTable(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(List.of(1, 2), ServingMigrations.migrate(c));
      assertEquals(List.of(), ServingMigrations.migrate(c));
      List<MartCatalog.Mart> tables = new ArrayList<>(MartCatalog.get().marts());
      tables.addAll(MartCatalog.get().servingTables());
      for (MartCatalog.Mart mart : tables) {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + mart.name() + "\" WHERE 1 = 0")) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            columns.add(rs.getMetaData().getColumnName(i));
          }
        }
        assertEquals(mart.columnNames(), columns, mart.name());
      }
      // a serving database of V1 only (published before household_history existed) gets V2 alone
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE \"household_history\"");
        st.execute("DELETE FROM \"schema_migrations\" WHERE \"version\" = 2");
      }
      assertEquals(List.of(2), ServingMigrations.migrate(c));
      try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"household_history\"")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1));
      }
    }
  }
}
