package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.col;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Which periods the marts cover and which snapshot month each one reads (metrics.md, "Snapshot
 * of a period"). Plain values computed once from {@code deliveries}.
 *
 * @param surveyPeriods every (year, quarter) with a loaded {@code agri_income_survey} delivery
 * @param householdMonths delivered {@code agri_households} months (YYYY-MM)
 * @param memberMonths delivered {@code agri_members} months (YYYY-MM)
 * @param monthlyMonths delivered months of every monthly feed (for the default as-of date)
 */
public record Periods(NavigableSet<YearQuarter> surveyPeriods, NavigableSet<String> householdMonths,
    NavigableSet<String> memberMonths, NavigableSet<String> monthlyMonths) {

  /** One period. */
  public record YearQuarter(int year, int quarter) implements Comparable<YearQuarter> {
    @Override
    public int compareTo(YearQuarter o) {
      return year != o.year ? Integer.compare(year, o.year) : Integer.compare(quarter, o.quarter);
    }

    /** The quarter holding month {@code month} (1..12) of {@code year}. */
    public static YearQuarter ofMonth(int year, int month) {
      return new YearQuarter(year, (month + 2) / 3);
    }

    /** The quarter holding {@code month}. */
    public static YearQuarter of(java.time.YearMonth month) {
      return ofMonth(month.getYear(), month.getMonthValue());
    }

    /** Y-Qq, as in the progress lines. */
    @Override
    public String toString() {
      return year + "-Q" + quarter;
    }

    /** Quarter-start month, YYYY-MM. */
    public String startMonth() {
      return String.format("%04d-%02d", year, 3 * quarter - 2);
    }

    /** Quarter-end month, YYYY-MM. */
    public String endMonth() {
      return String.format("%04d-%02d", year, 3 * quarter);
    }
  }

  public static final StructType SCHEMA = new StructType()
      .add("year", DataTypes.IntegerType, false).add("quarter", DataTypes.IntegerType, false)
      .add("hh_month", DataTypes.StringType, true).add("mem_month", DataTypes.StringType, true);

  /** Reads the delivered feed-periods (status {@code loaded}) of a {@code deliveries} frame. */
  public static Periods fromDeliveries(Dataset<Row> deliveries) {
    NavigableSet<YearQuarter> survey = new TreeSet<>();
    NavigableSet<String> hh = new TreeSet<>();
    NavigableSet<String> mem = new TreeSet<>();
    NavigableSet<String> monthly = new TreeSet<>();
    for (Row r : deliveries.filter(col("status").equalTo("loaded")).select("feed", "period").distinct().collectAsList()) {
      String feed = r.getString(0);
      String period = r.getString(1);
      if (feed.equals("agri_income_survey")) {
        if (period.matches("\\d{4}-Q[1-4]")) {
          quarterOf(period).ifPresent(survey::add);
        }
      } else if (period.matches("\\d{4}-\\d{2}")) {
        monthly.add(period);
        if (feed.equals("agri_households")) {
          hh.add(period);
        } else if (feed.equals("agri_members")) {
          mem.add(period);
        }
      }
    }
    return new Periods(survey, hh, mem, monthly);
  }

  /** Month {@code month} if delivered, else the latest earlier delivered month of the same year. */
  public static Optional<String> sameYearSnapshot(NavigableSet<String> delivered, String month) {
    String m = delivered.floor(month);
    return m != null && m.substring(0, 4).equals(month.substring(0, 4)) ? Optional.of(m) : Optional.empty();
  }

  /** Month {@code month} if delivered, else the latest earlier delivered month of any year. */
  public static Optional<String> anyYearSnapshot(NavigableSet<String> delivered, String month) {
    return Optional.ofNullable(delivered.floor(month));
  }

  /** {@code year, quarter, hh_month, mem_month} for every survey period. */
  public Dataset<Row> periodFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (YearQuarter p : surveyPeriods) {
      rows.add(RowFactory.create(p.year(), p.quarter(),
          sameYearSnapshot(householdMonths, p.endMonth()).orElse(null),
          sameYearSnapshot(memberMonths, p.endMonth()).orElse(null)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * The distinct non-null values of {@code column} in {@code frame}, a small local frame such as
   * {@link #periodFrame} (collected on the driver, with no Spark job): for a listed filter, which
   * Delta answers by skipping the files whose statistics exclude every value.
   */
  public static Object[] listed(Dataset<Row> frame, String column) {
    return frame.select(column).collectAsList().stream().map(r -> r.get(0)).filter(Objects::nonNull).distinct()
        .toArray();
  }

  /** {@code month, hh_month, mem_month} (any-year fall-back) for each of {@code months}. */
  public Dataset<Row> monthFrame(SparkSession spark, Set<String> months) {
    List<Row> rows = new ArrayList<>();
    for (String m : new TreeSet<>(months)) {
      rows.add(RowFactory.create(m, anyYearSnapshot(householdMonths, m).orElse(null),
          anyYearSnapshot(memberMonths, m).orElse(null)));
    }
    return spark.createDataFrame(rows, new StructType().add("month", DataTypes.StringType, false)
        .add("hh_month", DataTypes.StringType, true).add("mem_month", DataTypes.StringType, true));
  }

  /**
   * The periods a build that recomputes every period from {@code first} on reads: those periods,
   * the same quarter of the year before each (prior-year values) and the fourth quarter of the
   * year before each (its base quintiles). Nothing a period's marts read lies further back.
   */
  public Periods from(YearQuarter first) {
    NavigableSet<YearQuarter> kept = new TreeSet<>();
    for (YearQuarter p : surveyPeriods.tailSet(first, true)) {
      kept.add(p);
      kept.add(new YearQuarter(p.year() - 1, p.quarter()));
      kept.add(new YearQuarter(p.year() - 1, 4));
    }
    kept.retainAll(surveyPeriods);
    return new Periods(kept, householdMonths, memberMonths, monthlyMonths);
  }

  /** The survey periods from {@code first} on and before {@code end} (when given), alone. */
  public Periods between(YearQuarter first, Optional<YearQuarter> end) {
    NavigableSet<YearQuarter> kept = new TreeSet<>(surveyPeriods.tailSet(first, true));
    end.ifPresent(e -> kept.removeIf(p -> p.compareTo(e) >= 0));
    return new Periods(kept, householdMonths, memberMonths, monthlyMonths);
  }

  /** The quarter of a feed period: {@code YYYY-MM} or {@code YYYY-Qn}; empty for anything else. */
  public static Optional<YearQuarter> quarterOf(String period) {
    return firstMonth(period).map(YearQuarter::of);
  }

  /** The first month of a feed period: the month itself, or a quarter's first month; empty for anything else. */
  public static Optional<YearMonth> firstMonth(String period) {
    if (period.matches("\\d{4}-Q[1-4]")) {
      return Optional.of(YearMonth.of(Integer.parseInt(period.substring(0, 4)), (period.charAt(6) - '0') * 3 - 2));
    }
    if (period.matches("\\d{4}-(0[1-9]|1[0-2])")) {
      return Optional.of(YearMonth.parse(period));
    }
    return Optional.empty();
  }

  /** Default as-of date: the last day of the latest month delivered in any monthly feed. */
  public Optional<java.time.LocalDate> defaultAsOf() {
    return monthlyMonths.isEmpty() ? Optional.empty()
        : Optional.of(YearMonth.parse(monthlyMonths.last()).atEndOfMonth());
  }
}
