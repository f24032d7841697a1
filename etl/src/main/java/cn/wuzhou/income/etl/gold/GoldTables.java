package cn.wuzhou.income.etl.gold;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import cn.wuzhou.income.etl.common.SilverSchemas;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The declared schemas of the gold star: every table's name, kind (dimension, fact or bridge),
 * description and columns (name, type, nullable, description). The one place {@code GoldStage}
 * conforms its output to and {@code models/docs/gold.md} describes.
 *
 * <p>Surrogate keys {@code *_sk} are {@code xxhash64} of a table tag and the natural key (see
 * {@link GoldTransforms}): a rebuild from the same silver rows gives the same keys, whatever the
 * order of the rows. {@code date_sk} is the date as the integer {@code yyyymmdd}.
 */
public final class GoldTables {
  private GoldTables() {}

  /** A star-schema role. */
  public enum Kind { DIMENSION, FACT, BRIDGE }

  /** One declared column. */
  public record GoldColumn(String name, DataType type, boolean nullable, String description) {}

  /** One declared gold table. */
  public record GoldTable(String name, Kind kind, String description, List<GoldColumn> columns) {
    public StructType schema() {
      return new StructType(columns.stream()
          .map(c -> new StructField(c.name(), c.type(), c.nullable(), Metadata.empty()))
          .toArray(StructField[]::new));
    }

    public List<String> columnNames() {
      return columns.stream().map(GoldColumn::name).toList();
    }

    /**
     * The declared columns of {@code rows}, in declared order, cast to the declared types; fails
     * naming the table and column when a declared column is missing.
     */
    public Dataset<Row> conform(Dataset<Row> rows) {
      List<String> present = Arrays.asList(rows.columns());
      Column[] cols = columns.stream().map(c -> {
        if (!present.contains(c.name())) {
          throw new IllegalStateException(name + ": the build produced no column '" + c.name()
              + "' (has " + present + ")");
        }
        return functions.col(c.name()).cast(c.type()).as(c.name());
      }).toArray(Column[]::new);
      return rows.select(cols);
    }
  }

  private static final DataType MONEY = SilverSchemas.MONEY;

  public static final GoldTable DIM_REGION = table("dim_region", Kind.DIMENSION,
      "One row per township of conf/regions.csv.",
      req("region_sk", LongType, "surrogate key: xxhash64('region', county, township)"),
      req("county_code", StringType, "6-digit administrative code of the county"),
      req("county", StringType, "县区"),
      req("township", StringType, "乡镇"));

  public static final GoldTable DIM_HOUSEHOLD = table("dim_household", Kind.DIMENSION,
      "The household registry as a slowly changing dimension (type 2): one row per version of "
          + "silver_households; a version is valid for snapshot months valid_from <= month < valid_to.",
      req("household_sk", LongType, "surrogate key of the version: xxhash64('household', household_id, valid_from)"),
      req("household_id", StringType, "户编号 (natural key)"),
      req("valid_from", StringType, "first snapshot month (YYYY-MM) of the version"),
      opt("valid_to", StringType, "first snapshot month the version no longer holds; null while current"),
      req("is_current", BooleanType, "true for the version of the latest snapshot"),
      req("head_person_sk", LongType, "the head of household in dim_person"),
      req("head_name_masked", StringType, "户主姓名, masked (张*, 欧**明)"),
      req("county", StringType, "县区"),
      req("township", StringType, "乡镇"),
      req("village", StringType, "行政村"),
      opt("region_sk", LongType, "dim_region of (county, township); null if not in conf/regions.csv"),
      req("household_type", StringType, "户类型: 脱贫户, 脱贫不稳定户, 边缘易致贫户, 突发严重困难户"),
      req("is_tuopin", BooleanType, "true for 脱贫人口 households (脱贫户, 脱贫不稳定户)"),
      req("household_size", IntegerType, "家庭人口数"),
      opt("helper_level", StringType, "帮扶责任人层级: 村级, 乡科级, 县处级"),
      opt("risk_eliminated", BooleanType, "风险是否消除"),
      req("delivery_id", StringType, "delivery of the snapshot that opened the version"));

  public static final GoldTable DIM_PERSON = table("dim_person", Kind.DIMENSION,
      "One row per person pseudonym seen in any silver table (members, heads, department records). "
          + "No names, no ID numbers. Attributes come from the person's latest members snapshot; "
          + "people known only from department records have null attributes and is_registered false.",
      req("person_sk", LongType, "surrogate key: xxhash64('person', person_id)"),
      req("person_id", StringType, "keyed pseudonym (HMAC-SHA-256) of the ID number"),
      req("is_registered", BooleanType, "true when the person is in at least one members snapshot"),
      opt("gender", StringType, "性别: 男, 女"),
      opt("birth_date", DateType, "出生日期"),
      opt("household_id", StringType, "户编号 in the latest members snapshot"),
      opt("relation", StringType, "与户主关系 in the latest members snapshot"),
      opt("labor_capacity", StringType, "劳动技能 in the latest members snapshot"),
      opt("willing_to_work", BooleanType, "务工意愿 in the latest members snapshot"),
      opt("in_school", BooleanType, "在校生 in the latest members snapshot"),
      opt("last_member_month", StringType, "month (YYYY-MM) of the latest members snapshot holding the person"),
      opt("first_record_month", StringType, "month (YYYY-MM) of the earliest household-head version (valid_from) or "
          + "department record (work, aid, due or event month) naming the person; null when only members snapshots do"));

  public static final GoldTable DIM_DATE = table("dim_date", Kind.DIMENSION,
      "Every day of every calendar year any fact refers to (event, due, paid and period-end dates, "
          + "work and aid months).",
      req("date_sk", IntegerType, "yyyymmdd"),
      req("date", DateType, "the day"),
      req("year", IntegerType, "year"),
      req("quarter", IntegerType, "quarter 1..4"),
      req("month", IntegerType, "month 1..12"),
      req("day", IntegerType, "day of month"),
      req("month_key", StringType, "YYYY-MM"),
      req("quarter_key", StringType, "YYYY-Qn"),
      req("is_month_start", BooleanType, "first day of its month (monthly facts point here)"),
      req("is_quarter_end", BooleanType, "last day of its quarter (income periods point here)"));

  public static final GoldTable DIM_INCOME_SOURCE = table("dim_income_source", Kind.DIMENSION,
      "Net income, its four components (metrics.md) and the sub-items of the operating component.",
      req("source_sk", IntegerType, "fixed key: 1 net, 10 wage, 20 operating, 21 operating_revenue, "
          + "22 operating_cost, 30 property, 40 transfer"),
      req("source_code", StringType, "net, wage, operating, operating_revenue, operating_cost, property, transfer"),
      req("source_name", StringType, "Chinese name"),
      req("level", StringType, "total (net), component (the four) or item (sub-item of a component)"),
      opt("component", StringType, "the component a row belongs to; null for net"),
      req("sign", IntegerType, "+1 or -1: how the row adds to its parent (operating_cost is -1)"));

  public static final GoldTable DIM_INTERVENTION_TYPE = table("dim_intervention_type", Kind.DIMENSION,
      "The measure catalogue (措施类型) of conf/warehouse.yaml.",
      req("intervention_type_sk", LongType, "surrogate key: xxhash64('measure', measure)"),
      req("measure", StringType, "措施类型"),
      req("category", StringType, "income category it adds to: 工资性, 经营性, 财产性, 转移性 or 无 (a loan)"),
      opt("component", StringType, "the same as a component code (wage, operating, property, transfer); null for 无"),
      req("plan_items", StringType, "action-plan item numbers, comma-separated (e.g. 5,7)"));

  public static final GoldTable DIM_DEPARTMENT = table("dim_department", Kind.DIMENSION,
      "The departments of conf/warehouse.yaml.",
      req("department_sk", LongType, "surrogate key: xxhash64('department', department)"),
      req("department", StringType, "主管部门"));

  public static final GoldTable FACT_HOUSEHOLD_INCOME = table("fact_household_income", Kind.FACT,
      "Household x period (year, quarter; year-to-date) x income source, for households in the "
          + "period's snapshot with a survey row. Sum only rows of one level: net, or the four "
          + "components, or operating's items.",
      req("household_sk", LongType, "dim_household version valid at the period's households snapshot month"),
      req("household_id", StringType, "户编号"),
      req("year", IntegerType, "year Y"),
      req("quarter", IntegerType, "quarter q (amounts run from January to the end of q)"),
      req("date_sk", IntegerType, "last day of the period (dim_date)"),
      req("source_sk", IntegerType, "dim_income_source"),
      req("household_size", IntegerType, "household size in the period's snapshot"),
      req("declared_amount", MONEY, "amount of the agri_income_survey row (operating = revenue - cost, net = the four components)"),
      opt("evidenced_amount", MONEY, "department records backing the component as metrics.md's "
          + "mart_income_evidence defines (wage: employment income; transfer: paid 转移性 subsidies; "
          + "operating/property: interventions of that category); 0 when none; null for net and items"),
      req("delivery_id", StringType, "delivery of the survey row (lineage of declared_amount)"));

  public static final GoldTable BRIDGE_INCOME_EVIDENCE = table("bridge_income_evidence", Kind.BRIDGE,
      "The department records summed into fact_household_income.evidenced_amount, one row per "
          + "(fact row, record): the lineage of every evidenced yuan.",
      req("household_sk", LongType, "the fact row's household version"),
      req("household_id", StringType, "户编号"),
      req("year", IntegerType, "the fact row's year"),
      req("quarter", IntegerType, "the fact row's quarter"),
      req("source_sk", IntegerType, "the fact row's income source (wage, operating, property, transfer)"),
      req("record_table", StringType, "fact_employment, fact_subsidy_payment or fact_intervention"),
      req("record_id", StringType, "record_id (payment_id for payments) in record_table"),
      opt("person_sk", LongType, "the member the record concerns (null for a household intervention)"),
      req("amount", MONEY, "the yuan this record contributes"),
      req("delivery_id", StringType, "delivery of the department record"));

  public static final GoldTable FACT_INTERVENTION = table("fact_intervention", Kind.FACT,
      "One row per intervention event (agri_interventions).",
      req("record_id", StringType, "记录编号"),
      req("household_id", StringType, "户编号"),
      opt("household_sk", LongType, "household version valid in the event month; null if the household is in no snapshot then"),
      opt("person_sk", LongType, "the person concerned, if given"),
      req("intervention_type_sk", LongType, "dim_intervention_type"),
      req("department_sk", LongType, "dim_department (农业农村局)"),
      req("date_sk", IntegerType, "event date"),
      req("amount", MONEY, "金额 (a loan's principal)"),
      opt("project", StringType, "项目名称"),
      req("delivery_id", StringType, "delivery of the record"));

  public static final GoldTable FACT_EMPLOYMENT = table("fact_employment", Kind.FACT,
      "One row per person-month of work (hrss_employment).",
      req("record_id", StringType, "记录编号"),
      req("person_sk", LongType, "dim_person"),
      opt("household_id", StringType, "the person's household in the latest members snapshot up to the work month"),
      opt("household_sk", LongType, "that household's version valid in the work month"),
      req("department_sk", LongType, "dim_department (人社局)"),
      req("date_sk", IntegerType, "first day of the work month"),
      req("work_month", StringType, "YYYY-MM"),
      req("employment_form", StringType, "就业形式"),
      req("monthly_income", MONEY, "月收入"),
      opt("employer", StringType, "用工单位"),
      opt("location", StringType, "就业地点"),
      req("delivery_id", StringType, "delivery of the record"));

  public static final GoldTable FACT_SUBSIDY_PAYMENT = table("fact_subsidy_payment", Kind.FACT,
      "One row per 一卡通 payment (finance_payments), latest state.",
      req("payment_id", StringType, "发放流水号"),
      req("person_sk", LongType, "recipient in dim_person"),
      opt("household_id", StringType, "recipient's household in the latest members snapshot up to the due month"),
      opt("household_sk", LongType, "that household's version valid in the due month"),
      opt("department_sk", LongType, "主管部门 in dim_department; null when not in conf/"),
      req("subsidy_item", StringType, "补贴项目"),
      opt("component", StringType, "income component of the item in conf/ (wage, operating, property, transfer); null if unknown"),
      req("due_date_sk", IntegerType, "应发日期"),
      opt("paid_date_sk", IntegerType, "实发日期; null when not paid"),
      req("amount_due", MONEY, "应发金额"),
      opt("amount_paid", MONEY, "实发金额"),
      req("status", StringType, "已发放, 待发放, 退回"),
      req("is_paid", BooleanType, "paid_date and amount_paid present"),
      req("is_on_time_full", BooleanType, "status 已发放, paid_date <= due_date and amount_paid >= amount_due"),
      req("delivery_id", StringType, "delivery of the payment's latest state"));

  public static final GoldTable FACT_ASSISTANCE = table("fact_assistance", Kind.FACT,
      "One row per social-assistance entitlement month (civil_assistance).",
      req("record_id", StringType, "记录编号"),
      req("person_sk", LongType, "recipient in dim_person"),
      opt("household_id", StringType, "recipient's household in the latest members snapshot up to the aid month"),
      opt("household_sk", LongType, "that household's version valid in the aid month"),
      req("department_sk", LongType, "dim_department (民政局)"),
      req("date_sk", IntegerType, "first day of the aid month"),
      req("aid_month", StringType, "YYYY-MM"),
      req("assistance_type", StringType, "救助类型"),
      req("basis", StringType, "救助方式: 按户, 按人"),
      req("amount", MONEY, "金额"),
      req("delivery_id", StringType, "delivery of the record"));

  /** Every gold table, dimensions first. */
  public static final List<GoldTable> ALL = List.of(DIM_REGION, DIM_HOUSEHOLD, DIM_PERSON, DIM_DATE,
      DIM_INCOME_SOURCE, DIM_INTERVENTION_TYPE, DIM_DEPARTMENT, FACT_HOUSEHOLD_INCOME,
      BRIDGE_INCOME_EVIDENCE, FACT_INTERVENTION, FACT_EMPLOYMENT, FACT_SUBSIDY_PAYMENT, FACT_ASSISTANCE);

  /**
   * The dimensions built from {@code conf/} alone (no silver row reaches them): an incremental
   * build, which runs only with the settings of the build before, finds them as they are.
   */
  public static final List<GoldTable> FROM_SETTINGS = List.of(DIM_REGION, DIM_INCOME_SOURCE, DIM_INTERVENTION_TYPE,
      DIM_DEPARTMENT);

  public static GoldTable table(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("unknown gold table '" + name + "'"));
  }

  private static GoldTable table(String name, Kind kind, String description, GoldColumn... columns) {
    return new GoldTable(name, kind, description, List.of(columns));
  }

  private static GoldColumn req(String name, DataType type, String description) {
    return new GoldColumn(name, type, false, description);
  }

  private static GoldColumn opt(String name, DataType type, String description) {
    return new GoldColumn(name, type, true, description);
  }
}
