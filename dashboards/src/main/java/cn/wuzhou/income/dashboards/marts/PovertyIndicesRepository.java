package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_POVERTY_INDICES;

import org.jooq.DSLContext;

/** Queries of the poverty and distribution indices (贫困与收入分配指数) mart. */
public final class PovertyIndicesRepository extends MartRepository {
  public PovertyIndicesRepository(DSLContext dsl) {
    super(dsl, MART_POVERTY_INDICES);
  }
}
