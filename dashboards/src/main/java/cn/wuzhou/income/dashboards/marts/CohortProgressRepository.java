package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_COHORT_PROGRESS;

import org.jooq.DSLContext;

/** Queries of the cohort progress (分组队列收入进展) mart. */
public final class CohortProgressRepository extends MartRepository {
  public CohortProgressRepository(DSLContext dsl) {
    super(dsl, MART_COHORT_PROGRESS);
  }
}
