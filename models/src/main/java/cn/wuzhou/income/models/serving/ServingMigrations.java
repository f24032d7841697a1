package cn.wuzhou.income.models.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Brings a serving database up to date with the versioned scripts
 * {@code db/migration/V<n>__<description>.sql} on the classpath (Flyway's naming, without
 * Flyway): applies, in version order, every script whose version is not yet recorded in
 * {@code schema_migrations}, and records it with its checksum. A recorded script whose text
 * changed since is refused: migrations are append-only, a change needs a new version.
 */
public final class ServingMigrations {
  public static final String LOCATION = "db/migration";
  public static final String HISTORY_TABLE = "schema_migrations";
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  private ServingMigrations() {}

  /** One migration script: version, file name and text. */
  public record Script(int version, String fileName, String sql) {
    public String checksum() {
      try {
        return HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The statements of the script: split at a semicolon ending a line, comments removed. */
    public List<String> statements() {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : sql.split("\n")) {
        String code = line.replaceFirst("--.*$", "").stripTrailing();
        if (code.isBlank()) {
          continue;
        }
        current.append(code).append('\n');
        if (code.endsWith(";")) {
          out.add(current.substring(0, current.lastIndexOf(";")).strip());
          current.setLength(0);
        }
      }
      if (!current.toString().isBlank()) {
        out.add(current.toString().strip());
      }
      return out;
    }
  }

  /**
   * Applies the pending scripts and returns their versions (empty when up to date). Each script
   * runs in one transaction where the database allows DDL in transactions (PostgreSQL).
   */
  public static List<Integer> migrate(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try {
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS \"" + HISTORY_TABLE + "\" ("
            + "\"version\" INTEGER NOT NULL PRIMARY KEY, \"script\" VARCHAR NOT NULL, "
            + "\"checksum\" VARCHAR NOT NULL, \"applied_at\" TIMESTAMP NOT NULL)");
      }
      Map<Integer, String> applied = appliedChecksums(connection);
      List<Integer> done = new ArrayList<>();
      for (Script script : scripts()) {
        String recorded = applied.get(script.version());
        if (recorded != null) {
          if (!recorded.equals(script.checksum())) {
            throw new IllegalStateException("serving database: migration " + script.fileName()
                + " was applied with another text (checksum " + recorded + "); never edit an applied"
                + " migration, add V" + (lastVersion() + 1) + "__….sql instead");
          }
          continue;
        }
        apply(connection, script);
        done.add(script.version());
      }
      return done;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The scripts on the classpath in version order. */
  public static List<Script> scripts() {
    Map<Integer, Script> byVersion = new TreeMap<>();
    for (String fileName : scriptNames()) {
      Matcher m = NAME.matcher(fileName);
      if (!m.matches()) {
        continue;
      }
      int version = Integer.parseInt(m.group(1));
      Script previous = byVersion.put(version, new Script(version, fileName, read(fileName)));
      if (previous != null) {
        throw new IllegalStateException("two migrations with version " + version + ": "
            + previous.fileName() + " and " + fileName);
      }
    }
    if (byVersion.isEmpty()) {
      throw new IllegalStateException("no migration scripts found under " + LOCATION + " on the classpath");
    }
    return List.copyOf(byVersion.values());
  }

  private static int lastVersion() {
    return scripts().stream().mapToInt(Script::version).max().orElse(0);
  }

  private static void apply(Connection connection, Script script) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      for (String sql : script.statements()) {
        st.execute(sql);
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"" + HISTORY_TABLE
          + "\" (\"version\", \"script\", \"checksum\", \"applied_at\") VALUES (?, ?, ?, ?)")) {
        insert.setInt(1, script.version());
        insert.setString(2, script.fileName());
        insert.setString(3, script.checksum());
        insert.setTimestamp(4, Timestamp.from(Instant.now()));
        insert.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw new SQLException("serving database: migration " + script.fileName() + " failed: "
          + e.getMessage(), e.getSQLState(), e);
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static Map<Integer, String> appliedChecksums(Connection connection) throws SQLException {
    Map<Integer, String> applied = new TreeMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"version\", \"checksum\" FROM \"" + HISTORY_TABLE + "\"")) {
      while (rs.next()) {
        applied.put(rs.getInt(1), rs.getString(2));
      }
    }
    return applied;
  }

  private static String read(String fileName) {
    try (InputStream in = ServingMigrations.class.getClassLoader()
        .getResourceAsStream(LOCATION + "/" + fileName)) {
      if (in == null) {
        throw new IllegalStateException(LOCATION + "/" + fileName + " vanished from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File names under {@link #LOCATION}, from a classes folder or a jar. */
  private static List<String> scriptNames() {
    URL url = ServingMigrations.class.getClassLoader().getResource(LOCATION);
    if (url == null) {
      return List.of();
    }
    try {
      if (url.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          return files.map(p -> p.getFileName().toString()).sorted(Comparator.naturalOrder()).toList();
        }
      }
      if (url.getProtocol().equals("jar")) {
        String jarPath = url.getPath().substring("file:".length(), url.getPath().indexOf("!"));
        try (JarFile jar = new JarFile(java.net.URLDecoder.decode(jarPath, StandardCharsets.UTF_8))) {
          return jar.stream().map(JarEntry::getName)
              .filter(n -> n.startsWith(LOCATION + "/") && n.length() > LOCATION.length() + 1)
              .map(n -> n.substring(LOCATION.length() + 1)).sorted().toList();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + url, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot list " + url, e);
    }
    throw new IllegalStateException("cannot list migration scripts at " + url);
  }
}
