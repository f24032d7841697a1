package cn.wuzhou.income.dashboards.quality;

import static cn.wuzhou.income.dashboards.db.Tables.DELIVERIES;
import static cn.wuzhou.income.dashboards.db.Tables.PUBLICATIONS;
import static cn.wuzhou.income.dashboards.db.Tables.QUARANTINE_COUNTS;

import cn.wuzhou.income.dashboards.db.tables.records.DeliveriesRecord;
import cn.wuzhou.income.dashboards.db.tables.records.PublicationsRecord;
import cn.wuzhou.income.dashboards.db.tables.records.QuarantineCountsRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The data-quality report (deliveries, quarantine counts) and the latest publication. */
public final class QualityRepository {
  private final DSLContext dsl;

  public QualityRepository(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Deliveries of one feed (or all when null), by feed, period and arrival. */
  public List<DeliveriesRecord> deliveries(String feed) {
    return dsl.selectFrom(DELIVERIES)
        .where(feed == null ? DELIVERIES.FEED.isNotNull() : DELIVERIES.FEED.eq(feed))
        .orderBy(DELIVERIES.FEED, DELIVERIES.PERIOD, DELIVERIES.RECEIVED_AT, DELIVERIES.DELIVERY_ID)
        .fetch();
  }

  public List<QuarantineCountsRecord> quarantineCounts(String feed) {
    return dsl.selectFrom(QUARANTINE_COUNTS)
        .where(feed == null ? QUARANTINE_COUNTS.FEED.isNotNull() : QUARANTINE_COUNTS.FEED.eq(feed))
        .orderBy(QUARANTINE_COUNTS.FEED, QUARANTINE_COUNTS.PERIOD, QUARANTINE_COUNTS.DELIVERY_ID,
            QUARANTINE_COUNTS.REASON)
        .fetch();
  }

  /** The publication readers currently see (the latest), if any publish ran. */
  public Optional<PublicationsRecord> latestPublication() {
    return dsl.selectFrom(PUBLICATIONS).orderBy(PUBLICATIONS.PUBLICATION_ID.desc()).limit(1).fetchOptional();
  }
}
