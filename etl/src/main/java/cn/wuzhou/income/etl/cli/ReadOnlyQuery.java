package cn.wuzhou.income.etl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.collection.JavaConverters;

/**
 * Decides from Spark's own parse of a statement whether it only reads: a query (SELECT, WITH,
 * VALUES, TABLE), or SHOW / DESCRIBE / EXPLAIN of one. Anything that writes, creates, drops,
 * changes settings or the session (INSERT, CREATE, DROP, DELETE, UPDATE, MERGE, SET, CACHE, USE,
 * ADD JAR, Delta's VACUUM / RESTORE / OPTIMIZE …) is refused, wherever it sits in the plan (e.g.
 * behind a WITH), and so are functions that call Java code ({@code reflect}, {@code java_method}).
 */
public final class ReadOnlyQuery {
  /** Commands that only describe: allowed at the top of a statement. */
  private static final Set<String> DESCRIBING = Set.of("ShowTables", "ShowViews", "ShowColumns", "ShowFunctions",
      "ShowNamespaces", "ShowTableProperties", "ShowPartitions", "ShowCreateTable", "ShowTableExtended",
      "ShowCurrentNamespaceCommand", "ShowCatalogsCommand", "DescribeRelation", "DescribeColumn",
      "DescribeFunction", "DescribeNamespace", "DescribeQueryCommand", "DescribeDeltaHistory",
      "DescribeDeltaDetailCommand", "ExplainCommand");
  private static final Set<String> JAVA_CALLING_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  private ReadOnlyQuery() {}

  /**
   * Parses {@code sql} with the session's parser and throws {@link UserException} (exit code 2)
   * with a one-line reason unless it only reads.
   */
  public static void require(SparkSession spark, String sql) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (ParseException e) {
      throw new UserException("sql: cannot parse the statement: " + firstLine(e.getMessage()), WarehouseCli.USAGE);
    }
    String name = plan.getClass().getSimpleName();
    if (DESCRIBING.contains(name)) {
      if (plan instanceof ExplainCommand explain) {
        requireQuery(explain.logicalPlan());
      }
      return;
    }
    requireQuery(plan);
  }

  private static void requireQuery(LogicalPlan plan) {
    List<QueryPlan<?>> todo = new ArrayList<>();
    todo.add(plan);
    while (!todo.isEmpty()) {
      QueryPlan<?> node = todo.remove(todo.size() - 1);
      String name = node.getClass().getSimpleName();
      String pkg = node.getClass().getPackageName();
      if (node instanceof Command || node instanceof ParsedStatement || name.endsWith("Statement")
          || pkg.startsWith("io.delta") || pkg.startsWith("org.apache.spark.sql.delta")) {
        throw refused(name);
      }
      for (Expression e : JavaConverters.seqAsJavaList(node.expressions())) {
        checkExpression(e, todo);
      }
      todo.addAll(JavaConverters.seqAsJavaList(node.children()));
      todo.addAll(JavaConverters.seqAsJavaList(node.innerChildren()).stream()
          .filter(QueryPlan.class::isInstance).map(c -> (QueryPlan<?>) c).toList());
    }
  }

  private static void checkExpression(Expression root, List<QueryPlan<?>> plans) {
    List<Expression> todo = new ArrayList<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      Expression e = todo.remove(todo.size() - 1);
      if (e instanceof UnresolvedFunction f) {
        String fn = JavaConverters.seqAsJavaList(f.nameParts()).get(f.nameParts().size() - 1).toLowerCase(Locale.ROOT);
        if (JAVA_CALLING_FUNCTIONS.contains(fn)) {
          throw new UserException("sql: refused: the function " + fn + " calls Java code; "
              + "bin/warehouse sql only runs queries", WarehouseCli.USAGE);
        }
      }
      if (e instanceof SubqueryExpression s) {
        plans.add(s.plan());
      }
      todo.addAll(JavaConverters.seqAsJavaList(e.children()));
    }
  }

  private static UserException refused(String planName) {
    return new UserException("sql: refused: read-only; only SELECT, WITH, SHOW, DESCRIBE and EXPLAIN are allowed (got "
        + planName + ")", WarehouseCli.USAGE);
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
