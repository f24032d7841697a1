package cn.wuzhou.income.dashboards;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Serving databases for tests: an H2 file in a temporary folder, or a fresh schema on the
 * PostgreSQL of 127.0.0.1:5432 (database {@code test}, trust auth, user postgres or root),
 * dropped by {@link #dropPostgres}. When PostgreSQL is unreachable its tests are skipped with
 * the reason, unless {@code WAREHOUSE_REQUIRE_POSTGRES=1}, when they fail.
 */
public final class TestDatabases {
  private static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test";

  private TestDatabases() {}

  public static String h2(Path dir) {
    return "jdbc:h2:file:" + dir.resolve("serving").toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  /** A URL whose connections use a new schema of their own. */
  public static String postgres() {
    String user = reachableUser();
    String schema = "wh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_BASE + "?user=" + user);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + " on " + PG_BASE, e);
    }
    return PG_BASE + "?user=" + user + "&currentSchema=" + schema;
  }

  /** A test over a database URL. */
  @FunctionalInterface
  public interface Check {
    void run(String url) throws Exception;
  }

  /** Runs {@code check} on a fresh schema of the test PostgreSQL ({@link #postgres}), dropped after. */
  public static void withPostgres(Check check) throws Exception {
    String url = postgres();
    try {
      check.run(url);
    } finally {
      dropPostgres(url);
    }
  }

  public static void dropPostgres(String url) {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      return;
    }
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    String base = url.substring(0, url.indexOf("&currentSchema="));
    try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    }
  }

  private static String reachableUser() {
    SQLException last = null;
    for (String user : List.of("postgres", "root")) {
      try (Connection c = DriverManager.getConnection(PG_BASE + "?user=" + user + "&connectTimeout=3")) {
        return user;
      } catch (SQLException e) {
        last = e;
      }
    }
    boolean required = "1".equals(System.getenv("WAREHOUSE_REQUIRE_POSTGRES"));
    String reason = "PostgreSQL at " + PG_BASE + " is unreachable as postgres or root ("
        + (last == null ? "?" : last.getMessage()) + ")";
    if (required) {
      throw new IllegalStateException(reason + " and WAREHOUSE_REQUIRE_POSTGRES=1");
    }
    assumeTrue(false, reason + "; PostgreSQL tests skipped (set WAREHOUSE_REQUIRE_POSTGRES=1 to fail instead)");
    return null;
  }
}
