package cn.wuzhou.income.dashboards.api;

import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.dashboards.marts.MartQuery;
import cn.wuzhou.income.dashboards.marts.MartRepository;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks query parameters before anything reaches a query: numbers must be numbers in range,
 * county and township must be places of conf/regions.csv, sort a column of the mart, unknown
 * parameters are refused. Every failure is a 400 naming the parameter and what is accepted.
 */
final class Params {
  /** County of payments whose recipient matches no household (mart_subsidy_timeliness). */
  static final String UNMATCHED_COUNTY = "未匹配";
  static final Set<String> LIST_PARAMS = Set.of("year", "quarter", "county", "township", "page",
      "page_size", "sort", "order");
  private static final Pattern HOUSEHOLD_ID = Pattern.compile("[\\p{L}\\p{N}_.-]{1,64}");
  private static final Pattern WORD = Pattern.compile("[a-z_]{1,40}");

  private final List<Region> regions;

  Params(List<Region> regions) {
    this.regions = List.copyOf(regions);
  }

  static void onlyKnown(Context ctx, Set<String> allowed) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!allowed.contains(name)) {
        throw ApiError.badRequest("unknown parameter '" + name + "'; allowed: " + String.join(", ",
            allowed.stream().sorted().toList()));
      }
    }
  }

  /** The list query of a mart from year, quarter, county, township, page, page_size, sort, order. */
  MartQuery martQuery(Context ctx, MartRepository mart, Set<String> allowed) {
    onlyKnown(ctx, allowed);
    Integer year = intParam(ctx, "year", 2000, 2100);
    Integer quarter = intParam(ctx, "quarter", 1, 4);
    String county = county(ctx);
    String township = township(ctx, county);
    Integer page = intParam(ctx, "page", 1, 1_000_000);
    Integer pageSize = intParam(ctx, "page_size", 1, MartQuery.MAX_PAGE_SIZE);
    String sort = ctx.queryParam("sort");
    if (sort != null && (!WORD.matcher(sort).matches() || !mart.hasColumn(sort))) {
      throw ApiError.badRequest("sort '" + sort + "' is not a column of " + mart.mart().name()
          + "; columns: " + String.join(", ", mart.mart().columnNames()));
    }
    String order = ctx.queryParam("order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw ApiError.badRequest("order '" + order + "': use asc or desc");
    }
    return new MartQuery(year, quarter, county, township, sort, "desc".equals(order),
        page == null ? 1 : page, pageSize == null ? 100 : pageSize);
  }

  /** The filters a query applied, for the audit log and the export's definitions sheet. */
  static Map<String, Object> filters(MartQuery q) {
    Map<String, Object> f = new LinkedHashMap<>();
    if (q.year() != null) {
      f.put("year", q.year());
    }
    if (q.quarter() != null) {
      f.put("quarter", q.quarter());
    }
    if (q.county() != null) {
      f.put("county", q.county());
    }
    if (q.township() != null) {
      f.put("township", q.township());
    }
    return f;
  }

  String county(Context ctx) {
    String county = ctx.queryParam("county");
    if (county == null) {
      return null;
    }
    if (!county.equals(UNMATCHED_COUNTY) && regions.stream().noneMatch(r -> r.county().equals(county))) {
      throw ApiError.badRequest("county '" + county + "' is not a county of conf/regions.csv; known: "
          + String.join(", ", regions.stream().map(Region::county).distinct().toList()));
    }
    return county;
  }

  String township(Context ctx, String county) {
    String township = ctx.queryParam("township");
    if (township == null) {
      return null;
    }
    if (regions.stream().noneMatch(r -> r.township().equals(township) && (county == null || r.county().equals(county)))) {
      throw ApiError.badRequest("township '" + township + "' is not a township of "
          + (county == null ? "conf/regions.csv" : county + " in conf/regions.csv"));
    }
    return township;
  }

  static String householdId(String id) {
    if (!HOUSEHOLD_ID.matcher(id).matches()) {
      throw ApiError.badRequest("household id '" + id + "': expected 1-64 letters, digits, _ . or -");
    }
    return id;
  }

  /** A word-like parameter (feed, action, user name) or null. */
  static String word(Context ctx, String name, Pattern allowed) {
    String v = ctx.queryParam(name);
    if (v != null && !allowed.matcher(v).matches()) {
      throw ApiError.badRequest(name + " '" + v + "' is not valid (" + allowed.pattern() + ")");
    }
    return v;
  }

  static Integer intParam(Context ctx, String name, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " '" + v + "' is not a whole number (" + min + ".." + max + ")");
    }
    if (n < min || n > max) {
      throw ApiError.badRequest(name + " " + n + " is out of range " + min + ".." + max);
    }
    return n;
  }
}
