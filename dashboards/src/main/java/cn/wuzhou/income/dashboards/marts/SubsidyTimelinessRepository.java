package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_SUBSIDY_TIMELINESS;

import org.jooq.DSLContext;

/** Queries of the subsidy timeliness (补贴发放及时性) mart. */
public final class SubsidyTimelinessRepository extends MartRepository {
  public SubsidyTimelinessRepository(DSLContext dsl) {
    super(dsl, MART_SUBSIDY_TIMELINESS);
  }
}
