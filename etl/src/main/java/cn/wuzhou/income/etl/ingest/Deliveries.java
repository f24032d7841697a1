package cn.wuzhou.income.etl.ingest;

import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The {@code deliveries} table: one row per received feed-period delivery, status {@code loaded},
 * {@code replaced} or {@code rejected}. Small (feeds x periods), so it is read whole and written
 * whole; its write is the last step of an ingest, the commit marker of the run.
 */
public final class Deliveries {
  public static final String TABLE = "deliveries";
  public static final String LOADED = "loaded";
  public static final String REPLACED = "replaced";
  public static final String REJECTED = "rejected";

  private Deliveries() {}

  /** One row of {@code deliveries}. */
  public record Delivery(String feed, String period, String deliveryId, String files, String checksum,
      int rowsReceived, int rowsLoaded, int rowsQuarantined, String status, String message, Timestamp receivedAt) {
    Row toRow() {
      return RowFactory.create(feed, period, deliveryId, files, checksum, rowsReceived, rowsLoaded,
          rowsQuarantined, status, message, receivedAt);
    }

    static Delivery of(Row r) {
      return new Delivery(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
          r.getInt(5), r.getInt(6), r.getInt(7), r.getString(8), r.isNullAt(9) ? null : r.getString(9),
          r.getTimestamp(10));
    }

    Delivery withStatus(String newStatus) {
      return new Delivery(feed, period, deliveryId, files, checksum, rowsReceived, rowsLoaded, rowsQuarantined,
          newStatus, message, receivedAt);
    }

    Delivery withCounts(int received, int loaded, int quarantined) {
      return new Delivery(feed, period, deliveryId, files, checksum, received, loaded, quarantined, status,
          message, receivedAt);
    }
  }

  public static List<Delivery> read(WarehouseTables tables) {
    if (!tables.exists(TABLE)) {
      return new ArrayList<>();
    }
    List<Delivery> out = new ArrayList<>();
    tables.read(TABLE).selectExpr(SilverSchemas.DELIVERIES.fieldNames()).collectAsList().forEach(r -> out.add(Delivery.of(r)));
    return out;
  }

  /** Replaces the whole table in one commit. */
  public static void write(WarehouseTables tables, List<Delivery> deliveries) {
    List<Row> rows = deliveries.stream()
        .sorted(Comparator.comparing(Delivery::feed).thenComparing(Delivery::period).thenComparing(Delivery::receivedAt))
        .map(Delivery::toRow).toList();
    tables.overwrite(TABLE, tables.spark().createDataFrame(rows, SilverSchemas.DELIVERIES));
  }

  /** The most recent delivery of a feed-period (any status), if any. */
  public static Optional<Delivery> latest(List<Delivery> log, String feed, String period) {
    return log.stream().filter(d -> d.feed().equals(feed) && d.period().equals(period))
        .max(Comparator.comparing(Delivery::receivedAt).thenComparing(d -> !d.status().equals(REPLACED)));
  }

  /** The delivery whose rows are in silver for a feed-period, if any. */
  public static Optional<Delivery> current(List<Delivery> log, String feed, String period) {
    return log.stream().filter(d -> d.feed().equals(feed) && d.period().equals(period) && d.status().equals(LOADED))
        .findFirst();
  }
}
