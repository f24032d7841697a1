package cn.wuzhou.income.models.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.models.MartCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The serving-database migrations declare every mart of marts.yaml exactly: columns, types, key. */
class ServingMigrationTest {
  private static final Map<String, String> SQL_TYPE = Map.of("int", "INTEGER", "money", "DECIMAL(18,2)",
      "pct", "DECIMAL(12,2)", "ratio4", "DECIMAL(12,4)", "string", "VARCHAR", "boolean", "BOOLEAN",
      "date", "DATE");
  private static final Pattern CREATE = Pattern.compile("^CREATE TABLE \"(\\w+)\" \\((.*)\\)$", Pattern.DOTALL);
  private static final Pattern COLUMN = Pattern.compile("^\"(\\w+)\" ([A-Z]+(?:\\(\\d+,\\d+\\))?)(?: NOT NULL)?$");
  private static final Pattern KEY = Pattern.compile("^CONSTRAINT \"\\w+\" PRIMARY KEY \\((.*)\\)$");

  /** A table as the migration declares it: column name → SQL type, and the primary key. */
  private record Table(Map<String, String> columns, List<String> key) {}

  @Test
  void everyMartAndServingTableIsATableWithExactlyItsColumnsInOrderAndTheGrainAsKey() {
    Map<String, Table> tables = tablesOfTheMigrations();
    List<MartCatalog.Mart> declared = new ArrayList<>(MartCatalog.get().marts());
    declared.addAll(MartCatalog.get().servingTables());
    for (MartCatalog.Mart mart : declared) {
      Table table = tables.get(mart.name());
      assertTrue(table != null, mart.name() + " has no CREATE TABLE in " + ServingMigrations.LOCATION);
      Map<String, String> expected = new LinkedHashMap<>();
      mart.columns().forEach(c -> expected.put(c.name(), SQL_TYPE.get(c.type())));
      assertEquals(List.copyOf(expected.entrySet()), List.copyOf(table.columns().entrySet()), mart.name());
      assertEquals(mart.grain(), table.key(), mart.name() + " primary key");
    }
  }

  @Test
  void theQualityAuditAndPublicationTablesExist() {
    Map<String, Table> tables = tablesOfTheMigrations();
    assertEquals(List.of("feed", "period", "delivery_id", "files", "checksum", "rows_received",
        "rows_loaded", "rows_quarantined", "status", "received_at"),
        List.copyOf(tables.get("deliveries").columns().keySet()));
    assertEquals(List.of("feed", "period", "delivery_id", "reason"), tables.get("quarantine_counts").key());
    assertTrue(tables.containsKey("audit_log"));
    assertTrue(tables.containsKey("publications"));
  }

  @Test
  void scriptsAreFoundInVersionOrderAndSplitIntoStatements() {
    List<ServingMigrations.Script> scripts = ServingMigrations.scripts();
    assertEquals("V1__marts.sql", scripts.get(0).fileName());
    List<String> statements = scripts.get(0).statements();
    // 9 marts + deliveries, quarantine_counts, publications, audit_log = 13 tables.
    assertEquals(13, statements.stream().filter(s -> s.startsWith("CREATE TABLE")).count());
    assertTrue(statements.stream().noneMatch(s -> s.contains("--") || s.endsWith(";")), statements.toString());
    assertEquals("V2__household_history.sql", scripts.get(1).fileName());
    assertEquals(List.of("household_history"), MartCatalog.get().servingTables().stream().map(MartCatalog.Mart::name).toList());
  }

  private static Map<String, Table> tablesOfTheMigrations() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (ServingMigrations.Script script : ServingMigrations.scripts()) {
      for (String statement : script.statements()) {
        Matcher create = CREATE.matcher(statement);
        if (!create.matches()) {
          continue;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> key = new ArrayList<>();
        for (String line : create.group(2).split(",\n")) {
          String item = line.strip();
          Matcher column = COLUMN.matcher(item);
          Matcher pk = KEY.matcher(item);
          if (pk.matches()) {
            for (String k : pk.group(1).split(",")) {
              key.add(k.strip().replace("\"", ""));
            }
          } else if (column.matches()) {
            columns.put(column.group(1), column.group(2));
          } else if (!item.startsWith("\"") || !item.contains("GENERATED")) {
            throw new AssertionError(script.fileName() + ": cannot read column '" + item + "'");
          }
        }
        tables.put(create.group(1), new Table(columns, key));
      }
    }
    return tables;
  }
}
