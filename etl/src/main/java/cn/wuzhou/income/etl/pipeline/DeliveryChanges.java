package cn.wuzhou.income.etl.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.ingest.Feed;
import cn.wuzhou.income.etl.marts.Periods;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the derived stages rebuild from: the feed-periods whose loaded delivery differs between
 * the {@code deliveries} version a stage last built from and now (new, resubmitted or
 * withdrawn). Every silver row lies in its delivery's period (feeds.md: dates and months inside
 * the period), so the silver rows that changed are those of these periods.
 */
public final class DeliveryChanges {
  public static final String TABLE = "deliveries";

  private DeliveryChanges() {}

  /** One feed's period ({@code YYYY-MM} or {@code YYYY-Qn}). */
  public record FeedPeriod(String feed, String period) implements Comparable<FeedPeriod> {
    @Override
    public int compareTo(FeedPeriod o) {
      int c = period.compareTo(o.period);
      return c != 0 ? c : feed.compareTo(o.feed);
    }
  }

  /**
   * The feed-periods whose loaded delivery changed between version {@code version} of
   * {@code deliveries} and {@code now}; empty when that version can no longer be read.
   */
  public static Optional<Set<FeedPeriod>> since(WarehouseTables tables, long version, Dataset<Row> now) {
    Set<String> before;
    try {
      before = loaded(tables.spark().read().format("delta").option("versionAsOf", version)
          .load(tables.path(TABLE)));
    } catch (Exception e) {
      // Delta's VersionNotFoundException is a (Scala, so undeclared) AnalysisException.
      return Optional.empty();
    }
    Set<String> after = loaded(now);
    Set<String> both = new HashSet<>(before);
    both.retainAll(after);
    Set<FeedPeriod> changed = new TreeSet<>();
    for (Set<String> side : List.of(before, after)) {
      side.stream().filter(d -> !both.contains(d)).forEach(d -> {
        String[] parts = d.split("\\|");
        changed.add(new FeedPeriod(parts[0], parts[1]));
      });
    }
    return Optional.of(changed);
  }

  /**
   * The earliest month {@code changes} reach: the first month of each changed feed-period (a
   * survey quarter's first month) and, for changed {@code finance_payments} periods, the earliest
   * month any of their payments was paid ({@link #earliestPaidMonth}); empty when nothing changed.
   *
   * @throws IllegalArgumentException naming a period that is neither {@code YYYY-MM} nor {@code YYYY-Qn}
   */
  public static Optional<YearMonth> earliestMonth(WarehouseTables tables, Set<FeedPeriod> changes,
      String silverPayments, Long paymentsVersion) {
    YearMonth from = null;
    Set<String> payments = new TreeSet<>();
    for (FeedPeriod changed : changes) {
      YearMonth first = Periods.firstMonth(changed.period()).orElseThrow(() -> new IllegalArgumentException(
          "delivery period " + changed.period() + " is not a month or quarter"));
      from = from == null || first.isBefore(from) ? first : from;
      if (changed.feed().equals(Feed.FINANCE_PAYMENTS.feedName())) {
        payments.add(changed.period());
      }
    }
    Optional<YearMonth> paid = earliestPaidMonth(tables, silverPayments, paymentsVersion, payments);
    if (paid.isPresent() && paid.get().isBefore(from)) {
      from = paid.get();
    }
    return Optional.ofNullable(from);
  }

  /**
   * The earliest month in which a payment of the given due-month {@code periods} of
   * {@code silver_payments} was paid, in the version {@code version} or now: a payment can be
   * paid before its due month, and evidence counts payments by the month paid. Empty when none.
   * When that version can no longer be read, the earliest paid month of every payment.
   */
  public static Optional<YearMonth> earliestPaidMonth(WarehouseTables tables, String silverPayments, Long version,
      Set<String> periods) {
    if (periods.isEmpty() || !tables.exists(silverPayments)) {
      return Optional.empty();
    }
    Dataset<Row> rows = tables.read(silverPayments).filter(col("period").isin(periods.toArray()));
    if (version != null && version >= 0) {
      try {
        rows = rows.unionByName(tables.spark().read().format("delta").option("versionAsOf", version)
            .load(tables.path(silverPayments)).filter(col("period").isin(periods.toArray())));
      } catch (Exception e) {
        // That version is gone: the earliest payment of all bounds what it could have held.
        rows = tables.read(silverPayments);
      }
    }
    Row first = rows.agg(min("paid_date")).first();
    return first.isNullAt(0) ? Optional.empty()
        : Optional.of(YearMonth.from(first.getDate(0).toLocalDate()));
  }

  /** {@code feed|period|delivery_id} of every loaded delivery. */
  private static Set<String> loaded(Dataset<Row> deliveries) {
    Set<String> out = new HashSet<>();
    for (Row r : deliveries.filter(col("status").equalTo("loaded")).select("feed", "period", "delivery_id")
        .collectAsList()) {
      out.add(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2));
    }
    return out;
  }
}
