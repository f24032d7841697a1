package cn.wuzhou.income.dashboards.superset;

import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Superset row-level-security rules (type Regular) mirroring the warehouse roles of
 * interfaces.md: a {@code county} role sees its own county only, a {@code township} role its own
 * township only; {@code city}, {@code assessor} and {@code analyst} need no rule.
 *
 * <p>Per county role {@code county_<县区>}: {@code county = '<县区>'} on every dataset with a
 * county column, {@code region_level = 'county' AND region = '<县区>'} on the region-level
 * indices, and {@code 1 = 0} on the datasets that hold only city-wide rows (quintiles, cohorts,
 * data quality), which a county must not see. Per township role {@code township_<县区>_<乡镇>}:
 * {@code county = … AND township = …} on datasets with both columns, {@code 1 = 0} elsewhere.
 * Superset leaves a dataset without a rule for the role unfiltered, hence the explicit denials.
 */
public final class RowLevelSecurity {
  private RowLevelSecurity() {}

  /** One rule: the role it filters, the dataset (table) and the SQL WHERE clause. */
  public record Rule(String role, String table, String clause) {
    public String name() {
      return role + ":" + table;
    }
  }

  /** The rules of every county of {@code counties} and township of {@code regions}, in that order. */
  public static List<Rule> rules(List<Dataset> datasets, List<String> counties, List<Region> regions) {
    List<Rule> rules = new ArrayList<>();
    for (String county : counties) {
      for (Dataset ds : datasets) {
        rules.add(new Rule(countyRole(county), ds.table(), countyClause(ds, county)));
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Region r : regions) {
      if (!seen.add(r.county() + "/" + r.township())) {
        continue;
      }
      for (Dataset ds : datasets) {
        rules.add(new Rule(townshipRole(r.county(), r.township()), ds.table(), townshipClause(ds, r)));
      }
    }
    return rules;
  }

  public static String countyRole(String county) {
    return "county_" + county;
  }

  public static String townshipRole(String county, String township) {
    return "township_" + county + "_" + township;
  }

  static String countyClause(Dataset ds, String county) {
    if (ds.hasColumn("county")) {
      return "county = " + literal(county);
    }
    if (ds.hasColumn("region_level") && ds.hasColumn("region")) {
      return "region_level = 'county' AND region = " + literal(county);
    }
    return "1 = 0";
  }

  static String townshipClause(Dataset ds, Region r) {
    if (ds.hasColumn("county") && ds.hasColumn("township")) {
      return "county = " + literal(r.county()) + " AND township = " + literal(r.township());
    }
    return "1 = 0";
  }

  /** A SQL string literal: quotes doubled, so a name can never end the clause. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
