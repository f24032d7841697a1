package cn.wuzhou.income.etl.common;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createDecimalType;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The declared schemas of the silver layer: the contract between ingest (which writes them) and
 * the gold and mart jobs (which read them). Never inferred.
 *
 * <p>Conventions: {@code period} is the delivery period ({@code YYYY-MM} or {@code YYYY-Qn}) a
 * row came from, so a resubmitted feed-period replaces exactly its rows; {@code delivery_id} is
 * the lineage to {@code deliveries}; {@code person_id} is the keyed pseudonym (HMAC-SHA-256,
 * lower-case hex) of an ID number: no raw ID number exists past bronze. Money is
 * {@code DECIMAL(18,2)} yuan. Months are {@code YYYY-MM} strings.
 */
public final class SilverSchemas {
  /** Money: yuan with 2 decimals. */
  public static final DataType MONEY = createDecimalType(18, 2);

  private SilverSchemas() {}

  /** The rows of {@code rows} whose month ({@code monthColumn}, YYYY-MM) lies in {@code year} or later. */
  public static Dataset<Row> fromYear(Dataset<Row> rows, String monthColumn, int year) {
    return rows.filter(functions.col(monthColumn).geq(String.format("%04d-01", year)));
  }

  /** One row per household per delivered monthly snapshot of {@code agri_households}. */
  public static final StructType HOUSEHOLD_MONTHS = schema(
      req("month", StringType), req("household_id", StringType), req("head_person_id", StringType),
      req("head_name_masked", StringType), req("county", StringType), req("township", StringType),
      req("village", StringType), req("household_type", StringType), req("household_size", IntegerType),
      opt("helper_level", StringType), opt("risk_eliminated", BooleanType),
      req("period", StringType), req("delivery_id", StringType));

  /**
   * {@code silver_households}: the registry as a slowly changing dimension, type 2. A version is
   * valid for snapshot months {@code valid_from <= month < valid_to} ({@code valid_to} null while
   * current); a household absent from a snapshot closes its version at that month.
   */
  public static final StructType HOUSEHOLDS = schema(
      req("household_id", StringType), req("valid_from", StringType), opt("valid_to", StringType),
      req("is_current", BooleanType), req("head_person_id", StringType),
      req("head_name_masked", StringType), req("county", StringType), req("township", StringType),
      req("village", StringType), req("household_type", StringType), req("household_size", IntegerType),
      opt("helper_level", StringType), opt("risk_eliminated", BooleanType), req("delivery_id", StringType));

  /** {@code silver_members}: one row per person per delivered monthly snapshot. */
  public static final StructType MEMBERS = schema(
      req("month", StringType), req("household_id", StringType), req("person_id", StringType),
      req("relation", StringType), req("gender", StringType), req("birth_date", DateType),
      req("labor_capacity", StringType), req("willing_to_work", BooleanType),
      req("in_school", BooleanType), req("period", StringType), req("delivery_id", StringType));

  /** {@code silver_income_survey}: year-to-date amounts per household and quarter. */
  public static final StructType INCOME_SURVEY = schema(
      req("year", IntegerType), req("quarter", IntegerType), req("household_id", StringType),
      req("wage_income", MONEY), req("operating_revenue", MONEY), req("operating_cost", MONEY),
      req("property_income", MONEY), req("transfer_income", MONEY), req("compliant_expense", MONEY),
      req("reported_per_capita", MONEY), req("period", StringType), req("delivery_id", StringType));

  /** {@code silver_interventions}: intervention events of the measure catalogue. */
  public static final StructType INTERVENTIONS = schema(
      req("record_id", StringType), req("household_id", StringType), opt("person_id", StringType),
      req("measure", StringType), req("event_date", DateType), req("amount", MONEY),
      opt("project", StringType), req("period", StringType), req("delivery_id", StringType));

  /** {@code silver_employment}: one row per person-month of work. */
  public static final StructType EMPLOYMENT = schema(
      req("record_id", StringType), req("person_id", StringType), req("work_month", StringType),
      req("employment_form", StringType), req("monthly_income", MONEY), opt("employer", StringType),
      opt("location", StringType), req("period", StringType), req("delivery_id", StringType));

  /** {@code silver_assistance}: social-assistance entitlements per month. */
  public static final StructType ASSISTANCE = schema(
      req("record_id", StringType), req("person_id", StringType), req("assistance_type", StringType),
      req("aid_month", StringType), req("basis", StringType), req("amount", MONEY),
      req("period", StringType), req("delivery_id", StringType));

  /** {@code silver_payments}: 一卡通 payments by due month, latest state. */
  public static final StructType PAYMENTS = schema(
      req("payment_id", StringType), req("person_id", StringType), req("subsidy_item", StringType),
      req("department", StringType), req("amount_due", MONEY), opt("amount_paid", MONEY),
      req("due_date", DateType), opt("paid_date", DateType), req("status", StringType),
      req("period", StringType), req("delivery_id", StringType));

  /** {@code deliveries}: one row per received feed-period delivery (interfaces.md). */
  public static final StructType DELIVERIES = schema(
      req("feed", StringType), req("period", StringType), req("delivery_id", StringType),
      req("files", StringType), req("checksum", StringType), req("rows_received", IntegerType),
      req("rows_loaded", IntegerType), req("rows_quarantined", IntegerType), req("status", StringType),
      opt("message", StringType), req("received_at", TimestampType));

  /** {@code quarantine}: one row per rejected row (interfaces.md). */
  public static final StructType QUARANTINE = schema(
      req("feed", StringType), req("period", StringType), req("delivery_id", StringType),
      req("file", StringType), req("line_number", IntegerType), req("reason", StringType),
      req("raw_line", StringType));

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField req(String name, DataType type) {
    return new StructField(name, type, false, Metadata.empty());
  }

  private static StructField opt(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }
}
