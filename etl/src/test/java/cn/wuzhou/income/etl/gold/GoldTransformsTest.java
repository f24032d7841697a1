package cn.wuzhou.income.etl.gold;

import static cn.wuzhou.income.etl.gold.GoldFixture.date;
import static cn.wuzhou.income.etl.gold.GoldFixture.m;
import static cn.wuzhou.income.etl.gold.GoldFixture.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.common.DataTests;
import cn.wuzhou.income.etl.common.DataTests.DataTestFailure;
import cn.wuzhou.income.etl.common.Parallel;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gold star built from {@link GoldFixture}'s silver rows, read back through its keys (every
 * surrogate key replaced by the natural key it must lead to) and compared as whole rows.
 */
class GoldTransformsTest {
  private static SparkSession spark;
  private static Map<String, Dataset<Row>> gold;

  @BeforeAll
  static void build() {
    spark = SharedSpark.session();
    gold = GoldTransforms.build(spark, GoldFixture.silver(), GoldFixture.CATALOGUES);
    gold.values().forEach(Dataset::cache);
    gold.forEach((name, rows) -> rows.createOrReplaceTempView(name));
  }

  /** A data test registers the tables it is given, broken ones too: the next test reads the built star again. */
  @AfterEach
  void registerTheBuiltTablesAgain() {
    gold.forEach((name, rows) -> rows.createOrReplaceTempView(name));
  }

  @Test
  void everyTableHasItsDeclaredColumnsAndTypes() {
    for (GoldTables.GoldTable t : GoldTables.ALL) {
      assertEquals(t.schema().toDDL().replace(" NOT NULL", ""),
          nullable(gold.get(t.name())).schema().toDDL(), t.name());
    }
  }

  @Test
  void theDataTestsPassOnACorrectBuild() {
    DataTests.run(spark, gold, GoldDataTests.rules());
  }

  @Test
  void incomeFactHasSevenSourcesPerHouseholdPeriodOfTheSnapshot() {
    StructType schema = schema("household_id string, valid_from string, year int, quarter int, date date, "
        + "source_code string, household_size int, declared_amount decimal(18,2), evidenced_amount decimal(18,2), "
        + "delivery_id string");
    // H1 2024-Q1: snapshot 2024-03 (version 2024-03, 3 members p1 p2 p5).
    //   net = 3000 + (1000 - 400) + 100 + 500 = 4200; wage evidence e1 2500 + e2 500 (p5) = 3000;
    //   operating evidence i1 800; transfer evidence pay1 300 (p2, paid 2024-02-10); property none = 0.
    // H1 2024-Q2: snapshot 2024-06 (version 2024-06, members p1 p2; p5 left).
    //   net = 7000 + (2000 - 500) + 200 + 1200 = 9900; wage e1 2500 + e3 3000 = 5500 (e2 is p5's);
    //   operating i1 800 (i2 is a loan); transfer pay1 300 (pay3 is 工资性).
    // H2 2024-Q2: version 2024-03 still valid in 2024-06; net = 900; transfer pay4 300; property i3 150.
    // H9 is in no snapshot: no rows.
    assertRows(schema, """
        select f.household_id, h.valid_from, f.year, f.quarter, d.date, s.source_code, f.household_size,
               f.declared_amount, f.evidenced_amount, f.delivery_id
        from fact_household_income f
        join dim_household h on h.household_sk = f.household_sk and h.household_id = f.household_id
        join dim_date d on d.date_sk = f.date_sk
        join dim_income_source s on s.source_sk = f.source_sk""",
        row("H1", "2024-03", 2024, 1, date("2024-03-31"), "net", 3, m("4200"), null, "d-s-q1"),
        row("H1", "2024-03", 2024, 1, date("2024-03-31"), "wage", 3, m("3000"), m("3000"), "d-s-q1"),
        row("H1", "2024-03", 2024, 1, date("2024-03-31"), "operating", 3, m("600"), m("800"), "d-s-q1"),
        row("H1", "2024-03", 2024, 1, date("2024-03-31"), "operating_revenue", 3, m("1000"), null, "d-s-q1"),
        row("H1", "2024-03", 2024, 1, date("2024-03-31"), "operating_cost", 3, m("400"), null, "d-s-q1"),
        row("H1", "2024-03", 2024, 1, date("2024-03-31"), "property", 3, m("100"), m("0"), "d-s-q1"),
        row("H1", "2024-03", 2024, 1, date("2024-03-31"), "transfer", 3, m("500"), m("300"), "d-s-q1"),
        row("H1", "2024-06", 2024, 2, date("2024-06-30"), "net", 2, m("9900"), null, "d-s-q2"),
        row("H1", "2024-06", 2024, 2, date("2024-06-30"), "wage", 2, m("7000"), m("5500"), "d-s-q2"),
        row("H1", "2024-06", 2024, 2, date("2024-06-30"), "operating", 2, m("1500"), m("800"), "d-s-q2"),
        row("H1", "2024-06", 2024, 2, date("2024-06-30"), "operating_revenue", 2, m("2000"), null, "d-s-q2"),
        row("H1", "2024-06", 2024, 2, date("2024-06-30"), "operating_cost", 2, m("500"), null, "d-s-q2"),
        row("H1", "2024-06", 2024, 2, date("2024-06-30"), "property", 2, m("200"), m("0"), "d-s-q2"),
        row("H1", "2024-06", 2024, 2, date("2024-06-30"), "transfer", 2, m("1200"), m("300"), "d-s-q2"),
        row("H2", "2024-03", 2024, 2, date("2024-06-30"), "net", 1, m("900"), null, "d-s-q2"),
        row("H2", "2024-03", 2024, 2, date("2024-06-30"), "wage", 1, m("0"), m("0"), "d-s-q2"),
        row("H2", "2024-03", 2024, 2, date("2024-06-30"), "operating", 1, m("0"), m("0"), "d-s-q2"),
        row("H2", "2024-03", 2024, 2, date("2024-06-30"), "operating_revenue", 1, m("0"), null, "d-s-q2"),
        row("H2", "2024-03", 2024, 2, date("2024-06-30"), "operating_cost", 1, m("0"), null, "d-s-q2"),
        row("H2", "2024-03", 2024, 2, date("2024-06-30"), "property", 1, m("0"), m("150"), "d-s-q2"),
        row("H2", "2024-03", 2024, 2, date("2024-06-30"), "transfer", 1, m("900"), m("300"), "d-s-q2"));
  }

  @Test
  void bridgeListsEveryEvidencingRecord() {
    StructType schema = schema("household_id string, year int, quarter int, source_code string, record_table string, "
        + "record_id string, person_id string, amount decimal(18,2), delivery_id string");
    assertRows(schema, """
        select b.household_id, b.year, b.quarter, s.source_code, b.record_table, b.record_id, p.person_id,
               b.amount, b.delivery_id
        from bridge_income_evidence b
        join dim_income_source s on s.source_sk = b.source_sk
        left join dim_person p on p.person_sk = b.person_sk""",
        row("H1", 2024, 1, "wage", "fact_employment", "e1", "p1", m("2500"), "d-e-01"),
        row("H1", 2024, 1, "wage", "fact_employment", "e2", "p5", m("500"), "d-e-02"),
        row("H1", 2024, 1, "transfer", "fact_subsidy_payment", "pay1", "p2", m("300"), "d-p-02"),
        row("H1", 2024, 1, "operating", "fact_intervention", "i1", null, m("800"), "d-i-02"),
        row("H1", 2024, 2, "wage", "fact_employment", "e1", "p1", m("2500"), "d-e-01"),
        row("H1", 2024, 2, "wage", "fact_employment", "e3", "p1", m("3000"), "d-e-05"),
        row("H1", 2024, 2, "transfer", "fact_subsidy_payment", "pay1", "p2", m("300"), "d-p-02"),
        row("H1", 2024, 2, "operating", "fact_intervention", "i1", null, m("800"), "d-i-02"),
        row("H2", 2024, 2, "transfer", "fact_subsidy_payment", "pay4", "p3", m("300"), "d-p-04"),
        row("H2", 2024, 2, "property", "fact_intervention", "i3", "p3", m("150"), "d-i-06"));
  }

  @Test
  void householdDimensionKeepsBothVersionsWithRegionAndHead() {
    StructType schema = schema("household_id string, valid_from string, valid_to string, is_current boolean, "
        + "head string, head_name_masked string, county string, township string, village string, "
        + "region_township string, household_type string, is_tuopin boolean, household_size int, "
        + "helper_level string, risk_eliminated boolean, delivery_id string");
    assertRows(schema, """
        select h.household_id, h.valid_from, h.valid_to, h.is_current, p.person_id, h.head_name_masked, h.county,
               h.township, h.village, r.township, h.household_type, h.is_tuopin, h.household_size,
               h.helper_level, h.risk_eliminated, h.delivery_id
        from dim_household h
        join dim_person p on p.person_sk = h.head_person_sk
        left join dim_region r on r.region_sk = h.region_sk""",
        row("H1", "2024-03", "2024-06", false, "p1", "张*", "万秀区", "城东镇", "东村", "城东镇", "脱贫户", true, 3, "村级", null, "d-h-03"),
        row("H1", "2024-06", null, true, "p1", "张*", "万秀区", "龙湖镇", "湖村", "龙湖镇", "脱贫不稳定户", true, 2, "乡科级", false, "d-h-06"),
        row("H2", "2024-03", null, true, "p3", "李*", "万秀区", "城东镇", "东村", "城东镇", "边缘易致贫户", false, 1, null, true, "d-h-03"));
  }

  @Test
  void personDimensionTakesTheLatestSnapshotAndKeepsUnregisteredPeople() {
    StructType schema = schema("person_id string, is_registered boolean, gender string, birth_date date, "
        + "household_id string, relation string, labor_capacity string, willing_to_work boolean, "
        + "in_school boolean, last_member_month string, first_record_month string");
    // first_record_month: p1's employment of 2024-01, p2's payment due 2024-02, p5's employment of
    // 2024-02, p3's household version from 2024-03 (before his aid, payments and dividend), pX's
    // employment of 2024-05.
    assertRows(schema, """
        select person_id, is_registered, gender, birth_date, household_id, relation, labor_capacity,
               willing_to_work, in_school, last_member_month, first_record_month
        from dim_person""",
        row("p1", true, "男", date("1970-01-01"), "H1", "户主", "技能劳动力", true, false, "2024-06", "2024-01"),
        row("p2", true, "女", date("1972-05-05"), "H1", "配偶", "普通劳动力", false, false, "2024-06", "2024-02"),
        row("p5", true, "女", date("2005-09-09"), "H1", "子女", "普通劳动力", true, false, "2024-03", "2024-02"),
        row("p3", true, "男", date("1950-02-02"), "H2", "户主", "丧失劳动力", false, false, "2024-06", "2024-03"),
        row("pX", false, null, null, null, null, null, null, null, null, "2024-05"));
  }

  /**
   * The latest month's people taken as they are and the others picked among the earlier months
   * (p5's latest row is of 2024-03) give the rows that picking among every row gives, which is
   * what a latest month too large to broadcast falls back to.
   */
  @Test
  void personDimensionIsTheSameWhetherOrNotTheLatestMonthIsBroadcast() {
    GoldTransforms.Silver s = GoldFixture.silver();
    Dataset<Row> broadcast = GoldTransforms.dimPerson(s.members(), s.households(), s.employment(), s.assistance(),
        s.payments(), s.interventions(), GoldTransforms.BROADCAST_PERSONS);
    Dataset<Row> picked = GoldTransforms.dimPerson(s.members(), s.households(), s.employment(), s.assistance(),
        s.payments(), s.interventions(), 0);

    assertEquals(List.of("p5 2024-03"), broadcast.filter("last_member_month < '2024-06'")
        .selectExpr("concat_ws(' ', person_id, last_member_month)").as(Encoders.STRING()).collectAsList());
    assertEquals(0, broadcast.exceptAll(picked).count(), "rows only with the latest month broadcast");
    assertEquals(0, picked.exceptAll(broadcast).count(), "rows only without");
  }

  @Test
  void anIncrementalPersonDimensionEqualsAFullBuildAfterTheLaterRowsChange() {
    GoldTransforms.Silver s = GoldFixture.silver();
    Dataset<Row> prior = GoldTransforms.dimPerson(s.members(), s.households(), s.employment(), s.assistance(),
        s.payments(), s.interventions());
    // 2024-05 on resubmitted. Members of 2024-06: p1 dropped (back to their 2024-03 row), p2's
    // relation corrected, pN new; p5's latest row (2024-03) is before the change. Employment of
    // 2024-05: pX's only record withdrawn, a first one for pD; p5 gets a payment due 2024-06
    // (her first record, of 2024-02, still holds).
    Dataset<Row> members = s.members()
        .filter(functions.expr("not (month = '2024-06' and person_id = 'p1')"))
        .withColumn("relation", functions.when(functions.expr("month = '2024-06' and person_id = 'p2'"),
            functions.lit("其他")).otherwise(functions.col("relation")))
        .unionByName(s.members().filter(functions.expr("month = '2024-06' and person_id = 'p3'"))
            .withColumn("person_id", functions.lit("pN")));
    Dataset<Row> employment = s.employment().filter("person_id <> 'pX'")
        .unionByName(s.employment().filter("record_id = 'e4'")
            .withColumn("record_id", functions.lit("e5")).withColumn("person_id", functions.lit("pD")));
    Dataset<Row> payments = s.payments().unionByName(s.payments().filter("payment_id = 'pay1'")
        .withColumn("payment_id", functions.lit("pay5")).withColumn("person_id", functions.lit("p5"))
        .withColumn("due_date", functions.expr("date'2024-06-10'")));
    GoldTransforms.Silver changed = new GoldTransforms.Silver(s.householdMonths(), s.households(), members, s.survey(),
        s.interventions(), employment, s.assistance(), payments);
    Dataset<Row> full = GoldTransforms.dimPerson(members, s.households(), employment, s.assistance(),
        payments, s.interventions()).cache();
    // From 2024-05 one members month (2024-06) is rebuilt, its rows taken as they are; from 2024-02,
    // two (2024-03, 2024-06), the latest picked per person.
    Dataset<Row> incremental = GoldTransforms.dimPersonSince(YearMonth.of(2024, 5), prior, changed)
        .select(Arrays.stream(full.columns()).map(functions::col).toArray(Column[]::new));
    Dataset<Row> fromTwoMonths = GoldTransforms.dimPersonSince(YearMonth.of(2024, 2), prior, changed)
        .select(Arrays.stream(full.columns()).map(functions::col).toArray(Column[]::new));

    assertEquals(List.of("p1 2024-03 户主 2024-01", "p2 2024-06 其他 2024-02", "p5 2024-03 子女 2024-02",
            "pD 2024-05", "pN 2024-06 户主"),
        full.filter("person_id in ('p1', 'p2', 'p5', 'pD', 'pN', 'pX')").orderBy("person_id")
            .selectExpr("concat_ws(' ', person_id, last_member_month, relation, first_record_month)")
            .as(Encoders.STRING()).collectAsList(),
        "the resubmission changes these people's rows; pX is gone");
    assertTrue(prior.exceptAll(full).count() > 0);
    assertEquals(0, incremental.exceptAll(full).count(), "rows only in the incremental build");
    assertEquals(0, full.exceptAll(incremental).count(), "rows only in the full build");
    assertEquals(0, fromTwoMonths.exceptAll(full).count(), "rows only in the build from 2024-02");
    assertEquals(0, full.exceptAll(fromTwoMonths).count(), "rows only in the full build (against 2024-02)");
  }

  @Test
  void employmentFactPointsToTheHouseholdOfTheLatestSnapshotUpToTheMonth() {
    StructType schema = schema("record_id string, person_id string, household_id string, valid_from string, "
        + "department string, date date, work_month string, employment_form string, monthly_income decimal(18,2), "
        + "employer string, location string, delivery_id string");
    // e1, e2 are before the first snapshot (2024-03): no household; e3 (2024-05) -> snapshot 2024-03, H1's
    // version 2024-03; pX is in no snapshot.
    assertRows(schema, """
        select e.record_id, p.person_id, e.household_id, h.valid_from, d.department, t.date, e.work_month,
               e.employment_form, e.monthly_income, e.employer, e.location, e.delivery_id
        from fact_employment e
        join dim_person p on p.person_sk = e.person_sk
        left join dim_household h on h.household_sk = e.household_sk
        join dim_department d on d.department_sk = e.department_sk
        join dim_date t on t.date_sk = e.date_sk""",
        row("e1", "p1", null, null, "人社局", date("2024-01-01"), "2024-01", "区外务工", m("2500"), "广州某厂", "广州", "d-e-01"),
        row("e2", "p5", null, null, "人社局", date("2024-02-01"), "2024-02", "县内务工", m("500"), null, null, "d-e-02"),
        row("e3", "p1", "H1", "2024-03", "人社局", date("2024-05-01"), "2024-05", "区外务工", m("3000"), "广州某厂", "广州", "d-e-05"),
        row("e4", "pX", null, null, "人社局", date("2024-05-01"), "2024-05", "灵活就业", m("800"), null, null, "d-e-05"));
  }

  @Test
  void paymentFactFlagsPaidAndOnTimeInFull() {
    StructType schema = schema("payment_id string, person_id string, household_id string, valid_from string, "
        + "department string, subsidy_item string, component string, due_date date, paid_date date, "
        + "amount_due decimal(18,2), amount_paid decimal(18,2), status string, is_paid boolean, "
        + "is_on_time_full boolean, delivery_id string");
    // pay3 was paid 2 days late: paid, not on time.
    assertRows(schema, """
        select f.payment_id, p.person_id, f.household_id, h.valid_from, d.department, f.subsidy_item, f.component,
               due.date, paid.date, f.amount_due, f.amount_paid, f.status, f.is_paid, f.is_on_time_full, f.delivery_id
        from fact_subsidy_payment f
        join dim_person p on p.person_sk = f.person_sk
        left join dim_household h on h.household_sk = f.household_sk
        join dim_department d on d.department_sk = f.department_sk
        join dim_date due on due.date_sk = f.due_date_sk
        left join dim_date paid on paid.date_sk = f.paid_date_sk""",
        row("pay1", "p2", null, null, "民政局", "最低生活保障补助", "transfer", date("2024-02-10"), date("2024-02-10"), m("300"), m("300"), "已发放", true, true, "d-p-02"),
        row("pay2", "p3", "H2", "2024-03", "民政局", "最低生活保障补助", "transfer", date("2024-05-10"), null, m("300"), null, "待发放", false, false, "d-p-05"),
        row("pay3", "p1", "H1", "2024-03", "人社局", "公益性岗位补贴", "wage", date("2024-04-10"), date("2024-04-12"), m("500"), m("500"), "已发放", true, false, "d-p-04"),
        row("pay4", "p3", "H2", "2024-03", "民政局", "最低生活保障补助", "transfer", date("2024-04-10"), date("2024-04-09"), m("300"), m("300"), "已发放", true, true, "d-p-04"));
  }

  @Test
  void interventionAndAssistanceFactsResolveTheirDimensions() {
    StructType interventions = schema("record_id string, household_id string, valid_from string, person_id string, "
        + "measure string, category string, department string, date date, amount decimal(18,2), project string, "
        + "delivery_id string");
    // i1 (2024-02) is before H1's first version (2024-03): no household version.
    assertRows(interventions, """
        select i.record_id, i.household_id, h.valid_from, p.person_id, t.measure, t.category, d.department, dt.date,
               i.amount, i.project, i.delivery_id
        from fact_intervention i
        left join dim_household h on h.household_sk = i.household_sk
        left join dim_person p on p.person_sk = i.person_sk
        join dim_intervention_type t on t.intervention_type_sk = i.intervention_type_sk
        join dim_department d on d.department_sk = i.department_sk
        join dim_date dt on dt.date_sk = i.date_sk""",
        row("i1", "H1", null, null, "产业奖补", "经营性", "农业农村局", date("2024-02-15"), m("800"), "茶叶", "d-i-02"),
        row("i2", "H1", "2024-03", "p1", "小额信贷", "无", "农业农村局", date("2024-05-20"), m("50000"), null, "d-i-05"),
        row("i3", "H2", "2024-03", "p3", "集体经济分红", "财产性", "农业农村局", date("2024-06-30"), m("150"), null, "d-i-06"));
    StructType assistance = schema("record_id string, person_id string, household_id string, valid_from string, "
        + "department string, date date, aid_month string, assistance_type string, basis string, "
        + "amount decimal(18,2), delivery_id string");
    assertRows(assistance, """
        select a.record_id, p.person_id, a.household_id, h.valid_from, d.department, dt.date, a.aid_month,
               a.assistance_type, a.basis, a.amount, a.delivery_id
        from fact_assistance a
        join dim_person p on p.person_sk = a.person_sk
        left join dim_household h on h.household_sk = a.household_sk
        join dim_department d on d.department_sk = a.department_sk
        join dim_date dt on dt.date_sk = a.date_sk""",
        row("a1", "p3", "H2", "2024-03", "民政局", date("2024-05-01"), "2024-05", "低保", "按户", m("300"), "d-a-05"));
  }

  @Test
  void dateDimensionCoversTheWholeYearOfTheFacts() {
    assertEquals(366, gold.get("dim_date").count(), "2024 is a leap year");
    assertRows(schema("date_sk int, date date, year int, quarter int, month int, day int, month_key string, "
            + "quarter_key string, is_month_start boolean, is_quarter_end boolean"),
        "select * from dim_date where date_sk in (20240101, 20240331, 20241230)",
        row(20240101, date("2024-01-01"), 2024, 1, 1, 1, "2024-01", "2024-Q1", true, false),
        row(20240331, date("2024-03-31"), 2024, 1, 3, 31, "2024-03", "2024-Q1", false, true),
        row(20241230, date("2024-12-30"), 2024, 4, 12, 30, "2024-12", "2024-Q4", false, false));
  }

  @Test
  void interventionTypesCarryCategoryAndPlanItems() {
    assertRows(schema("measure string, category string, component string, plan_items string"),
        "select measure, category, component, plan_items from dim_intervention_type",
        row("产业奖补", "经营性", "operating", "6"),
        row("小额信贷", "无", null, "5,7"),
        row("集体经济分红", "财产性", "property", "16"));
  }

  @Test
  void aRebuildFromReorderedRowsGivesTheSameKeys() {
    GoldTransforms.Silver s = GoldFixture.silver();
    GoldTransforms.Silver reversed = new GoldTransforms.Silver(s.householdMonths().orderBy("month"),
        s.households().orderBy(org.apache.spark.sql.functions.col("valid_from").desc()),
        s.members().orderBy(org.apache.spark.sql.functions.col("person_id").desc()), s.survey(),
        s.interventions(), s.employment().orderBy(org.apache.spark.sql.functions.col("record_id").desc()),
        s.assistance(), s.payments());
    GoldTransforms.Catalogues c = GoldFixture.CATALOGUES;
    GoldTransforms.Catalogues reordered = new GoldTransforms.Catalogues(reversed(c.regions()),
        reversed(c.measures()), c.subsidyItems(), reversed(c.departments()));
    Map<String, Dataset<Row>> again = GoldTransforms.build(spark, reversed, reordered);
    for (String table : List.of("dim_household", "dim_person", "dim_region", "dim_department", "fact_household_income")) {
      SharedSpark.assertEqualsIgnoringOrder(nullable(gold.get(table)), nullable(again.get(table)));
    }
  }

  @Test
  void anIncrementalBuildLooksAmongTheRecentSnapshotMonthsOnlyWhenOneOfThemCoversItsRecords() {
    StructType members = schema("month string, person_id string");
    Dataset<Row> monthly = spark.createDataFrame(List.of(row("2022-06", "p1"), row("2023-12", "p1"),
        row("2024-01", "p1"), row("2024-11", "p2"), row("2024-11", "p1"), row("2025-03", "p1")), members);
    // From 2025-02: the months of 2024 on, two of them before 2025-02.
    assertEquals(List.of("2024-01", "2024-11", "2025-03"), GoldTransforms.snapshotMonthsFor(monthly,
        YearMonth.of(2025, 2)));
    // From 2024-12: the months of 2023 on, 2023-12 among them.
    assertEquals(List.of("2023-12", "2024-01", "2024-11", "2025-03"), GoldTransforms.snapshotMonthsFor(
        monthly, YearMonth.of(2024, 12)));
    // From 2024-02: the only month of 2023 on is later, and a record of 2024-02 falls back to
    // 2022-06: every month.
    Dataset<Row> sparse = spark.createDataFrame(List.of(row("2022-06", "p1"), row("2024-05", "p1")), members);
    assertEquals(List.of("2022-06", "2024-05"), GoldTransforms.snapshotMonthsFor(sparse,
        YearMonth.of(2024, 2)));
  }

  /**
   * A record's household is its person's in the latest members snapshot up to its month, in any
   * year: looked up in spans, the same as row by row. The snapshots skip months (2024-03, 2024-05,
   * 2025-01); p1 moves and comes back, p2 misses a snapshot, p3 leaves, p4 arrives late.
   */
  @Test
  void aRecordFindsItsPersonsHouseholdOfTheLatestSnapshotUpToItsMonth() {
    List<Row> snapshots = new ArrayList<>();
    String[] months = {"2023-11", "2024-01", "2024-02", "2024-04", "2024-06", "2025-02"};
    String[][] households = {
        {"h1", "h1", "h2", "h2", "h1", "h1"},
        {"h3", "h3", null, "h3", "h3", "h3"},
        {"h4", "h4", "h4", null, null, null},
        {null, null, null, null, null, "h5"}};
    for (int m = 0; m < months.length; m++) {
      for (int p = 0; p < households.length; p++) {
        if (households[p][m] != null) {
          snapshots.add(row(months[m], "p" + (p + 1), households[p][m]));
        }
      }
    }
    Dataset<Row> members = spark.createDataFrame(snapshots, schema("month string, person_id string, household_id string"));
    List<Row> records = new ArrayList<>();
    List<Row> expected = new ArrayList<>();
    for (String month : List.of("2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04",
        "2024-05", "2024-06", "2024-12", "2025-01", "2025-02", "2025-06")) {
      String snapshot = Arrays.stream(months).filter(m -> m.compareTo(month) <= 0)
          .reduce((a, b) -> b).orElse(null);
      for (int p = 0; p < households.length; p++) {
        String person = "p" + (p + 1);
        records.add(row(person, month));
        expected.add(row(person, month, snapshot == null ? null
            : households[p][Arrays.asList(months).indexOf(snapshot)]));
      }
    }
    Dataset<Row> rows = spark.createDataFrame(records, schema("person_id string, work_month string"));
    Dataset<Row> spans = GoldTransforms.memberHouseholdSpans(members, Optional.empty());
    assertEquals(7, spans.count(), "p1: three spans; p2: two; p3 and p4: one each");
    for (long broadcastSpans : new long[] {GoldTransforms.BROADCAST_SPANS, 0}) {
      SharedSpark.assertEqualsIgnoringOrder(
          spark.createDataFrame(expected, schema("person_id string, work_month string, household_id string")),
          GoldTransforms.withMemberHousehold(rows, "work_month", spans, broadcastSpans)
              .select("person_id", "work_month", "household_id"));
    }
    // An increment's records of 2024-05 on read the snapshots from 2024-04 on alone, and find the same.
    Dataset<Row> recent = GoldTransforms.memberHouseholdSpans(members, Optional.of(YearMonth.of(2024, 5)));
    assertEquals("2024-04", recent.agg(functions.min("from_month")).first().getString(0));
    SharedSpark.assertEqualsIgnoringOrder(
        spark.createDataFrame(expected, schema("person_id string, work_month string, household_id string"))
            .filter("work_month >= '2024-05'"),
        GoldTransforms.withMemberHousehold(rows.filter("work_month >= '2024-05'"), "work_month", recent)
            .select("person_id", "work_month", "household_id"));
  }

  /** More snapshot months than one set of bits holds: a span cut at the set's end goes on in the next. */
  @Test
  void aPersonInOneHouseholdOverSeventyMonthsIsFoundInEachOfThem() {
    List<Row> snapshots = new ArrayList<>();
    List<Row> records = new ArrayList<>();
    List<Row> expected = new ArrayList<>();
    for (int m = 0; m < 70; m++) {
      String month = YearMonth.of(2019, 1).plusMonths(m).toString();
      snapshots.add(row(month, "p1", "h1"));
      records.add(row("p1", month));
      expected.add(row("p1", month, "h1"));
    }
    records.add(row("p1", "2018-12"));
    expected.add(row("p1", "2018-12", null));
    Dataset<Row> spans = GoldTransforms.memberHouseholdSpans(
        spark.createDataFrame(snapshots, schema("month string, person_id string, household_id string")), Optional.empty());
    assertEquals(2, spans.count(), "62 months, then 8");
    SharedSpark.assertEqualsIgnoringOrder(
        spark.createDataFrame(expected, schema("person_id string, work_month string, household_id string")),
        GoldTransforms.withMemberHousehold(spark.createDataFrame(records, schema("person_id string, work_month string")),
            "work_month", spans).select("person_id", "work_month", "household_id"));
  }

  @Nested
  class OnAPool {
    @Test
    void theTablesEqualThoseOfTheSequentialBuild() {
      ExecutorService pool = Parallel.pool(3, "test-gold");
      try {
        Map<String, Dataset<Row>> again = GoldTransforms.build(spark, GoldFixture.silver(), GoldFixture.CATALOGUES,
            Dataset::localCheckpoint, Optional.empty(), pool);
        assertEquals(List.copyOf(gold.keySet()), List.copyOf(again.keySet()));
        gold.forEach((table, rows) -> SharedSpark.assertEqualsIgnoringOrder(nullable(rows), nullable(again.get(table))));
      } finally {
        pool.shutdownNow();
      }
    }

    /** The dimensions read nothing built before them: two are kept at the same time. */
    @Test
    void tablesThatDoNotReadEachOtherAreKeptAtTheSameTime() throws InterruptedException {
      // Each keep waits for a second one to have begun: kept one at a time, the first waits in vain.
      CountDownLatch twoAtOnce = new CountDownLatch(2);
      AtomicBoolean waitedInVain = new AtomicBoolean();
      ExecutorService pool = Parallel.pool(3, "test-gold");
      try {
        GoldTransforms.build(spark, GoldFixture.silver(), GoldFixture.CATALOGUES, rows -> {
          twoAtOnce.countDown();
          try {
            if (!twoAtOnce.await(20, TimeUnit.SECONDS)) {
              waitedInVain.set(true);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return rows;
        }, Optional.empty(), pool);
      } finally {
        pool.shutdownNow();
      }
      assertFalse(waitedInVain.get(), "the first table kept was alone for 20 s");
    }

    @Test
    void aFailureIsThrownAsItselfOnceEveryTableHasEnded() {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger kept = new AtomicInteger();
      IllegalStateException broken = new IllegalStateException("the payments broke");
      ExecutorService pool = Parallel.pool(3, "test-gold");
      try {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> GoldTransforms.build(spark,
            GoldFixture.silver(), GoldFixture.CATALOGUES, rows -> {
              running.incrementAndGet();
              try {
                if (Arrays.asList(rows.columns()).contains("due_date_sk")) {
                  throw broken;
                }
                Thread.sleep(100);
                kept.incrementAndGet();
                return rows;
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              } finally {
                running.decrementAndGet();
              }
            }, Optional.empty(), pool));
        assertSame(broken, thrown);
        assertEquals(0, running.get(), "a table was still being kept when the failure was thrown");
        // Every frame but the payments fact and the calendar (which reads it): 6 dimensions,
        // the survey base, the members snapshot months, the bridge and four facts.
        assertEquals(13, kept.get());
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void brokenRulesAreListedInTheOrderOfTheRules() {
      Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
      broken.put("fact_employment", gold.get("fact_employment")
          .withColumn("person_sk", functions.expr("case when record_id = 'e3' then 42L else person_sk end")));
      broken.put("fact_household_income", gold.get("fact_household_income").withColumn("declared_amount",
          functions.expr("case when household_id = 'H1' and quarter = 1 and source_sk = 1 "
              + "then cast(4201 as decimal(18,2)) else declared_amount end")));
      List<DataTests.Rule> rules = new ArrayList<>(rulesOf("fact_household_income"));
      rules.addAll(rulesOf("fact_employment"));
      ExecutorService pool = Parallel.pool(3, "test-rules");
      try {
        DataTestFailure e = assertThrows(DataTestFailure.class, () -> DataTests.run(spark, broken, rules, pool));
        assertEquals(2, e.failures().size(), e.getMessage());
        assertTrue(e.failures().get(0).startsWith("fact_household_income: rule 'the four components add up"), e.getMessage());
        assertTrue(e.failures().get(1).startsWith("fact_employment: rule 'person_sk references dim_person"), e.getMessage());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class DataTestFailures {
    @Test
    void aDanglingPersonKeyNamesTableRuleAndExample() {
      Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
      broken.put("fact_employment", gold.get("fact_employment")
          .withColumn("person_sk", org.apache.spark.sql.functions.expr("case when record_id = 'e3' then 42L else person_sk end")));
      DataTestFailure e = assertThrows(DataTestFailure.class, () -> DataTests.run(spark, broken, rulesOf("fact_employment")));
      assertEquals(1, e.failures().size(), e.getMessage());
      String failure = e.failures().get(0);
      assertTrue(failure.startsWith("fact_employment: rule 'person_sk references dim_person.person_sk' broken by 1 row(s), e.g. {\"record_id\":\"e3\",\"person_sk\":42,"),
          failure);
    }

    /** A unique key is screened by its hashes: a repeated key repeats its hash, and the exact query names it. */
    @Test
    void aRepeatedKeyIsNamedWithItsCount() {
      Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
      Dataset<Row> employment = gold.get("fact_employment");
      broken.put("fact_employment", employment.unionByName(employment.filter("record_id = 'e3'")));
      DataTestFailure e = assertThrows(DataTestFailure.class, () -> DataTests.run(spark, broken, rulesOf("fact_employment")));
      assertEquals(List.of("fact_employment: rule 'unique key (record_id)' broken by 1 row(s), "
          + "e.g. {\"record_id\":\"e3\",\"n_rows\":2}"), e.failures());
    }

    @Test
    void aNullKeyBreaksTheUniqueKey() {
      Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
      broken.put("dim_household", gold.get("dim_household").withColumn("valid_from",
          functions.expr("case when household_id = 'H1' and is_current then null else valid_from end")));
      List<DataTests.Rule> rules = rulesOf("dim_household").stream()
          .filter(r -> r.name().equals("unique key (household_id, valid_from)")).toList();
      DataTestFailure e = assertThrows(DataTestFailure.class, () -> DataTests.run(spark, broken, rules));
      assertEquals(1, e.failures().size(), e.getMessage());
      assertTrue(e.failures().get(0).startsWith("dim_household: rule 'unique key (household_id, valid_from)' "
          + "broken by 1 row(s), e.g. {\"household_id\":\"H1\",\"n_rows\":1}"), e.getMessage());
    }

    /** What an increment that lost someone's first record month would write. */
    @Test
    void anUnregisteredPersonWithoutARecordMonthIsNamed() {
      Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
      broken.put("dim_person", gold.get("dim_person").withColumn("first_record_month",
          org.apache.spark.sql.functions.expr("case when person_id = 'pX' then null else first_record_month end")));
      DataTestFailure e = assertThrows(DataTestFailure.class, () -> DataTests.run(spark, broken, rulesOf("dim_person")));
      assertEquals(1, e.failures().size(), e.getMessage());
      String failure = e.failures().get(0);
      assertTrue(failure.startsWith("dim_person: rule 'named by a members snapshot or a record: "
          + "is_registered or first_record_month is not null' broken by 1 row(s), e.g. {"), failure);
      assertTrue(failure.contains("\"person_id\":\"pX\""), failure);
    }

    @Test
    void componentsThatDoNotAddUpToNetNameTheHouseholdPeriod() {
      // H1 2024-Q1 net 4200 -> 4201: the four components still add up to 4200.
      DataTestFailure e = incomeFailures("declared_amount", 1, "cast(4201 as decimal(18,2))");
      assertEquals(List.of("fact_household_income: rule 'the four components add up to net income' broken by 1 row(s), "
          + "e.g. {\"household_id\":\"H1\",\"year\":2024,\"quarter\":1,\"net\":4201.00,\"components\":4200.00}"), e.failures());
    }

    /*
     * The income fact's own arithmetic, and the two rules between it and its bridge (screened in
     * one join of the bridge's sums): each case breaks one rule and checks that it is named.
     */

    /** A second net row of zero: the quarter's nets still sum to its components, but that row breaks the rule. */
    @Test
    void aSecondNetRowIsJudgedOnItsOwn() {
      Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
      Dataset<Row> income = gold.get("fact_household_income");
      broken.put("fact_household_income", income.unionByName(income
          .filter("household_id = 'H1' and quarter = 1 and source_sk = 1")
          .withColumn("declared_amount", functions.expr("cast(0 as decimal(18,2))"))));
      DataTestFailure e = assertThrows(DataTestFailure.class,
          () -> DataTests.run(spark, broken, rulesOf("fact_household_income")));
      assertTrue(e.failures().contains("fact_household_income: rule 'the four components add up to net income' broken "
          + "by 1 row(s), e.g. {\"household_id\":\"H1\",\"year\":2024,\"quarter\":1,\"net\":0.00,"
          + "\"components\":4200.00}"), e.getMessage());
    }

    @Test
    void operatingThatIsNotRevenueLessCostIsNamed() {
      DataTestFailure e = incomeFailures("declared_amount", 22, "cast(401 as decimal(18,2))");
      assertEquals(List.of("fact_household_income: rule 'operating = operating_revenue - operating_cost' broken by 1 "
          + "row(s), e.g. {\"household_id\":\"H1\",\"year\":2024,\"quarter\":1,\"operating\":600.00,"
          + "\"revenue\":1000.00,\"cost\":401.00}"), e.failures());
    }

    /**
     * The operating rule groups by household id too: a row naming another household, or none,
     * leaves its quarter short.
     */
    @ParameterizedTest
    @ValueSource(strings = {"'H9'", "null"})
    void aRowOfAQuarterNamingAnotherHouseholdBreaksTheOperatingRule(String id) {
      DataTestFailure e = incomeFailures("household_id", 1, id);
      assertTrue(e.failures().contains("fact_household_income: rule 'operating = operating_revenue - operating_cost' "
          + "broken by 1 row(s), e.g. {" + (id.equals("null") ? "" : "\"household_id\":\"H9\",")
          + "\"year\":2024,\"quarter\":1}"), e.getMessage());
    }

    @Test
    void anEvidencedAmountThatIsNotItsBridgeRowsSumIsNamed() {
      DataTestFailure e = incomeFailures("evidenced_amount", 20, "cast(801 as decimal(18,2))");
      assertEquals(1, e.failures().size(), e.getMessage());
      assertTrue(e.failures().get(0).startsWith("fact_household_income: rule 'evidenced_amount = sum of its "
          + "bridge_income_evidence rows' broken by 1 row(s), e.g. {\"household_id\":\"H1\",\"year\":2024,"
          + "\"quarter\":1,\"source_sk\":20,\"evidenced_amount\":801.00,\"bridged\":800.00}"), e.getMessage());
    }

    @Test
    void aBridgeRowWithoutItsIncomeRowIsNamed() {
      Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
      Dataset<Row> bridge = gold.get("bridge_income_evidence");
      broken.put("bridge_income_evidence", bridge.unionByName(bridge.filter("record_id = 'i1' and quarter = 1")
          .withColumn("quarter", functions.lit(4))));
      DataTestFailure e = assertThrows(DataTestFailure.class,
          () -> DataTests.run(spark, broken, rulesOf("bridge_income_evidence")));
      assertEquals(1, e.failures().size(), e.getMessage());
      assertTrue(e.failures().get(0).startsWith("bridge_income_evidence: rule 'every bridge row has its "
          + "fact_household_income row' broken by 1 row(s), e.g. {"), e.getMessage());
      assertTrue(e.failures().get(0).contains("\"quarter\":4,"), e.getMessage());
    }
  }

  /**
   * The failures of the income fact's rules once {@code column} of H1's 2024-Q1 row of source
   * {@code source} is set to the SQL expression {@code value}.
   */
  private static DataTestFailure incomeFailures(String column, int source, String value) {
    Map<String, Dataset<Row>> broken = new LinkedHashMap<>(gold);
    broken.put("fact_household_income", gold.get("fact_household_income").withColumn(column, functions.expr(
        "case when household_id = 'H1' and quarter = 1 and source_sk = " + source + " then " + value + " else "
            + column + " end")));
    return assertThrows(DataTestFailure.class, () -> DataTests.run(spark, broken, rulesOf("fact_household_income")));
  }

  /** The gold rules on one table (all of them run in the passing test; here only the broken table's, for time). */
  private static List<DataTests.Rule> rulesOf(String table) {
    return GoldDataTests.rules().stream().filter(r -> r.table().equals(table)).toList();
  }

  private static void assertRows(StructType schema, String sql, Row... expected) {
    Dataset<Row> exp = spark.createDataFrame(Arrays.asList(expected), schema);
    Dataset<Row> actual = spark.sql(sql);
    SharedSpark.assertEqualsIgnoringOrder(exp, spark.createDataFrame(actual.rdd(), schema));
  }

  private static StructType schema(String ddl) {
    return StructType.fromDDL(ddl);
  }

  /** The same rows with every column nullable (built frames differ from declared ones only there). */
  static Dataset<Row> nullable(Dataset<Row> rows) {
    StructField[] fields = Arrays.stream(rows.schema().fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new);
    return SharedSpark.session().createDataFrame(rows.rdd(), new StructType(fields));
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new java.util.ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
