package cn.wuzhou.income.dashboards.marts;

import static cn.wuzhou.income.dashboards.db.Tables.HOUSEHOLD_HISTORY;

import cn.wuzhou.income.dashboards.db.tables.records.HouseholdHistoryRecord;
import cn.wuzhou.income.models.MartCatalog;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Queries of the serving table {@code household_history} (serving_tables of marts.yaml; V2
 * migration): one household's every snapshot period. Not a mart: it is not listed, filtered or
 * exported like the marts, only read by household id.
 */
public final class HouseholdHistoryRepository {
  private final DSLContext dsl;
  private final MartCatalog.Mart table = MartCatalog.get().table(HOUSEHOLD_HISTORY.getName());

  public HouseholdHistoryRepository(DSLContext dsl) {
    this.dsl = dsl;
    for (String column : table.columnNames()) {
      if (HOUSEHOLD_HISTORY.field(column) == null) {
        throw new IllegalStateException(HOUSEHOLD_HISTORY.getName() + " lacks column " + column + " of marts.yaml");
      }
    }
  }

  /** The declared columns, in order (no name column: the table holds none). */
  public List<MartCatalog.Column> columns() {
    return table.columns();
  }

  /** Every period of one household, oldest first (uses the index on household_id). */
  public List<HouseholdHistoryRecord> history(String householdId) {
    return dsl.selectFrom(HOUSEHOLD_HISTORY)
        .where(HOUSEHOLD_HISTORY.HOUSEHOLD_ID.eq(householdId))
        .orderBy(HOUSEHOLD_HISTORY.YEAR, HOUSEHOLD_HISTORY.QUARTER)
        .fetch();
  }
}
