package cn.wuzhou.income.etl.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The data-quality report of {@code bin/warehouse check}: per feed and period, the latest delivery,
 * its rows received, loaded and quarantined (total and per reason code), and the unmatched people:
 * distinct ID numbers of department feeds found in no members snapshot.
 */
public final class QualityReport {
  /** Department feeds whose people are matched against the members snapshots. */
  private static final List<Feed> PERSON_FEEDS = List.of(Feed.AGRI_INTERVENTIONS, Feed.HRSS_EMPLOYMENT,
      Feed.CIVIL_ASSISTANCE, Feed.FINANCE_PAYMENTS);

  private QualityReport() {}

  /** The report's column names, in order. */
  public static List<String> columns() {
    List<String> cols = new ArrayList<>(List.of("feed", "period", "delivery_id", "status", "rows_received",
        "rows_loaded", "rows_quarantined"));
    Arrays.stream(Reason.values()).forEach(r -> cols.add(r.name().toLowerCase(java.util.Locale.ROOT)));
    cols.add("unmatched_people");
    cols.add("message");
    return cols;
  }

  /** The report rows, sorted by feed and period; empty when nothing was ever delivered. */
  public static Dataset<Row> build(WarehouseTables tables) {
    Dataset<Row> deliveries = tables.readOrEmpty(Deliveries.TABLE, SilverSchemas.DELIVERIES);
    Dataset<Row> latest = deliveries
        .withColumn("rank", org.apache.spark.sql.functions.row_number().over(
            Window.partitionBy("feed", "period").orderBy(col("received_at").desc(),
                when(col("status").equalTo(Deliveries.REPLACED), lit(1)).otherwise(lit(0)))))
        .filter(col("rank").equalTo(1)).drop("rank");
    List<Column> reasonCounts = new ArrayList<>();
    for (Reason r : Reason.values()) {
      reasonCounts.add(count(when(col("reason").equalTo(r.name()), lit(1))).as(r.name().toLowerCase(java.util.Locale.ROOT)));
    }
    Dataset<Row> reasons = tables.readOrEmpty(IngestStage.QUARANTINE, SilverSchemas.QUARANTINE)
        .groupBy("delivery_id").agg(reasonCounts.get(0), reasonCounts.subList(1, reasonCounts.size()).toArray(Column[]::new));
    Dataset<Row> members = tables.readOrEmpty(Feed.AGRI_MEMBERS.silverTable(), SilverSchemas.MEMBERS)
        .select(col("person_id").as("known_person")).distinct();
    Dataset<Row> unmatched = null;
    for (Feed f : PERSON_FEEDS) {
      Dataset<Row> people = tables.readOrEmpty(f.silverTable(), IngestStage.silverSchema(f))
          .filter(col("person_id").isNotNull())
          .join(members, col("person_id").equalTo(col("known_person")), "left_anti")
          .groupBy("delivery_id").agg(countDistinct("person_id").as("unmatched_people"));
      unmatched = unmatched == null ? people : unmatched.unionByName(people);
    }
    Dataset<Row> joined = latest.join(reasons, "delivery_id", "left").join(unmatched, "delivery_id", "left");
    List<Column> out = new ArrayList<>();
    for (String c : columns()) {
      boolean isCount = !List.of("feed", "period", "delivery_id", "status", "message").contains(c);
      out.add(isCount ? org.apache.spark.sql.functions.coalesce(col(c).cast("long"), lit(0L)).as(c) : col(c));
    }
    return joined.select(out.toArray(Column[]::new)).orderBy("feed", "period");
  }
}
