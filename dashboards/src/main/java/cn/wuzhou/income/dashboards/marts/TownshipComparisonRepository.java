package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_TOWNSHIP_COMPARISON;

import org.jooq.DSLContext;

/** Queries of the township comparison (乡镇对比) mart. */
public final class TownshipComparisonRepository extends MartRepository {
  public TownshipComparisonRepository(DSLContext dsl) {
    super(dsl, MART_TOWNSHIP_COMPARISON);
  }
}
