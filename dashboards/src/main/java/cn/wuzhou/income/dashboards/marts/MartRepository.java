package cn.wuzhou.income.dashboards.marts;

import cn.wuzhou.income.models.MartCatalog;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * What every mart repository shares: the mart's filtered, sorted, paged list and its full list
 * for exports. Filters apply to the columns a mart has: year (base_year of transitions), quarter
 * (the three due months of the quarter for subsidies; ignored by annual marts), county, township; on region marts a county selects {@code region_level = 'county'
 * and region = county}. Sort columns are checked against the catalogue; the grain breaks ties so
 * pages are stable.
 */
public abstract class MartRepository {
  protected final DSLContext dsl;
  private final Table<? extends Record> table;
  private final MartCatalog.Mart mart;

  protected MartRepository(DSLContext dsl, Table<? extends Record> table) {
    this.dsl = dsl;
    this.table = table;
    this.mart = MartCatalog.get().mart(table.getName());
    for (String column : mart.columnNames()) {
      if (table.field(column) == null) {
        throw new IllegalStateException(table.getName() + " lacks column " + column + " of marts.yaml");
      }
    }
  }

  public MartCatalog.Mart mart() {
    return mart;
  }

  public boolean hasColumn(String column) {
    return mart.columnNames().contains(column);
  }

  /** True for marts with one row per region (region_level, region) instead of county columns. */
  public boolean isRegionMart() {
    return hasColumn("region_level");
  }

  /** The page of rows of {@code query}, in the mart's column order. */
  public MartPage page(MartQuery query) {
    Condition where = where(query);
    long total = dsl.fetchCount(table, where);
    List<Record> rows = new ArrayList<>(dsl.select(fields()).from(table).where(where)
        .orderBy(order(query)).limit(query.pageSize()).offset((long) (query.page() - 1) * query.pageSize())
        .fetch());
    return new MartPage(total, rows);
  }

  /** Every row matching the filters of {@code query} (page ignored), for exports. */
  public List<Record> all(MartQuery query) {
    return new ArrayList<>(dsl.select(fields()).from(table).where(where(query)).orderBy(order(query)).fetch());
  }

  protected Field<?>[] fields() {
    return mart.columnNames().stream().map(table::field).toArray(Field<?>[]::new);
  }

  protected <T> Field<T> column(String name, Class<T> type) {
    return table.field(name, type);
  }

  protected Condition where(MartQuery q) {
    List<Condition> conditions = new ArrayList<>();
    Field<Integer> year = hasColumn("year") ? column("year", Integer.class) : column("base_year", Integer.class);
    if (q.year() != null && year != null) {
      conditions.add(year.eq(q.year()));
    }
    if (q.quarter() != null && hasColumn("quarter")) {
      conditions.add(column("quarter", Integer.class).eq(q.quarter()));
    } else if (q.quarter() != null && hasColumn("due_month")) {
      conditions.add(column("due_month", Integer.class).between(3 * q.quarter() - 2, 3 * q.quarter()));
    }
    if (q.county() != null) {
      if (hasColumn("county")) {
        conditions.add(column("county", String.class).eq(q.county()));
      } else if (isRegionMart()) {
        conditions.add(column("region_level", String.class).eq("county"));
        conditions.add(column("region", String.class).eq(q.county()));
      }
    }
    if (q.township() != null && hasColumn("township")) {
      conditions.add(column("township", String.class).eq(q.township()));
    }
    return DSL.and(conditions);
  }

  protected List<SortField<?>> order(MartQuery q) {
    List<SortField<?>> order = new ArrayList<>();
    if (q.sort() != null) {
      if (!hasColumn(q.sort())) {
        throw new IllegalArgumentException("sort column '" + q.sort() + "' is not a column of " + mart.name());
      }
      Field<?> f = table.field(q.sort());
      order.add(q.descending() ? f.desc().nullsLast() : f.asc().nullsLast());
    }
    for (String key : mart.grain()) {
      order.add(table.field(key).asc());
    }
    return order;
  }
}
