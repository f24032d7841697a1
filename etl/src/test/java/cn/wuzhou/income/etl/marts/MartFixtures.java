package cn.wuzhou.income.etl.marts;

import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Hand-made silver rows for the mart tests, with the declared silver schemas. */
final class MartFixtures {
  final List<Row> households = new ArrayList<>();
  final List<Row> members = new ArrayList<>();
  final List<Row> survey = new ArrayList<>();
  final List<Row> interventions = new ArrayList<>();
  final List<Row> employment = new ArrayList<>();
  final List<Row> assistance = new ArrayList<>();
  final List<Row> payments = new ArrayList<>();
  final List<Row> deliveries = new ArrayList<>();
  private int seq;

  static SparkSession spark() {
    return SharedSpark.session();
  }

  static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  /** A household in the snapshot of {@code month} (delivery recorded once per month). */
  MartFixtures household(String month, String id, String county, String township, String type, int size,
      String helper) {
    households.add(RowFactory.create(month, id, "p-" + id, "张*", county, township, "村" + township, type, size,
        helper, null, month, "d-" + month));
    delivered("agri_households", month);
    return this;
  }

  MartFixtures member(String month, String householdId, String personId, String labor, boolean willing, boolean school) {
    members.add(RowFactory.create(month, householdId, personId, "户主", "男", Date.valueOf("1980-01-01"), labor,
        willing, school, month, "d-" + month));
    delivered("agri_members", month);
    return this;
  }

  /** A survey row of Y-Qq; net = wage + (rev - cost) + property + transfer. */
  MartFixtures survey(int year, int quarter, String id, String wage, String rev, String cost, String property,
      String transfer, String reported) {
    survey.add(RowFactory.create(year, quarter, id, d(wage), d(rev), d(cost), d(property), d(transfer), d("0"),
        d(reported), year + "-Q" + quarter, "s"));
    delivered("agri_income_survey", year + "-Q" + quarter);
    return this;
  }

  /** A wage-only survey row. */
  MartFixtures wage(int year, int quarter, String id, String wage) {
    return survey(year, quarter, id, wage, "0", "0", "0", "0", "0");
  }

  MartFixtures work(String personId, String month, String form, String income) {
    employment.add(RowFactory.create("w" + (++seq), personId, month, form, d(income), null, null, month, "e"));
    delivered("hrss_employment", month);
    return this;
  }

  MartFixtures aid(String personId, String month) {
    assistance.add(RowFactory.create("a" + (++seq), personId, "低保", month, "按户", d("500"), month, "c"));
    return this;
  }

  MartFixtures payment(String personId, String item, String due, String paid, String dueDate, String paidDate,
      String status) {
    payments.add(RowFactory.create("pay" + (++seq), personId, item, "民政局", d(due), paid == null ? null : d(paid),
        Date.valueOf(dueDate), paidDate == null ? null : Date.valueOf(paidDate), status, dueDate.substring(0, 7), "f"));
    return this;
  }

  MartFixtures intervention(String householdId, String measure, String date, String amount) {
    interventions.add(RowFactory.create("i" + (++seq), householdId, null, measure, Date.valueOf(date), d(amount), null,
        date.substring(0, 7), "i"));
    return this;
  }

  MartFixtures delivery(String feed, String period, String id, String status, int received, int quarantined,
      String receivedAt) {
    deliveries.add(RowFactory.create(feed, period, id, "f.csv", "x", received, received - quarantined, quarantined,
        status, null, Timestamp.valueOf(receivedAt)));
    return this;
  }

  private void delivered(String feed, String period) {
    for (Row r : deliveries) {
      if (r.getString(0).equals(feed) && r.getString(1).equals(period)) {
        return;
      }
    }
    deliveries.add(RowFactory.create(feed, period, feed + "/" + period, "f.csv", "x", 0, 0, 0, "loaded", null,
        Timestamp.valueOf("2025-01-01 00:00:00")));
  }

  MartsStage.Inputs inputs() {
    return new MartsStage.Inputs(frame(households, SilverSchemas.HOUSEHOLD_MONTHS), frame(members, SilverSchemas.MEMBERS),
        frame(survey, SilverSchemas.INCOME_SURVEY), frame(interventions, SilverSchemas.INTERVENTIONS),
        frame(employment, SilverSchemas.EMPLOYMENT), frame(assistance, SilverSchemas.ASSISTANCE),
        frame(payments, SilverSchemas.PAYMENTS), frame(deliveries, SilverSchemas.DELIVERIES));
  }

  /** The shared frames of {@link MartsStage#build}, computed from these rows. */
  record Core(Periods periods, Dataset<Row> members, Dataset<Row> withSurvey, Dataset<Row> quintiles,
      Dataset<Row> frame) {}

  Core core(cn.wuzhou.income.config.QuintileMethod method, java.util.Map<Integer, List<BigDecimal>> cuts,
      java.util.Map<Integer, BigDecimal> lines) {
    MartsStage.Inputs in = inputs();
    Periods periods = Periods.fromDeliveries(in.deliveries());
    Dataset<Row> pf = periods.periodFrame(spark());
    Dataset<Row> snapshot = HouseholdPeriods.snapshot(pf, in.householdMonths());
    Dataset<Row> m = HouseholdPeriods.periodMembers(pf, in.members(), snapshot);
    Dataset<Row> ws = HouseholdPeriods.withSurvey(snapshot, in.survey());
    Dataset<Row> q = HouseholdPeriods.quintiles(ws, method, cuts);
    Dataset<Row> f = HouseholdMarts.withFlags(HouseholdPeriods.withBaseQuintile(HouseholdPeriods.withPrior(ws), q), lines);
    return new Core(periods, m, ws, q, f);
  }

  static Dataset<Row> frame(List<Row> rows, StructType schema) {
    return spark().createDataFrame(rows, schema);
  }

  /** Expected mart rows with the declared mart schema. */
  static Dataset<Row> expected(String mart, Object[]... rows) {
    return frame(Arrays.stream(rows).map(RowFactory::create).toList(), MartSchemas.schema(mart));
  }

  /** Checks the declared schema, then compares whole rows ignoring order (and nullability flags). */
  static void assertMart(String mart, Dataset<Row> actual, Object[]... rows) {
    MartSchemas.check(mart, actual.schema());
    Dataset<Row> relaxed = spark().createDataFrame(actual.javaRDD(), MartSchemas.schema(mart));
    SharedSpark.assertEqualsIgnoringOrder(expected(mart, rows), relaxed);
  }

  static Object[] row(Object... values) {
    return values;
  }
}
