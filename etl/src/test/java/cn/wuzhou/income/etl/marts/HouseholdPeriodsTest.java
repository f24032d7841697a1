package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

class HouseholdPeriodsTest {
  private static final StructType HOUSEHOLD_MONTHS = new StructType().add("month", DataTypes.StringType)
      .add("household_id", DataTypes.StringType).add("county", DataTypes.StringType)
      .add("township", DataTypes.StringType).add("village", DataTypes.StringType)
      .add("household_type", DataTypes.StringType).add("household_size", DataTypes.IntegerType)
      .add("head_name_masked", DataTypes.StringType).add("helper_level", DataTypes.StringType);
  private static final StructType MEMBERS = new StructType().add("month", DataTypes.StringType)
      .add("household_id", DataTypes.StringType).add("person_id", DataTypes.StringType)
      .add("labor_capacity", DataTypes.StringType).add("willing_to_work", DataTypes.BooleanType)
      .add("in_school", DataTypes.BooleanType);

  /**
   * A period's snapshot and members are read from its snapshot months' files only: Delta skips
   * the files of the other months (one file per month here, as a month's delivery writes).
   */
  @Test
  void snapshotAndMembersReadOnlyTheSnapshotMonthsFiles() throws Exception {
    SparkSession spark = SharedSpark.session();
    WarehouseTables tables = new WarehouseTables(spark, Files.createTempDirectory("period-files"));
    for (String month : List.of("2024-01", "2024-02", "2024-03")) {
      tables.append("hm", spark.createDataFrame(List.of(RowFactory.create(month, "h1", "万秀区", "城东镇", "村",
          "脱贫户", 2, "张*", "县级")), HOUSEHOLD_MONTHS).coalesce(1));
      tables.append("m", spark.createDataFrame(List.of(RowFactory.create(month, "h1", "p1", "有劳动能力", true, false),
          RowFactory.create(month, "h1", "p2", "无劳动能力", false, true)), MEMBERS).coalesce(1));
    }
    Dataset<Row> periods = spark.createDataFrame(List.of(RowFactory.create(2024, 1, "2024-03", "2024-02")),
        Periods.SCHEMA);

    Dataset<Row> snapshot = HouseholdPeriods.snapshot(periods, tables.read("hm"));
    Dataset<Row> members = HouseholdPeriods.periodMembers(periods, tables.read("m"), snapshot).orderBy("person_id");

    assertEquals(List.of(RowFactory.create(2024, 1, "h1", "p1", "有劳动能力", true, false),
        RowFactory.create(2024, 1, "h1", "p2", "无劳动能力", false, true)), members.collectAsList());
    // Both tables are scanned once, each for its one month's file.
    assertEquals(List.of(1L, 1L), filesRead(members.queryExecution().executedPlan()));
  }

  /**
   * A period's work records are those of its year to date: a member-month on record twice
   * counts once and sums both incomes; worked and the welfare-post members look at the quarter
   * only; a household without a record has no row.
   */
  @Test
  void workToDateSumsTheYearToDateAndFlagsTheQuarter() {
    SparkSession spark = SharedSpark.session();
    StructType members = new StructType().add("year", DataTypes.IntegerType).add("quarter", DataTypes.IntegerType)
        .add("household_id", DataTypes.StringType).add("person_id", DataTypes.StringType);
    StructType employment = new StructType().add("person_id", DataTypes.StringType)
        .add("work_month", DataTypes.StringType).add("employment_form", DataTypes.StringType)
        .add("monthly_income", SilverSchemas.MONEY);
    Dataset<Row> periodMembers = spark.createDataFrame(List.of(RowFactory.create(2024, 1, "h1", "p1"),
        RowFactory.create(2024, 2, "h1", "p1"), RowFactory.create(2024, 2, "h1", "p2"),
        RowFactory.create(2024, 2, "h2", "p3"), RowFactory.create(2024, 2, "h3", "p4")), members);
    Dataset<Row> records = spark.createDataFrame(List.of(
        RowFactory.create("p1", "2024-01", "县内务工", d("1000")),
        RowFactory.create("p1", "2024-01", "公益性岗位", d("500")),
        RowFactory.create("p1", "2024-05", "公益性岗位", d("600")),
        RowFactory.create("p1", "2024-07", "县内务工", d("999")),
        RowFactory.create("p1", "2023-12", "公益性岗位", d("999")),
        RowFactory.create("p2", "2024-04", "公益性岗位", d("300")),
        RowFactory.create("p3", "2024-02", "区外务工", null),
        RowFactory.create("p4", "2025-04", "县内务工", d("999"))), employment);

    Dataset<Row> work = HouseholdPeriods.workToDate(periodMembers, records);

    assertEquals(DataTypes.createDecimalType(28, 2), work.schema().apply("evidenced_wage").dataType());
    assertEquals(List.of(
            RowFactory.create(2024, 1, "h1", 1L, d("1500.00"), true, 1L),
            RowFactory.create(2024, 2, "h1", 3L, d("2400.00"), true, 2L),
            RowFactory.create(2024, 2, "h2", 1L, null, false, 0L)),
        work.select("year", "quarter", "household_id", "employed_months_current", "evidenced_wage", "worked",
            "welfare_members").orderBy("year", "quarter", "household_id").collectAsList());
  }

  /**
   * A period counts the distinct (member, month) pairs of months 1..3q of its year, or of the
   * year before: a month on record twice counts once, months after the quarter and of other years
   * not at all, and a household with none has no row.
   */
  @Test
  void monthsToDateCountsDistinctMemberMonthsOfTheYearToDate() {
    SparkSession spark = SharedSpark.session();
    StructType members = new StructType().add("year", DataTypes.IntegerType).add("quarter", DataTypes.IntegerType)
        .add("household_id", DataTypes.StringType).add("person_id", DataTypes.StringType);
    StructType months = new StructType().add("person_id", DataTypes.StringType).add("aid_month", DataTypes.StringType);
    Dataset<Row> periodMembers = spark.createDataFrame(List.of(RowFactory.create(2024, 2, "h1", "p1"),
        RowFactory.create(2024, 2, "h1", "p2"), RowFactory.create(2024, 4, "h1", "p1"),
        RowFactory.create(2024, 2, "h2", "p3")), members);
    Dataset<Row> records = spark.createDataFrame(List.of(
        RowFactory.create("p1", "2024-01"), RowFactory.create("p1", "2024-01"), RowFactory.create("p1", "2024-06"),
        RowFactory.create("p1", "2024-07"), RowFactory.create("p1", "2023-03"), RowFactory.create("p1", "2023-06"),
        RowFactory.create("p1", "2023-12"), RowFactory.create("p2", "2024-04"), RowFactory.create("p2", "2025-01"),
        RowFactory.create("p3", "2023-09"), RowFactory.create("p9", "2024-01")), months);

    assertEquals(List.of(RowFactory.create(2024, 2, "h1", 3L), RowFactory.create(2024, 4, "h1", 3L)),
        HouseholdPeriods.monthsToDate(periodMembers, records, "aid_month", 0, "n")
            .orderBy("year", "quarter", "household_id").collectAsList());
    assertEquals(List.of(RowFactory.create(2024, 2, "h1", 2L), RowFactory.create(2024, 4, "h1", 3L)),
        HouseholdPeriods.monthsToDate(periodMembers, records, "aid_month", 1, "n")
            .orderBy("year", "quarter", "household_id").collectAsList());
    // The prior-year work months from the records summed per person: the same count.
    Dataset<Row> work = records.select(functions.col("person_id"), functions.col("aid_month").as("work_month"),
        functions.lit("县内务工").as("employment_form"), functions.lit(null).cast(SilverSchemas.MONEY).as("monthly_income"));
    assertEquals(List.of(RowFactory.create(2024, 2, "h1", 2L), RowFactory.create(2024, 4, "h1", 3L)),
        HouseholdPeriods.priorYearMonths(periodMembers, HouseholdPeriods.workPerPerson(work))
            .orderBy("year", "quarter", "household_id").collectAsList());
  }

  /** The files each table scan of an executed plan read, in plan order. */
  private static List<Long> filesRead(SparkPlan plan) {
    List<Long> files = new ArrayList<>();
    for (SparkPlan leaf : JavaConverters.seqAsJavaList(plan.collectLeaves())) {
      if (leaf instanceof FileSourceScanExec scan) {
        files.add(scan.metrics().apply("numFiles").value());
      }
    }
    return files;
  }
}
