package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.MART_INCOME_EVIDENCE;

import cn.wuzhou.income.dashboards.db.tables.records.MartIncomeEvidenceRecord;
import java.util.List;
import org.jooq.DSLContext;

/** Queries of the income evidence (收入佐证) mart. */
public final class IncomeEvidenceRepository extends MartRepository {
  public IncomeEvidenceRepository(DSLContext dsl) {
    super(dsl, MART_INCOME_EVIDENCE);
  }

  /** Every period of one household, oldest first. */
  public List<MartIncomeEvidenceRecord> history(String householdId) {
    return dsl.selectFrom(MART_INCOME_EVIDENCE)
        .where(MART_INCOME_EVIDENCE.HOUSEHOLD_ID.eq(householdId))
        .orderBy(MART_INCOME_EVIDENCE.YEAR, MART_INCOME_EVIDENCE.QUARTER)
        .fetch();
  }
}
