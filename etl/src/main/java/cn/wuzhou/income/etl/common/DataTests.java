package cn.wuzhou.income.etl.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Data tests on built tables (gold, marts): each rule is a Spark SQL query over the tables (by
 * their names) that returns the rows breaking it. {@link #run} registers the tables as temporary
 * views, runs every rule and throws {@link DataTestFailure} naming the table, the rule and up to
 * five example rows of every broken rule; a run that calls it fails before it publishes.
 */
public final class DataTests {
  /** Examples shown per broken rule. */
  public static final int EXAMPLES = 5;

  private DataTests() {}

  /** A rule on {@code table}: {@code violations} is a query returning the rows that break it. */
  public record Rule(String table, String name, String violations) {}

  /** The key columns are never null and never repeat. */
  public static Rule unique(String table, String... columns) {
    String cols = String.join(", ", columns);
    String anyNull = List.of(columns).stream().map(c -> c + " is null").collect(Collectors.joining(" or "));
    return new Rule(table, "unique key (" + cols + ")",
        "select " + cols + ", count(*) as n_rows from " + table + " group by " + cols
            + " having count(*) > 1 or " + anyNull);
  }

  /** The column is never null. */
  public static Rule notNull(String table, String column) {
    return new Rule(table, column + " is not null", "select * from " + table + " where " + column + " is null");
  }

  /** Every non-null {@code column} is a {@code parentColumn} of {@code parent}. */
  public static Rule references(String table, String column, String parent, String parentColumn) {
    return new Rule(table, column + " references " + parent + "." + parentColumn,
        "select t.* from " + table + " t left anti join " + parent + " p on t." + column + " = p." + parentColumn
            + " where t." + column + " is not null");
  }

  /** Every non-null {@code column} is one of {@code values}. */
  public static Rule accepted(String table, String column, List<String> values) {
    String list = values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", "));
    return new Rule(table, column + " in (" + String.join(", ", values) + ")",
        "select * from " + table + " where " + column + " is not null and " + column + " not in (" + list + ")");
  }

  /** The SQL boolean {@code condition} holds (is true, not null) on every row. */
  public static Rule holds(String table, String name, String condition) {
    return new Rule(table, name + ": " + condition,
        "select * from " + table + " where not coalesce(" + condition + ", false)");
  }

  /** A free query returning the offending rows (for rules across rows or tables). */
  public static Rule query(String table, String name, String violations) {
    return new Rule(table, name, violations);
  }

  /**
   * Registers {@code tables} as temporary views of their names and runs {@code rules}.
   *
   * @throws DataTestFailure listing every broken rule with up to {@link #EXAMPLES} rows
   */
  public static void run(SparkSession spark, Map<String, Dataset<Row>> tables, List<Rule> rules) {
    if (rules.isEmpty()) {
      return;
    }
    tables.forEach((name, rows) -> rows.createOrReplaceTempView(name));
    List<String> failures = new ArrayList<>();
    for (Rule rule : rules) {
      Dataset<Row> bad = spark.sql(rule.violations()).select(functions.to_json(functions.struct("*")).as("example"));
      List<Row> shown = bad.limit(EXAMPLES + 1).collectAsList();
      if (!shown.isEmpty()) {
        long count = shown.size() > EXAMPLES ? bad.count() : shown.size();
        failures.add(rule.table() + ": rule '" + rule.name() + "' broken by " + count + " row(s), e.g. "
            + String.join("; ", shown.stream().limit(EXAMPLES).map(r -> r.getString(0)).toList()));
      }
    }
    if (!failures.isEmpty()) {
      throw new DataTestFailure(failures);
    }
  }

  /** One or more data tests failed; the message lists each (table, rule, examples), one per line. */
  public static final class DataTestFailure extends RuntimeException {
    private final List<String> failures;

    public DataTestFailure(List<String> failures) {
      super("data tests failed:\n  " + String.join("\n  ", failures));
      this.failures = List.copyOf(failures);
    }

    public List<String> failures() {
      return failures;
    }
  }
}
