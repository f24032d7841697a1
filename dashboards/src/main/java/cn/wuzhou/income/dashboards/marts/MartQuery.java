package cn.wuzhou.income.dashboards.marts;

/**
 * Filters, sort and page of a mart list. Null filters select everything; {@code county} on a
 * region mart (region_level/region) selects that county's rows. Values are already validated
 * ({@code api.Params}) and only ever bound, never pasted into SQL.
 */
public record MartQuery(Integer year, Integer quarter, String county, String township,
    String sort, boolean descending, int page, int pageSize) {
  public static final int MAX_PAGE_SIZE = 1000;

  public static MartQuery all() {
    return new MartQuery(null, null, null, null, null, false, 1, MAX_PAGE_SIZE);
  }

  public MartQuery withArea(String newCounty, String newTownship) {
    return new MartQuery(year, quarter, newCounty, newTownship, sort, descending, page, pageSize);
  }
}
