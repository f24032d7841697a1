package cn.wuzhou.income.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.models.MartCatalog;
import cn.wuzhou.income.models.serving.ServingMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration runner applies V1 once on H2 and PostgreSQL, and the tables match marts.yaml. */
class MigrationRunnerTest {
  @TempDir Path dir;

  @Test
  void onH2() throws Exception {
    appliesOnceAndCreatesEveryMartTable(TestDatabases.h2(dir));
  }

  @Test
  void onPostgres() throws Exception {
    String url = TestDatabases.postgres();
    try {
      appliesOnceAndCreatesEveryMartTable(url);
    } finally {
      TestDatabases.dropPostgres(url);
    }
  }

  private static void appliesOnceAndCreatesEveryMartTable(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(List.of(1), ServingMigrations.migrate(c));
      assertEquals(List.of(), ServingMigrations.migrate(c));
      for (MartCatalog.Mart mart : MartCatalog.get().marts()) {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + mart.name() + "\" WHERE 1 = 0")) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            columns.add(rs.getMetaData().getColumnName(i));
          }
        }
        assertEquals(mart.columnNames(), columns, mart.name());
      }
    }
  }
}
