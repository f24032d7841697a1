package cn.wuzhou.income.dashboards.superset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.config.ConfigLocator;
import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.dashboards.superset.RowLevelSecurity.Rule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RowLevelSecurityTest {
  static final SupersetAssets ASSETS = SupersetAssets.load();

  @BeforeAll
  static void conf() {
    System.setProperty("warehouse.conf", Path.of("..", "conf").toAbsolutePath().normalize().toString());
  }

  private static List<Rule> rulesOf(String role, List<Rule> rules) {
    return rules.stream().filter(r -> r.role().equals(role)).toList();
  }

  @Test
  void countyRoleSeesItsCountyAndNoCityWideRows() {
    List<Rule> rules = RowLevelSecurity.rules(ASSETS.datasets(), List.of("万秀区"), List.of());
    assertEquals(List.of(
        new Rule("county_万秀区", "mart_quintile_trend", "1 = 0"),
        new Rule("county_万秀区", "mart_quintile_transition", "1 = 0"),
        new Rule("county_万秀区", "mart_cohort_progress", "1 = 0"),
        new Rule("county_万秀区", "mart_declining_households", "county = '万秀区'"),
        new Rule("county_万秀区", "mart_township_comparison", "county = '万秀区'"),
        new Rule("county_万秀区", "mart_subsidy_timeliness", "county = '万秀区'"),
        new Rule("county_万秀区", "mart_income_evidence", "county = '万秀区'"),
        new Rule("county_万秀区", "mart_poverty_indices", "region_level = 'county' AND region = '万秀区'"),
        new Rule("county_万秀区", "mart_evaluation_metrics", "region_level = 'county' AND region = '万秀区'"),
        new Rule("county_万秀区", "deliveries", "1 = 0"),
        new Rule("county_万秀区", "quarantine_counts", "1 = 0")), rules);
  }

  @Test
  void townshipRoleSeesItsTownshipOnly() {
    List<Rule> rules = RowLevelSecurity.rules(ASSETS.datasets(), List.of(),
        List.of(new Region("450403", "万秀区", "城东镇"), new Region("450403", "万秀区", "城东镇")));
    List<Rule> filtered = rules.stream().filter(r -> !r.clause().equals("1 = 0")).toList();
    assertEquals(List.of(
        new Rule("township_万秀区_城东镇", "mart_declining_households", "county = '万秀区' AND township = '城东镇'"),
        new Rule("township_万秀区_城东镇", "mart_township_comparison", "county = '万秀区' AND township = '城东镇'"),
        new Rule("township_万秀区_城东镇", "mart_income_evidence", "county = '万秀区' AND township = '城东镇'")),
        filtered);
    // a duplicated region row gives no duplicated rules: 11 datasets, one role
    assertEquals(11, rules.size());
  }

  @Test
  void quotesInNamesCannotEndTheClause() {
    List<Rule> rules = RowLevelSecurity.rules(ASSETS.datasets(), List.of("O'Brien"), List.of());
    assertEquals("county = 'O''Brien'", rulesOf("county_O'Brien", rules).get(3).clause());
  }

  @Test
  void commandPrintsEveryCountyAndTownshipOfTheConfiguration() throws Exception {
    WarehouseConfig config = ConfigLocator.load(null);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, SupersetPushTest.run(out, err, "rls"), err.toString());
    List<String> lines = out.toString().lines().toList();
    long townships = config.regions().stream().map(r -> r.county() + "/" + r.township()).distinct().count();
    assertEquals((config.counties().size() + townships) * 11, lines.size());
    assertEquals("county_" + config.counties().get(0) + "\tmart_declining_households\tcounty = '"
        + config.counties().get(0) + "'", lines.get(3));

    StringWriter json = new StringWriter();
    assertEquals(0, SupersetPushTest.run(json, err, "rls", "--format", "json"), err.toString());
    JsonNode first = new ObjectMapper().readTree(json.toString()).get(3);
    assertEquals("Regular", first.path("filter_type").asText());
    assertEquals("[\"mart_declining_households\"]", first.path("tables").toString());
    assertEquals("[\"county_" + config.counties().get(0) + "\"]", first.path("roles").toString());
  }

  @Test
  void badFormatIsOneLine() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(1, SupersetPushTest.run(out, err, "rls", "--format", "xml"));
    assertEquals("warehouse: superset rls: --format 'xml'; accepted: json, text\n", err.toString());
  }
}
