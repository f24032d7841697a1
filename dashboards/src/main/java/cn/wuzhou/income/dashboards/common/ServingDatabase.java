package cn.wuzhou.income.dashboards.common;

import cn.wuzhou.income.models.serving.ServingMigrations;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
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
  /** Connections the API holds at most (H2 and PostgreSQL pools). */
  static final int MAX_CONNECTIONS = 16;

  private final String url;
  private final DataSource dataSource;
  private final JdbcConnectionPool h2Pool;
  private final HikariDataSource pgPool;
  private final DSLContext dsl;

  private ServingDatabase(String url, Optional<String> password) {
    this.url = url;
    if (url.startsWith("jdbc:h2:")) {
      h2Pool = JdbcConnectionPool.create(url, "", password.orElse(""));
      h2Pool.setMaxConnections(MAX_CONNECTIONS);
      pgPool = null;
      dataSource = h2Pool;
    } else if (url.startsWith("jdbc:postgresql:")) {
      // Pooled: a new PostgreSQL connection costs a server process per request.
      h2Pool = null;
      HikariConfig pool = new HikariConfig();
      pool.setJdbcUrl(url);
      password.ifPresent(pool::setPassword);
      pool.setMaximumPoolSize(MAX_CONNECTIONS);
      pool.setMinimumIdle(2);
      pool.setPoolName("serving");
      pool.setConnectionTimeout(10_000);
      // Connect lazily: an unreachable server fails the first getConnection with an SQLException.
      pool.setInitializationFailTimeout(-1);
      pgPool = new HikariDataSource(pool);
      dataSource = pgPool;
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
    if (pgPool != null) {
      pgPool.close();
    }
  }
}
