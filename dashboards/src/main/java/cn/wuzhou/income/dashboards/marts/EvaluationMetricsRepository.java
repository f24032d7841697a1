package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_EVALUATION_METRICS;

import cn.wuzhou.income.dashboards.db.tables.records.MartEvaluationMetricsRecord;
import java.util.List;
import org.jooq.DSLContext;

/** Queries of the evaluation indicators E01..E13 (考核评价指标) mart. */
public final class EvaluationMetricsRepository extends MartRepository {
  public EvaluationMetricsRepository(DSLContext dsl) {
    super(dsl, MART_EVALUATION_METRICS);
  }

  /** Every indicator of one region over all periods, by indicator then period (the 总览 cards). */
  public List<MartEvaluationMetricsRecord> series(String regionLevel, String region) {
    return dsl.selectFrom(MART_EVALUATION_METRICS)
        .where(MART_EVALUATION_METRICS.REGION_LEVEL.eq(regionLevel))
        .and(MART_EVALUATION_METRICS.REGION.eq(region))
        .orderBy(MART_EVALUATION_METRICS.INDICATOR_CODE, MART_EVALUATION_METRICS.YEAR,
            MART_EVALUATION_METRICS.QUARTER)
        .fetch();
  }
}
