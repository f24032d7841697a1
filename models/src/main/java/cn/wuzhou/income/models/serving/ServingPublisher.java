package cn.wuzhou.income.models.serving;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Replaces tables of the serving database so that readers see the previous complete tables or
 * the new complete tables, never a mix, an empty or a missing table.
 *
 * <ol>
 *   <li>brings the schema up to date ({@link ServingMigrations});</li>
 *   <li>in ONE transaction: for every table, deletes the live rows (only those of its
 *       {@link PeriodSlice} when it has one: an incremental build) and inserts the new rows in
 *       batches, then records the publication in {@code publications}. Under MVCC (PostgreSQL,
 *       H2's MVStore; both READ COMMITTED) a reader's statement sees the state before or after
 *       that commit, never between; a failure (a bad row, a lost connection, the rows' source
 *       failing) rolls the whole publication back.</li>
 * </ol>
 * DELETE rather than TRUNCATE: PostgreSQL's TRUNCATE is not MVCC-safe (older snapshots would see
 * an empty table). The rows go straight into the live tables: an earlier version filled a staging
 * table per table first and copied it in at the swap, which wrote every row twice (the second
 * time with the live table's indexes) for no gain in what readers see.
 */
public final class ServingPublisher {
  private static final int BATCH = 2_000;

  /**
   * One table to publish: its serving name, the columns the rows hold (in order) and the rows,
   * read once (may be lazy). Values: String, Integer, Long, BigDecimal, Boolean, LocalDate,
   * LocalDateTime, java.sql.Date, Timestamp, Instant or null. With a {@code slice}, the rows
   * replace only the live rows of that slice (and must all lie in it); without, the whole table.
   */
  public record TableRows(String table, List<String> columns, Iterable<Object[]> rows, Optional<PeriodSlice> slice) {
    public TableRows(String table, List<String> columns, Iterable<Object[]> rows) {
      this(table, columns, rows, Optional.empty());
    }
  }

  private final Connection connection;

  /** The publisher uses (and leaves open) the given connection. */
  public ServingPublisher(Connection connection) {
    this.connection = connection;
  }

  /**
   * Publishes the tables atomically and returns the rows written per table.
   *
   * @param asOf the as-of date of the run that built them (recorded with the publication), or null
   */
  public Map<String, Long> publish(List<TableRows> tables, LocalDate asOf) throws SQLException {
    ServingMigrations.migrate(connection);
    boolean autoCommit = connection.getAutoCommit();
    dropLeftStaging(tables);
    Map<String, Long> written = new LinkedHashMap<>();
    connection.setAutoCommit(false);
    try {
      for (TableRows t : tables) {
        written.put(t.table(), replace(t));
      }
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO \"publications\" "
          + "(\"published_at\", \"as_of\", \"table_rows\") VALUES (?, ?, ?)")) {
        ps.setTimestamp(1, Timestamp.from(Instant.now()));
        ps.setObject(2, asOf == null ? null : Date.valueOf(asOf));
        ps.setString(3, written.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
            .collect(Collectors.joining(", ", "{", "}")));
        ps.executeUpdate();
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return written;
  }

  /** Deletes the live rows of {@code t} (of its slice, if any) and inserts its rows; returns how many. */
  private long replace(TableRows t) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.executeUpdate("DELETE FROM " + quote(t.table())
          + t.slice().map(slice -> " WHERE " + slice.indexedSql(ServingPublisher::quote)).orElse(""));
    }
    long rows = 0;
    String insert = "INSERT INTO " + quote(t.table()) + " (" + columnList(t.columns()) + ") VALUES ("
        + t.columns().stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    try (PreparedStatement ps = connection.prepareStatement(insert)) {
      Iterator<Object[]> it = t.rows().iterator();
      while (it.hasNext()) {
        Object[] row = it.next();
        if (row.length != t.columns().size()) {
          throw new IllegalArgumentException(t.table() + ": a row has " + row.length
              + " values for " + t.columns().size() + " columns " + t.columns());
        }
        for (int i = 0; i < row.length; i++) {
          ps.setObject(i + 1, jdbcValue(row[i]));
        }
        ps.addBatch();
        if (++rows % BATCH == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
    return rows;
  }

  /** Drops the staging tables ({@code <table>__next}) an earlier release left when a publish was killed part-way. */
  private void dropLeftStaging(List<TableRows> tables) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement st = connection.createStatement()) {
      for (TableRows t : tables) {
        st.execute("DROP TABLE IF EXISTS " + quote(t.table() + "__next"));
      }
    }
  }

  private static Object jdbcValue(Object v) {
    if (v instanceof LocalDate d) {
      return Date.valueOf(d);
    }
    if (v instanceof Instant i) {
      return Timestamp.from(i);
    }
    if (v == null || v instanceof LocalDateTime || v instanceof String || v instanceof Integer
        || v instanceof Long
        || v instanceof BigDecimal || v instanceof Boolean || v instanceof Date
        || v instanceof Timestamp || v instanceof Short || v instanceof Double) {
      return v;
    }
    throw new IllegalArgumentException("cannot publish a value of type " + v.getClass().getName());
  }

  /** Table and column names come from marts.yaml and the migrations, never from users. */
  static String quote(String identifier) {
    if (!identifier.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a serving identifier: " + identifier);
    }
    return "\"" + identifier + "\"";
  }

  private static String columnList(List<String> columns) {
    return columns.stream().map(ServingPublisher::quote).collect(Collectors.joining(", "));
  }
}
