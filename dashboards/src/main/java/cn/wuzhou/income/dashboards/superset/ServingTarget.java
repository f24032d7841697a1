package cn.wuzhou.income.dashboards.superset;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serving database as Superset connects to it: a SQLAlchemy URI for PostgreSQL with the
 * password masked ({@value #PASSWORD_MASK}, Superset's own mask: the importer then requires the
 * password in the {@code passwords} field) and the schema holding the marts.
 */
public record ServingTarget(String sqlalchemyUri, String schema) {
  /** Superset's password mask: an exported URI carries it instead of the password. */
  public static final String PASSWORD_MASK = "XXXXXXXXXX";
  /** Used when the configured serving database is not PostgreSQL and no URI is given. */
  public static final String PLACEHOLDER_URI =
      "postgresql://warehouse:" + PASSWORD_MASK + "@localhost:5432/warehouse";

  /**
   * From a PostgreSQL JDBC URL such as {@code jdbc:postgresql://db:5432/warehouse?user=warehouse
   * &currentSchema=marts}: user (default {@code warehouse}), host (default localhost), port
   * (default 5432), database and schema ({@code currentSchema}, default {@code public}).
   */
  public static ServingTarget fromJdbcUrl(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("serving database URL '" + jdbcUrl
          + "' is not PostgreSQL; Superset needs the PostgreSQL serving database (give --sqlalchemy-uri)");
    }
    String rest = jdbcUrl.substring("jdbc:postgresql:".length());
    String host = "localhost";
    int port = 5432;
    String pathAndQuery = rest;
    if (rest.startsWith("//")) {
      URI uri = URI.create("postgresql:" + rest);
      host = uri.getHost() == null ? "localhost" : uri.getHost();
      port = uri.getPort() < 0 ? 5432 : uri.getPort();
      pathAndQuery = uri.getRawPath().replaceFirst("^/", "")
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
    String database = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    Map<String, String> params = query(pathAndQuery.contains("?")
        ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "");
    if (database.isBlank()) {
      throw new IllegalArgumentException("serving database URL '" + jdbcUrl + "' names no database");
    }
    String user = params.getOrDefault("user", "warehouse");
    String uri = "postgresql://" + user + ":" + PASSWORD_MASK + "@" + host + ":" + port + "/" + database;
    return new ServingTarget(uri, params.getOrDefault("currentSchema", "public"));
  }

  /** A URI given as it is (option {@code --sqlalchemy-uri}); a password in it is replaced by the mask. */
  public static ServingTarget fromSqlalchemyUri(String uri, String schema) {
    if (!uri.matches("^[a-z][a-z0-9+]*://.*")) {
      throw new IllegalArgumentException("--sqlalchemy-uri '" + uri
          + "' is not a SQLAlchemy URI (e.g. postgresql://warehouse@db:5432/warehouse)");
    }
    return new ServingTarget(maskPassword(uri), schema);
  }

  /** True when the URI carries the mask, so Superset's importer needs the password separately. */
  public boolean passwordMasked() {
    return sqlalchemyUri.contains(":" + PASSWORD_MASK + "@");
  }

  static String maskPassword(String uri) {
    int scheme = uri.indexOf("://") + 3;
    int at = uri.indexOf('@', scheme);
    if (at < 0) {
      return uri;
    }
    String userInfo = uri.substring(scheme, at);
    String user = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
    return uri.substring(0, scheme) + user + ":" + PASSWORD_MASK + uri.substring(at);
  }

  private static Map<String, String> query(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }
}
