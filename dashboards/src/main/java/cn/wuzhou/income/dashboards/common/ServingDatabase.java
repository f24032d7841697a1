package cn.wuzhou.income.dashboards.common;

import cn.wuzhou.income.models.serving.ServingMigrations;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The serving database as the dashboards use it: a connection source for its JDBC URL (H2 file
 * or PostgreSQL), the schema brought up to date at open, and a jOOQ {@link DSLContext} in the
 * URL's dialect. jOOQ quotes every name, so the same queries run on both databases.
 */
public final class ServingDatabase implements AutoCloseable {
  private final String url;
  private final DataSource dataSource;
  private final JdbcConnectionPool h2Pool;
  private final DSLContext dsl;

  private ServingDatabase(String url, Optional<String> password) {
    this.url = url;
    if (url.startsWith("jdbc:h2:")) {
      h2Pool = JdbcConnectionPool.create(url, "", password.orElse(""));
      h2Pool.setMaxConnections(16);
      dataSource = h2Pool;
    } else if (url.startsWith("jdbc:postgresql:")) {
      h2Pool = null;
      dataSource = new DriverManagerSource(url, password);
    } else {
      throw new IllegalArgumentException("serving database URL '" + url
          + "': expected jdbc:h2:… or jdbc:postgresql:…");
    }
    dsl = DSL.using(dataSource, dialect(url),
        new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED));
  }

  /** Opens the database at {@code url} and applies pending migrations. */
  public static ServingDatabase open(String url, Optional<String> password) throws SQLException {
    ServingDatabase db = new ServingDatabase(url, password);
    try (Connection c = db.dataSource.getConnection()) {
      ServingMigrations.migrate(c);
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  public static SQLDialect dialect(String url) {
    return url.startsWith("jdbc:postgresql:") ? SQLDialect.POSTGRES : SQLDialect.H2;
  }

  public DSLContext dsl() {
    return dsl;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String url() {
    return url;
  }

  @Override
  public void close() {
    if (h2Pool != null) {
      h2Pool.dispose();
    }
  }

  /** A new PostgreSQL connection per request: the dashboards' load is a few leaders at a time. */
  private record DriverManagerSource(String url, Optional<String> password) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      Properties props = new Properties();
      password.ifPresent(p -> props.setProperty("password", p));
      return DriverManager.getConnection(url, props);
    }

    @Override
    public Connection getConnection(String user, String pw) throws SQLException {
      return DriverManager.getConnection(url, user, pw);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
