package cn.wuzhou.income.etl.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
