package cn.wuzhou.income.etl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.gold.GoldFixture;
import cn.wuzhou.income.etl.gold.GoldTransforms;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bin/warehouse sql} over a home holding gold tables built from {@link GoldFixture}. */
class SqlCommandTest {
  private static Path home;

  @BeforeAll
  static void writeGold() throws Exception {
    CliRun.useRepositoryConf();
    home = Files.createTempDirectory("sql-command-home");
    Map<String, Dataset<Row>> gold = GoldTransforms.build(SharedSpark.session(), GoldFixture.silver(),
        GoldFixture.CATALOGUES);
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    for (String t : List.of("fact_household_income", "dim_income_source", "bridge_income_evidence",
        "fact_employment", "dim_department")) {
      tables.overwrite(t, gold.get(t));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "insert into dim_department values ('x', 1)",
      "create table t (a int) using delta",
      "drop table fact_employment",
      "delete from fact_employment where true",
      "update fact_employment set monthly_income = 0",
      "with x as (select 1 as a) insert into dim_department select * from x",
      "vacuum fact_employment",
      "set spark.sql.shuffle.partitions = 1",
      "cache table fact_employment",
      "select java_method('java.lang.System', 'getProperty', 'user.home')"})
  void refusesAnythingButAQueryWithOneLineAndExitCode2(String statement) {
    CliRun run = CliRun.of("sql", "--home", home.toString(), statement);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("warehouse: sql: refused: "), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertEquals("", run.out());
  }

  @Test
  void aRefusedDropLeavesTheTable() {
    CliRun.of("sql", "--home", home.toString(), "drop table fact_employment");
    CliRun run = CliRun.of("sql", "--home", home.toString(), "select count(*) as n from fact_employment", "--format", "csv");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("n\r\n4\r\n", run.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"show tables", "describe fact_employment", "explain select * from dim_department",
      "with d as (select * from dim_department) select count(*) from d", "values (1)"})
  void allowsQueriesAndDescriptions(String statement) {
    CliRun run = CliRun.of("sql", "--home", home.toString(), statement, "--format", "csv");
    assertEquals(0, run.exitCode(), run.err());
  }

  @Test
  void csvQuotesByRfc4180WithEmptyNullsAndPlainDecimals() {
    CliRun run = CliRun.of("sql", "--home", home.toString(), "--format", "csv",
        "select 'a,b' as x, null as y, cast(1.50 as decimal(5,2)) as z, 'say \"hi\"' as w, "
            + "cast(100000000000000000000 as decimal(38,2)) as big, true as t, '纯收入' as name");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("x,y,z,w,big,t,name\r\n\"a,b\",,1.50,\"say \"\"hi\"\"\",100000000000000000000.00,true,纯收入\r\n",
        run.out());
  }

  @Test
  void tableFormatAlignsChineseTextAsDoubleWidth() {
    CliRun run = CliRun.of("sql", "--home", home.toString(),
        "select department, length(department) as n from dim_department where department in ('民政局', '人社局') order by department");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("department | n\n-----------+--\n人社局     | 3\n民政局     | 3\n(2 rows)\n",
        run.out().replace("\r\n", "\n"));
  }

  @Test
  void aMissingTableIsOneLineExitCode1() {
    CliRun run = CliRun.of("sql", "--home", home.toString(), "select * from no_such_table");
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("warehouse: sql: ") && run.err().contains("no_such_table"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  /** The lineage query of models/docs/gold.md: the employment records behind H1's 2024 wage income. */
  @Test
  void lineageQueryOfTheDocsListsTheRecordsBehindDeclaredWage() {
    String query = """
        select f.year, f.quarter, f.declared_amount, f.evidenced_amount, f.delivery_id as survey_delivery,
               b.record_id, e.work_month, e.employment_form, e.monthly_income, e.delivery_id as record_delivery,
               d.department
        from fact_household_income f
        join dim_income_source s on s.source_sk = f.source_sk and s.source_code = 'wage'
        join bridge_income_evidence b on b.household_sk = f.household_sk and b.year = f.year
          and b.quarter = f.quarter and b.source_sk = f.source_sk
        join fact_employment e on e.record_id = b.record_id and e.delivery_id = b.delivery_id
        join dim_department d on d.department_sk = e.department_sk
        where f.household_id = 'H1' and f.year = 2024
        order by f.quarter, b.record_id""";
    CliRun run = CliRun.of("sql", "--home", home.toString(), "--format", "csv", query);
    assertEquals(0, run.exitCode(), run.err());
    // Q1: members p1, p2, p5 -> e1 (p1, 2500) + e2 (p5, 500) = 3000; Q2: p5 left -> e1 + e3 (p1, 3000) = 5500.
    assertEquals(String.join("\r\n",
        "year,quarter,declared_amount,evidenced_amount,survey_delivery,record_id,work_month,employment_form,monthly_income,record_delivery,department",
        "2024,1,3000.00,3000.00,d-s-q1,e1,2024-01,区外务工,2500.00,d-e-01,人社局",
        "2024,1,3000.00,3000.00,d-s-q1,e2,2024-02,县内务工,500.00,d-e-02,人社局",
        "2024,2,7000.00,5500.00,d-s-q2,e1,2024-01,区外务工,2500.00,d-e-01,人社局",
        "2024,2,7000.00,5500.00,d-s-q2,e3,2024-05,区外务工,3000.00,d-e-05,人社局") + "\r\n", run.out());
  }
}
