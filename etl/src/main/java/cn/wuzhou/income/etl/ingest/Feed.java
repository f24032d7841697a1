package cn.wuzhou.income.etl.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The seven department feeds of {@code feeds.md}: their columns (Chinese name, English key, kind
 * of value and rule) in contract order, the key that must be unique within a delivery, and the
 * silver table each one fills.
 */
public enum Feed {
  AGRI_HOUSEHOLDS("agri_households", false, "household_id", "silver_household_months",
      col("户编号", "household_id", Kind.TEXT),
      col("户主身份证号", "head_id_number", Kind.ID),
      col("户主姓名", "head_name", Kind.TEXT),
      col("县区", "county", Kind.TEXT),
      col("乡镇", "township", Kind.TEXT),
      col("行政村", "village", Kind.TEXT),
      col("户类型", "household_type", Kind.ENUM),
      col("家庭人口数", "household_size", Kind.COUNT),
      col("帮扶责任人层级", "helper_level", Kind.ENUM).allowEmpty(),
      col("风险是否消除", "risk_eliminated", Kind.YES_NO).allowEmpty(),
      col("联系电话", "phone", Kind.TEXT).asOptionalColumn()),
  AGRI_MEMBERS("agri_members", false, "id_number", "silver_members",
      col("户编号", "household_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("姓名", "name", Kind.TEXT),
      col("与户主关系", "relation", Kind.ENUM),
      col("性别", "gender", Kind.ENUM),
      col("出生日期", "birth_date", Kind.DATE),
      col("劳动技能", "labor_capacity", Kind.ENUM),
      col("务工意愿", "willing_to_work", Kind.YES_NO),
      col("在校生", "in_school", Kind.YES_NO)),
  AGRI_INCOME_SURVEY("agri_income_survey", true, "household_id", "silver_income_survey",
      col("户编号", "household_id", Kind.TEXT),
      col("工资性收入", "wage_income", Kind.MONEY),
      col("生产经营性收入", "operating_revenue", Kind.MONEY),
      col("生产经营性支出", "operating_cost", Kind.MONEY),
      col("财产性收入", "property_income", Kind.MONEY),
      col("转移性收入", "transfer_income", Kind.MONEY),
      col("合规自付支出", "compliant_expense", Kind.MONEY),
      col("人均纯收入", "reported_per_capita", Kind.MONEY).allowNegative()),
  AGRI_INTERVENTIONS("agri_interventions", false, "record_id", "silver_interventions",
      col("记录编号", "record_id", Kind.TEXT),
      col("户编号", "household_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID).asOptionalColumn().allowEmpty(),
      col("措施类型", "measure", Kind.ENUM),
      col("发生日期", "event_date", Kind.DATE).insidePeriod(),
      col("金额", "amount", Kind.MONEY),
      col("项目名称", "project", Kind.TEXT).asOptionalColumn().allowEmpty()),
  HRSS_EMPLOYMENT("hrss_employment", false, "record_id", "silver_employment",
      col("记录编号", "record_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("就业月份", "work_month", Kind.MONTH).insidePeriod(),
      col("就业形式", "employment_form", Kind.ENUM),
      col("月收入", "monthly_income", Kind.MONEY),
      col("用工单位", "employer", Kind.TEXT).asOptionalColumn().allowEmpty(),
      col("就业地点", "location", Kind.TEXT).asOptionalColumn().allowEmpty()),
  CIVIL_ASSISTANCE("civil_assistance", false, "record_id", "silver_assistance",
      col("记录编号", "record_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("救助类型", "assistance_type", Kind.ENUM),
      col("救助月份", "aid_month", Kind.MONTH).insidePeriod(),
      col("救助方式", "basis", Kind.ENUM),
      col("金额", "amount", Kind.MONEY)),
  FINANCE_PAYMENTS("finance_payments", false, "payment_id", "silver_payments",
      col("发放流水号", "payment_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("补贴项目", "subsidy_item", Kind.ENUM),
      col("主管部门", "department", Kind.ENUM),
      col("应发金额", "amount_due", Kind.MONEY).aboveZero(),
      col("实发金额", "amount_paid", Kind.MONEY).allowEmpty(),
      col("应发日期", "due_date", Kind.DATE).insidePeriod(),
      col("实发日期", "paid_date", Kind.DATE).allowEmpty(),
      col("发放状态", "status", Kind.ENUM));

  /** What a column holds, which decides how it is parsed and which reason code its failure gets. */
  public enum Kind { TEXT, ID, ENUM, YES_NO, MONEY, COUNT, DATE, MONTH }

  /**
   * One column of a feed.
   *
   * @param optionalColumn the header may lack it
   * @param mayBeEmpty an empty value is not {@code MISSING_VALUE}
   * @param mayBeNegative money below zero is accepted
   * @param positive money must be above zero
   * @param inPeriod the date lies inside (or the month equals) the delivery period
   */
  public record Column(String chinese, String key, Kind kind, boolean optionalColumn,
      boolean mayBeEmpty, boolean mayBeNegative, boolean positive, boolean inPeriod) {
    Column asOptionalColumn() {
      return new Column(chinese, key, kind, true, mayBeEmpty, mayBeNegative, positive, inPeriod);
    }

    Column allowEmpty() {
      return new Column(chinese, key, kind, optionalColumn, true, mayBeNegative, positive, inPeriod);
    }

    Column allowNegative() {
      return new Column(chinese, key, kind, optionalColumn, mayBeEmpty, true, positive, inPeriod);
    }

    Column aboveZero() {
      return new Column(chinese, key, kind, optionalColumn, mayBeEmpty, mayBeNegative, true, inPeriod);
    }

    Column insidePeriod() {
      return new Column(chinese, key, kind, optionalColumn, mayBeEmpty, mayBeNegative, positive, true);
    }
  }

  private final String feedName;
  private final boolean quarterly;
  private final String uniqueKey;
  private final String silverTable;
  private final List<Column> columns;

  Feed(String feedName, boolean quarterly, String uniqueKey, String silverTable, Column... columns) {
    this.feedName = feedName;
    this.quarterly = quarterly;
    this.uniqueKey = uniqueKey;
    this.silverTable = silverTable;
    this.columns = List.of(columns);
  }

  private static Column col(String chinese, String key, Kind kind) {
    return new Column(chinese, key, kind, false, false, false, false, false);
  }

  /** The folder name in the landing zone, e.g. {@code agri_households}. */
  public String feedName() {
    return feedName;
  }

  /** True for the quarterly feed (period {@code YYYY-Qn}); false for monthly ones ({@code YYYY-MM}). */
  public boolean quarterly() {
    return quarterly;
  }

  /** The key occurring at most once per delivery ({@code DUPLICATE_KEY} otherwise). */
  public String uniqueKey() {
    return uniqueKey;
  }

  public String silverTable() {
    return silverTable;
  }

  public String bronzeTable() {
    return "bronze_" + feedName;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> keys() {
    return columns.stream().map(Column::key).toList();
  }

  /** Index of the column with {@code key}; -1 if none. */
  public int indexOf(String key) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).key().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** The column a header cell names: Chinese name or English key. */
  public Optional<Column> columnForHeader(String header) {
    return columns.stream().filter(c -> c.chinese().equals(header) || c.key().equals(header)).findFirst();
  }

  public static Optional<Feed> byName(String name) {
    return Arrays.stream(values()).filter(f -> f.feedName.equals(name)).findFirst();
  }

  /** True when {@code period} is a well-formed period of this feed. */
  public boolean isPeriod(String period) {
    return quarterly ? period.matches("20\\d\\d-Q[1-4]") : period.matches("20\\d\\d-(0[1-9]|1[0-2])");
  }
}
