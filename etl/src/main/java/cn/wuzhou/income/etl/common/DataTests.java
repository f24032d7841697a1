package cn.wuzhou.income.etl.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Data tests on built tables (gold, marts): each rule is a Spark SQL query over the tables (by
 * their names) that returns the rows breaking it. {@link #run} registers the tables as temporary
 * views, runs every rule and throws {@link DataTestFailure} naming the table, the rule and up to
 * five example rows of every broken rule; a run that calls it fails before it publishes.
 *
 * <p>Rules that judge one row at a time ({@link #holds}, {@link #accepted}, {@link #notNull}) and
 * foreign keys ({@link #references}) are screened together: one pass over each table counts the
 * breaking rows of all of them (parents broadcast), and only a broken rule's own query is run, for
 * its examples. Other rules may name a {@link Screen}: a cheaper query counting rows that might
 * break them, shared by the rules that name the same query, so that their own queries run only when
 * it finds some. A unique key ({@link #unique}) is screened by the 64-bit hashes of its keys (one
 * aggregation over a number, not over the key's texts). Other rules run their own query.
 */
public final class DataTests {
  /** Examples shown per broken rule. */
  public static final int EXAMPLES = 5;

  private DataTests() {}

  /**
   * A rule on {@code table}: {@code violations} is a query returning the rows that break it.
   * {@code rowViolation} (a condition true on a breaking row) or {@code reference} (a foreign key)
   * is set when the rule can be screened in the table's shared pass; {@code screen} when a query
   * of its own can clear it; null otherwise.
   */
  public record Rule(String table, String name, String violations, String rowViolation, Reference reference,
      Screen screen) {
    public Rule(String table, String name, String violations) {
      this(table, name, violations, null, null, null);
    }

    boolean screened() {
      return rowViolation != null || reference != null;
    }

    /** This rule, cleared when column {@code column} of {@code query}'s one row is 0 (see {@link Screen}). */
    public Rule screenedBy(String query, int column) {
      return new Rule(table, name, violations, rowViolation, reference, new Screen(query, column));
    }
  }

  /**
   * A query returning one row of counts; its column {@code column} counts the rows that might break
   * a rule, and must never be 0 when one does (it may count rows that do not: the rule's own query
   * then decides). Rules whose screens have the same query share one run of it.
   */
  public record Screen(String query, int column) {}

  /** A foreign key: non-null {@code column} values must be {@code parentColumn} values of {@code parent}. */
  public record Reference(String column, String parent, String parentColumn) {}

  /** The key columns are never null and never repeat. */
  public static Rule unique(String table, String... columns) {
    String cols = String.join(", ", columns);
    String anyNull = List.of(columns).stream().map(c -> c + " is null").collect(Collectors.joining(" or "));
    // Equal keys have equal hashes (Spark's hashes treat -0.0 as 0.0 and every NaN alike, as its
    // grouping does): with no null key and no repeated hash, no key repeats.
    return new Rule(table, "unique key (" + cols + ")",
        "select " + cols + ", count(*) as n_rows from " + table + " group by " + cols
            + " having count(*) > 1 or " + anyNull)
        .screenedBy("select coalesce(sum(if(n > 1, n, 0) + nulls), 0) from (select count(*) as n, count_if(" + anyNull
            + ") as nulls from " + table + " group by xxhash64(" + cols + "))", 0);
  }

  /** The column is never null. */
  public static Rule notNull(String table, String column) {
    return rowRule(table, column + " is not null", column + " is null");
  }

  /** Every non-null {@code column} is a {@code parentColumn} of {@code parent}. */
  public static Rule references(String table, String column, String parent, String parentColumn) {
    return new Rule(table, column + " references " + parent + "." + parentColumn,
        "select t.* from " + table + " t left anti join " + parent + " p on t." + column + " = p." + parentColumn
            + " where t." + column + " is not null", null, new Reference(column, parent, parentColumn), null);
  }

  /** Every non-null {@code column} is one of {@code values}. */
  public static Rule accepted(String table, String column, List<String> values) {
    String list = values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", "));
    return rowRule(table, column + " in (" + String.join(", ", values) + ")",
        column + " is not null and " + column + " not in (" + list + ")");
  }

  /** The SQL boolean {@code condition} holds (is true, not null) on every row. */
  public static Rule holds(String table, String name, String condition) {
    return rowRule(table, name + ": " + condition, "not coalesce(" + condition + ", false)");
  }

  private static Rule rowRule(String table, String name, String violation) {
    return new Rule(table, name, "select * from " + table + " where " + violation, violation, null, null);
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
    run(spark, tables, rules, Runnable::run);
  }

  /**
   * As {@link #run(SparkSession, Map, List)}, with the queries (each table's screening pass, each
   * rule's own query) run on {@code executor}: with a pool, several at once. Broken rules are
   * listed in the order of {@code rules}.
   */
  public static void run(SparkSession spark, Map<String, Dataset<Row>> tables, List<Rule> rules, Executor executor) {
    if (rules.isEmpty()) {
      return;
    }
    tables.forEach((name, rows) -> rows.createOrReplaceTempView(name));
    Map<String, List<Rule>> byTable = new LinkedHashMap<>();
    rules.stream().filter(Rule::screened)
        .forEach(r -> byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r));
    Map<String, CompletableFuture<Map<Rule, Long>>> screens = new LinkedHashMap<>();
    byTable.forEach((table, mine) -> screens.put(table, CompletableFuture.supplyAsync(() -> JobDescriptions.run(spark,
        "data tests of " + table + ": screening", () -> screen(spark, table, mine)), executor)));
    Map<String, CompletableFuture<Row>> ownScreens = new LinkedHashMap<>();
    rules.stream().filter(r -> r.screen() != null).forEach(r -> ownScreens.computeIfAbsent(r.screen().query(),
        q -> CompletableFuture.supplyAsync(() -> JobDescriptions.run(spark, "data tests of " + r.table() + ": screen of '"
            + r.name() + "'", () -> spark.sql(q).first()), executor)));
    List<CompletableFuture<Optional<String>>> checks = rules.stream().map(rule -> {
      Function<Long, Optional<String>> checked = known -> JobDescriptions.run(spark,
          "data test of " + rule.table() + ": " + rule.name(), () -> check(spark, rule, known));
      if (rule.screened()) {
        return screens.get(rule.table()).thenApplyAsync(counts -> checked.apply(counts.get(rule)), executor);
      }
      if (rule.screen() != null) {
        return ownScreens.get(rule.screen().query()).thenApplyAsync(row -> row.getLong(rule.screen().column()) == 0
            ? Optional.<String>empty() : checked.apply(null), executor);
      }
      return CompletableFuture.supplyAsync(() -> checked.apply(null), executor);
    }).toList();
    Parallel.joinAll(checks, "running data tests");
    List<String> failures = checks.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
    if (!failures.isEmpty()) {
      throw new DataTestFailure(failures);
    }
  }

  /**
   * The failure line of {@code rule}, or empty when no row breaks it; {@code known} is its count
   * of breaking rows from the screening pass (null when the rule is not screened).
   */
  private static Optional<String> check(SparkSession spark, Rule rule, Long known) {
    if (known != null && known == 0) {
      return Optional.empty();
    }
    Dataset<Row> bad = spark.sql(rule.violations()).select(functions.to_json(functions.struct("*")).as("example"));
    List<Row> shown = bad.limit(EXAMPLES + 1).collectAsList();
    if (shown.isEmpty()) {
      return Optional.empty();
    }
    long count = known != null ? known : shown.size() > EXAMPLES ? bad.count() : shown.size();
    return Optional.of(rule.table() + ": rule '" + rule.name() + "' broken by " + count + " row(s), e.g. "
        + String.join("; ", shown.stream().limit(EXAMPLES).map(r -> r.getString(0)).toList()));
  }

  /**
   * The number of breaking rows of each of {@code mine}, the screened rules of {@code table}, in
   * one query: its row conditions and foreign keys (each parent's distinct keys, broadcast)
   * counted in one pass.
   */
  private static Map<Rule, Long> screen(SparkSession spark, String table, List<Rule> mine) {
    List<String> counted = new ArrayList<>();
    List<String> joins = new ArrayList<>();
    for (Rule r : mine) {
      if (r.rowViolation() != null) {
        counted.add("count_if(" + r.rowViolation() + ")");
      } else {
        String alias = "p" + joins.size();
        String key = "__key" + joins.size();
        joins.add(" left join (select distinct " + r.reference().parentColumn() + " as " + key + " from "
            + r.reference().parent() + ") " + alias + " on t." + r.reference().column() + " = " + alias + "." + key);
        counted.add("count_if(t." + r.reference().column() + " is not null and " + alias + "." + key + " is null)");
      }
    }
    String hint = joins.isEmpty() ? "" : "/*+ BROADCAST(" + String.join(", ",
        IntStream.range(0, joins.size()).mapToObj(i -> "p" + i).toList()) + ") */ ";
    Row row = spark.sql("select " + hint + String.join(", ", counted) + " from " + table + " t"
        + String.join("", joins)).first();
    Map<Rule, Long> counts = new HashMap<>();
    for (int i = 0; i < mine.size(); i++) {
      counts.put(mine.get(i), row.getLong(i));
    }
    return counts;
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
