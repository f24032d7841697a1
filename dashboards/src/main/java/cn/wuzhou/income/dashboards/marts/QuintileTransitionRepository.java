package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_QUINTILE_TRANSITION;

import org.jooq.DSLContext;

/** Queries of the quintile transitions (五等份组间流动) mart. */
public final class QuintileTransitionRepository extends MartRepository {
  public QuintileTransitionRepository(DSLContext dsl) {
    super(dsl, MART_QUINTILE_TRANSITION);
  }
}
