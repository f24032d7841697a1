package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_DECLINING_HOUSEHOLDS;

import cn.wuzhou.income.dashboards.db.tables.records.MartDecliningHouseholdsRecord;
import java.util.List;
import org.jooq.DSLContext;

/** Queries of the declining and below-line households (收入下降及低于监测线户) mart. */
public final class DecliningHouseholdsRepository extends MartRepository {
  public DecliningHouseholdsRepository(DSLContext dsl) {
    super(dsl, MART_DECLINING_HOUSEHOLDS);
  }

  /** Every period of one household, oldest first (the drill-down of the 收入下降户 page). */
  public List<MartDecliningHouseholdsRecord> history(String householdId) {
    return dsl.selectFrom(MART_DECLINING_HOUSEHOLDS)
        .where(MART_DECLINING_HOUSEHOLDS.HOUSEHOLD_ID.eq(householdId))
        .orderBy(MART_DECLINING_HOUSEHOLDS.YEAR, MART_DECLINING_HOUSEHOLDS.QUARTER)
        .fetch();
  }
}
