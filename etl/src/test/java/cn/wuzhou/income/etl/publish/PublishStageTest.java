package cn.wuzhou.income.etl.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.etl.pipeline.StageState;
import cn.wuzhou.income.etl.testing.SharedSpark;
import cn.wuzhou.income.models.serving.PeriodSlice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing copies the Delta marts, deliveries and quarantine counts into the serving database. */
class PublishStageTest {
  @TempDir Path home;

  @Test
  void copiesMartsDeliveriesAndQuarantineCountsToTheServingDatabase() throws Exception {
    SparkSession spark = SharedSpark.session();
    WarehouseTables tables = new WarehouseTables(spark, home);
    tables.overwrite("mart_quintile_transition", spark.sql("SELECT * FROM VALUES "
        + "(2023, 1, 1, 5), (2023, 1, 2, 2), (2023, 2, 1, 1) "
        + "AS t(base_year, from_quintile, to_quintile, households)"));
    tables.overwrite("deliveries", spark.sql("SELECT * FROM VALUES "
        + "('agri_households', '2024-03', 'd1', array('a.csv', 'b.csv'), 'c1', 10L, 9L, 1L, 'loaded', "
        + "  TIMESTAMP '2024-04-02 08:00:00'), "
        + "('agri_income_survey', '2024-Q1', 'd2', array('s.csv'), 'c2', 4L, 2L, 2L, 'loaded', "
        + "  TIMESTAMP '2024-04-03 08:00:00') "
        + "AS t(feed, period, delivery_id, files, checksum, rows_received, rows_loaded, "
        + "rows_quarantined, status, received_at)"));
    tables.overwrite("quarantine", spark.sql("SELECT * FROM VALUES "
        + "('agri_households', '2024-03', 'd1', 'a.csv', 3, 'BAD_ID', 'x'), "
        + "('agri_income_survey', '2024-Q1', 'd2', 's.csv', 2, 'BAD_MONEY', 'y'), "
        + "('agri_income_survey', '2024-Q1', 'd2', 's.csv', 4, 'BAD_MONEY', 'z') "
        + "AS t(feed, period, delivery_id, file, line_number, reason, raw_line)"));
    WarehouseConfig config = WarehouseConfig.load(Path.of(System.getProperty("warehouse.repo.root"), "conf"),
        Map.of(), home);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PublishStage().run(new RunContext(spark, tables, config, home.resolve("landing"), Optional.empty(),
        new Progress(new PrintStream(out, true, StandardCharsets.UTF_8))));

    try (Connection c = DriverManager.getConnection(config.effectiveServingUrl())) {
      assertEquals(List.of("2023|1|1|5", "2023|1|2|2", "2023|2|1|1"),
          rows(c, "SELECT * FROM \"mart_quintile_transition\" ORDER BY 1, 2, 3"));
      assertEquals(List.of(
          "agri_households|2024-03|d1|a.csv, b.csv|c1|10|9|1|loaded|2024-04-02 08:00:00",
          "agri_income_survey|2024-Q1|d2|s.csv|c2|4|2|2|loaded|2024-04-03 08:00:00"),
          rows(c, "SELECT * FROM \"deliveries\" ORDER BY \"delivery_id\""));
      assertEquals(List.of("agri_households|2024-03|d1|BAD_ID|1", "agri_income_survey|2024-Q1|d2|BAD_MONEY|2"),
          rows(c, "SELECT * FROM \"quarantine_counts\" ORDER BY \"feed\""));
      // No --as-of: the last day of the latest delivered month (2024-03; 2024-Q1 is quarterly).
      assertEquals(List.of(LocalDate.of(2024, 3, 31).toString()),
          rows(c, "SELECT \"as_of\" FROM \"publications\""));
      // Marts never built keep an empty serving table (never a missing one).
      assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM \"mart_declining_households\""));
    }
  }

  @Test
  void aServingDatabaseThatCannotBeOpenedFailsTheStageWithItsOwnError() throws Exception {
    SparkSession spark = SharedSpark.session();
    WarehouseTables tables = new WarehouseTables(spark, home);
    tables.overwrite("mart_quintile_transition", spark.sql("SELECT * FROM VALUES (2023, 1, 1, 5) "
        + "AS t(base_year, from_quintile, to_quintile, households)"));
    // The database would live under a regular file: H2 cannot create it. The stage fails with
    // H2's own error, which names the path.
    Path file = Files.writeString(home.resolve("not-a-folder"), "x");
    WarehouseConfig config = WarehouseConfig.load(Path.of(System.getProperty("warehouse.repo.root"), "conf"),
        Map.of("WAREHOUSE_SERVING_URL", "jdbc:h2:file:" + file.resolve("serving").resolve("marts")), home);
    RunContext context = new RunContext(spark, tables, config, home.resolve("landing"), Optional.empty(),
        new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    SQLException e = assertThrows(SQLException.class, () -> new PublishStage().run(context));
    assertTrue(e.getMessage().contains("not-a-folder"), e.getMessage());
  }

  @Test
  void anIncrementalBuildReplacesOnlyItsSliceOfTheServingTable() throws Exception {
    SparkSession spark = SharedSpark.session();
    WarehouseTables tables = new WarehouseTables(spark, home);
    String mart = "mart_quintile_transition";
    tables.overwrite(mart, spark.sql("SELECT * FROM VALUES (2022, 1, 1, 5), (2023, 1, 1, 4), (2023, 1, 2, 1) "
        + "AS t(base_year, from_quintile, to_quintile, households)"));
    WarehouseConfig config = WarehouseConfig.load(Path.of(System.getProperty("warehouse.repo.root"), "conf"),
        Map.of(), home);
    publish(spark, tables, config, Map.of());
    Map<String, Long> published = new StageState(tables, home).versions(List.of(mart));

    // The marts stage rebuilt base years 2023 on: one row changed, one new year.
    tables.replaceWhere(mart, "base_year >= 2023", spark.sql("SELECT * FROM VALUES "
        + "(2023, 1, 1, 3), (2023, 1, 2, 2), (2024, 2, 2, 7) AS t(base_year, from_quintile, to_quintile, households)"));
    String line = publish(spark, tables, config, published);

    assertTrue(line.contains(mart + "=3 (base_year >= 2023)"), line);
    try (Connection c = DriverManager.getConnection(config.effectiveServingUrl())) {
      // 2022 was not in the slice: kept although it was not copied again.
      assertEquals(List.of("2022|1|1|5", "2023|1|1|3", "2023|1|2|2", "2024|2|2|7"),
          rows(c, "SELECT * FROM \"" + mart + "\" ORDER BY 1, 2, 3"));
    }
    String again = publish(spark, tables, config, new StageState(tables, home).versions(List.of(mart)));
    assertTrue(again.contains("unchanged since the last publish: " + mart), again);

    // A rebuild from the first base year on: its slice is the whole mart, copied whole.
    published = new StageState(tables, home).versions(List.of(mart));
    tables.replaceWhere(mart, "base_year >= 2022", spark.sql("SELECT * FROM VALUES "
        + "(2022, 1, 1, 6), (2024, 2, 2, 7) AS t(base_year, from_quintile, to_quintile, households)"));
    String whole = publish(spark, tables, config, published);
    assertTrue(java.util.regex.Pattern.compile(mart + "=2 \\(\\d").matcher(whole).find(), whole);
    try (Connection c = DriverManager.getConnection(config.effectiveServingUrl())) {
      assertEquals(List.of("2022|1|1|6", "2024|2|2|7"), rows(c, "SELECT * FROM \"" + mart + "\" ORDER BY 1, 2, 3"));
    }
  }

  @Test
  void slicesOfSeveralBuildsAddUpAndAnyOtherCommitCopiesTheWholeTable() {
    String q3 = WarehouseTables.REPLACED + "year * 10 + quarter >= 20243";
    String q1 = WarehouseTables.REPLACED + "year * 10 + quarter >= 20241";
    assertEquals(new PublishStage.Change(true, Optional.empty()), PublishStage.change(List.of()));
    assertEquals(Optional.of(PeriodSlice.of("year", 10, "quarter", 20241)),
        PublishStage.change(List.of(q3, q1)).slice());
    assertEquals(PublishStage.Change.ALL, PublishStage.change(Arrays.asList(q3, null)));
    assertEquals(PublishStage.Change.ALL, PublishStage.change(List.of(q3, WarehouseTables.REPLACED + "year >= 2024")));
    assertEquals(PublishStage.Change.ALL, PublishStage.change(List.of(WarehouseTables.REPLACED + "period IN ('2024-01')")));
  }

  /** Runs the publish stage as a run that last published {@code published} would; returns its output. */
  private static String publish(SparkSession spark, WarehouseTables tables, WarehouseConfig config,
      Map<String, Long> published) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunContext context = new RunContext(spark, tables, config, config.home().resolve("landing"), Optional.empty(),
        new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));
    context.beginStage(published);
    new PublishStage().run(context);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> rows(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          values.add(v instanceof java.sql.Timestamp t ? t.toLocalDateTime().toString().replace('T', ' ')
              + (t.toLocalDateTime().getSecond() == 0 ? ":00" : "") : String.valueOf(v));
        }
        out.add(String.join("|", values));
      }
    }
    return out;
  }
}
