package cn.wuzhou.income.etl.generate;

import java.util.List;

/**
 * The seven department feeds of {@code feeds.md} as the generator writes them: folder name,
 * columns (Chinese header name and English key) in the contract's order, and the key column
 * that must be unique within a feed-period delivery.
 */
public enum Feed {
  AGRI_HOUSEHOLDS("agri_households", false, "household_id",
      col("户编号", "household_id", Kind.TEXT),
      col("户主身份证号", "head_id_number", Kind.ID),
      col("户主姓名", "head_name", Kind.TEXT),
      col("县区", "county", Kind.REGION),
      col("乡镇", "township", Kind.REGION),
      col("行政村", "village", Kind.TEXT),
      col("户类型", "household_type", Kind.ENUM),
      col("家庭人口数", "household_size", Kind.COUNT),
      col("帮扶责任人层级", "helper_level", Kind.OPTIONAL),
      col("风险是否消除", "risk_eliminated", Kind.OPTIONAL),
      col("联系电话", "phone", Kind.OPTIONAL)),
  AGRI_MEMBERS("agri_members", false, "id_number",
      col("户编号", "household_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("姓名", "name", Kind.TEXT),
      col("与户主关系", "relation", Kind.ENUM),
      col("性别", "gender", Kind.ENUM),
      col("出生日期", "birth_date", Kind.DATE),
      col("劳动技能", "labor_capacity", Kind.ENUM),
      col("务工意愿", "willing_to_work", Kind.YES_NO),
      col("在校生", "in_school", Kind.YES_NO)),
  AGRI_INCOME_SURVEY("agri_income_survey", true, "household_id",
      col("户编号", "household_id", Kind.TEXT),
      col("工资性收入", "wage_income", Kind.MONEY),
      col("生产经营性收入", "operating_revenue", Kind.MONEY),
      col("生产经营性支出", "operating_cost", Kind.MONEY),
      col("财产性收入", "property_income", Kind.MONEY),
      col("转移性收入", "transfer_income", Kind.MONEY),
      col("合规自付支出", "compliant_expense", Kind.MONEY),
      col("人均纯收入", "reported_per_capita", Kind.SIGNED_MONEY)),
  AGRI_INTERVENTIONS("agri_interventions", false, "record_id",
      col("记录编号", "record_id", Kind.TEXT),
      col("户编号", "household_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.OPTIONAL_ID),
      col("措施类型", "measure", Kind.ENUM),
      col("发生日期", "event_date", Kind.PERIOD_DATE),
      col("金额", "amount", Kind.MONEY),
      col("项目名称", "project", Kind.OPTIONAL)),
  HRSS_EMPLOYMENT("hrss_employment", false, "record_id",
      col("记录编号", "record_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("就业月份", "work_month", Kind.PERIOD_MONTH),
      col("就业形式", "employment_form", Kind.ENUM),
      col("月收入", "monthly_income", Kind.MONEY),
      col("用工单位", "employer", Kind.OPTIONAL),
      col("就业地点", "location", Kind.OPTIONAL)),
  CIVIL_ASSISTANCE("civil_assistance", false, "record_id",
      col("记录编号", "record_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("救助类型", "assistance_type", Kind.ENUM),
      col("救助月份", "aid_month", Kind.PERIOD_MONTH),
      col("救助方式", "basis", Kind.ENUM),
      col("金额", "amount", Kind.SIGNED_MONEY)),
  FINANCE_PAYMENTS("finance_payments", false, "payment_id",
      col("发放流水号", "payment_id", Kind.TEXT),
      col("身份证号", "id_number", Kind.ID),
      col("补贴项目", "subsidy_item", Kind.TEXT),
      col("主管部门", "department", Kind.TEXT),
      col("应发金额", "amount_due", Kind.POSITIVE_MONEY),
      col("实发金额", "amount_paid", Kind.OPTIONAL),
      col("应发日期", "due_date", Kind.PERIOD_DATE),
      col("实发日期", "paid_date", Kind.OPTIONAL),
      col("发放状态", "status", Kind.ENUM));

  /**
   * What a column holds, as far as fault injection needs to know: which values are required,
   * which are checked as enum, ID, money, date, period or region.
   */
  public enum Kind {
    TEXT, ID, OPTIONAL_ID, ENUM, YES_NO, COUNT, MONEY, SIGNED_MONEY, POSITIVE_MONEY, DATE,
    PERIOD_DATE, PERIOD_MONTH, REGION, OPTIONAL;

    /** An empty value is {@code MISSING_VALUE}. */
    public boolean required() {
      return this != OPTIONAL && this != OPTIONAL_ID;
    }
  }

  /** One column: header name, English alias, kind. */
  public record Column(String chinese, String key, Kind kind) {}

  private final String folder;
  private final boolean quarterly;
  private final String keyColumn;
  private final List<Column> columns;

  Feed(String folder, boolean quarterly, String keyColumn, Column... columns) {
    this.folder = folder;
    this.quarterly = quarterly;
    this.keyColumn = keyColumn;
    this.columns = List.of(columns);
  }

  private static Column col(String chinese, String key, Kind kind) {
    return new Column(chinese, key, kind);
  }

  /** The folder name under the landing zone, e.g. {@code agri_households}. */
  public String folder() {
    return folder;
  }

  /** True for the quarterly survey (period {@code YYYY-Qn}). */
  public boolean quarterly() {
    return quarterly;
  }

  public List<Column> columns() {
    return columns;
  }

  /** Position of a column by English key. */
  public int index(String key) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).key().equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException(folder + " has no column " + key);
  }

  public int keyIndex() {
    return index(keyColumn);
  }
}
