package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_QUINTILE_TREND;

import org.jooq.DSLContext;

/** Queries of the quintile trend (五等份收入趋势) mart. */
public final class QuintileTrendRepository extends MartRepository {
  public QuintileTrendRepository(DSLContext dsl) {
    super(dsl, MART_QUINTILE_TREND);
  }
}
