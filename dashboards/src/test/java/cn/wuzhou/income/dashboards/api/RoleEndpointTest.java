package cn.wuzhou.income.dashboards.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every role against every endpoint, as one table: the expected HTTP status and, for lists, the
 * number of rows (a county never gets another county's rows as an empty 200: it gets 403).
 */
class RoleEndpointTest {
  private static final List<String> ROLES = List.of("city1", "wanxiu", "chengdong", "assessor1", "analyst1");

  @TempDir static Path dir;
  static TestServer server;
  static final Map<String, String> cookies = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(dir);
    for (String user : ROLES) {
      cookies.put(user, server.login(user).cookie());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String q(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  /**
   * path, then per role (city, county 万秀区, township 万秀区/城东镇, assessor, analyst) the expected
   * result: a status, or "200:n" for a list of n rows (total), or "200:n/k" for k indicators.
   */
  private static final String D = "/api/marts/mart_declining_households";
  private static final Object[][] TABLE = {
      {D, "200:4", "200:3", "200:2", "200:4", "200:4"},
      {D + "?year=2024&quarter=4", "200:3", "200:2", "200:1", "200:3", "200:3"},
      {D + "?county=" + q("长洲区"), "200:1", "403", "403", "200:1", "200:1"},
      {D + "?county=" + q("万秀区"), "200:3", "200:3", "200:2", "200:3", "200:3"},
      {D + "?township=" + q("龙湖镇"), "200:1", "200:1", "403", "200:1", "200:1"},
      {"/api/marts/mart_income_evidence", "200:2", "200:1", "200:1", "200:2", "200:2"},
      {"/api/marts/mart_township_comparison", "200:3", "200:2", "200:1", "200:3", "200:3"},
      {"/api/marts/mart_subsidy_timeliness", "200:3", "200:1", "403", "200:3", "200:3"},
      {"/api/marts/mart_evaluation_metrics", "200:4", "200:1", "403", "200:4", "200:4"},
      {"/api/marts/mart_poverty_indices", "200:2", "200:1", "403", "200:2", "200:2"},
      {"/api/marts/mart_quintile_trend", "200:2", "403", "403", "200:2", "200:2"},
      {"/api/marts/mart_quintile_transition", "200:0", "403", "403", "200:0", "200:0"},
      {"/api/marts/mart_cohort_progress", "200:0", "403", "403", "200:0", "200:0"},
      {D + "/export?format=csv", "200", "200", "200", "200", "200"},
      {D + "/export?format=xlsx&county=" + q("长洲区"), "200", "403", "403", "200", "200"},
      {"/api/marts/mart_quintile_trend/export", "200", "403", "403", "200", "200"},
      {"/api/indicators", "200:city", "200:万秀区", "403", "200:city", "200:city"},
      {"/api/indicators?county=" + q("长洲区"), "200:长洲区", "403", "403", "200:长洲区", "200:长洲区"},
      {"/api/households/H001", "200", "200", "200", "200", "200"},
      {"/api/households/H002", "200", "200", "403", "200", "200"},
      {"/api/households/H003", "200", "403", "403", "200", "200"},
      {"/api/households/H005", "200", "403", "403", "200", "200"},
      {"/api/households/H999", "404", "404", "404", "404", "404"},
      {"/api/quality", "200", "403", "403", "200", "200"},
      {"/api/audit", "200", "403", "403", "403", "403"},
      {"/api/marts", "200:9", "200:6", "200:3", "200:9", "200:9"},
      {"/api/regions", "200:7", "200:1", "200:1", "200:7", "200:7"},
      {"/api/session", "200", "200", "200", "200", "200"},
  };

  @Test
  void everyRoleGetsWhatInterfacesMdAllowsOnEveryEndpoint() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Object[] row : TABLE) {
      String path = (String) row[0];
      for (int i = 0; i < ROLES.size(); i++) {
        String expected = (String) row[i + 1];
        HttpResponse<String> r = server.get(path, cookies.get(ROLES.get(i)));
        String actual = describe(path, expected, r);
        if (!actual.equals(expected)) {
          mismatches.add(ROLES.get(i) + " GET " + path + ": expected " + expected + ", got " + actual
              + " " + r.body().substring(0, Math.min(200, r.body().length())));
        }
        if (r.statusCode() >= 400) {
          JsonNode err = server.body(r);
          if (err.path("status").asInt() != r.statusCode() || err.path("message").asText().isBlank()
              || err.path("message").asText().startsWith("no endpoint")) {
            mismatches.add(ROLES.get(i) + " GET " + path + ": error body " + r.body());
          }
        }
      }
    }
    assertEquals(List.of(), mismatches);
  }

  @Test
  void withoutASessionEveryEndpointAnswers401() throws Exception {
    for (Object[] row : TABLE) {
      HttpResponse<String> r = server.get((String) row[0], null);
      assertEquals(401, r.statusCode(), (String) row[0]);
      assertEquals("unauthenticated", server.body(r).get("error").asText());
    }
  }

  @Test
  void analystsNeverSeeANameAndAssessorsSeeMaskedNames() throws Exception {
    for (String path : List.of(D, D + "/export?format=csv", D + "/export?format=xlsx", "/api/households/H001",
        "/api/marts")) {
      String analyst = server.get(path, cookies.get("analyst1")).body();
      assertFalse(analyst.contains("head_name_masked") || analyst.contains("张*") || analyst.contains("户主姓名"),
          path + " shows a name to the analyst");
    }
    assertTrue(server.get(D, cookies.get("assessor1")).body().contains("\"head_name_masked\":\"张*\""));
  }

  @Test
  void householdHistoryHasEveryPeriodComponentsAndTheLatestFlagsWithinTheArea() throws Exception {
    JsonNode city = server.body(server.get("/api/households/H001", cookies.get("city1")));
    // every period of household_history, 2024 Q3 included though H001 is in no mart then
    assertEquals(List.of("2023-4", "2024-2", "2024-3", "2024-4"), periods(city));
    JsonNode q3 = city.at("/periods/2");
    assertEquals(5000.0, q3.at("/history/pc").asDouble());
    assertEquals(9000.0, q3.at("/history/wage_income").asDouble());
    assertEquals(2000.0, q3.at("/history/operating_net").asDouble());
    assertEquals(5, q3.at("/history/employed_months").asInt());
    assertEquals(1, q3.at("/history/interventions").asInt());
    assertEquals(3, q3.at("/history/payments_on_time_full").asInt());
    assertTrue(q3.get("declining").isNull() && q3.get("evidence").isNull(), q3.toString());
    assertEquals(7000.0, city.at("/periods/3/declining/pc_current").asDouble());
    assertEquals("龙湖镇", city.at("/periods/0/history/township").asText());
    // the latest row of each source
    assertEquals("2024/4/城东镇", city.at("/latest/history/year").asInt() + "/"
        + city.at("/latest/history/quarter").asInt() + "/" + city.at("/latest/history/township").asText());
    assertEquals(4, city.at("/latest/declining/quarter").asInt());
    assertTrue(city.at("/latest/declining/escalation_required").asBoolean());
    assertEquals(86.67, city.at("/latest/evidence/evidence_coverage").asDouble());

    // the township user (城东镇) does not see the 2023 quarter H001 spent in 龙湖镇
    JsonNode township = server.body(server.get("/api/households/H001", cookies.get("chengdong")));
    assertEquals(List.of("2024-2", "2024-3", "2024-4"), periods(township));

    // the analyst gets the history and the flags, never a name
    JsonNode analyst = server.body(server.get("/api/households/H001", cookies.get("analyst1")));
    assertEquals(periods(city), periods(analyst));
    assertFalse(analyst.at("/latest/declining").has("head_name_masked"));
    assertEquals("张*", city.at("/latest/declining/head_name_masked").asText());

    // a household only in household_history (not surveyed, in no mart)
    JsonNode only = server.body(server.get("/api/households/H005", cookies.get("assessor1")));
    assertEquals(List.of("2024-4"), periods(only));
    assertFalse(only.at("/periods/0/history/surveyed").asBoolean());
    assertTrue(only.at("/periods/0/history/pc").isNull());
    assertTrue(only.at("/latest/declining").isNull() && only.at("/latest/evidence").isNull());
  }

  private static List<String> periods(JsonNode household) {
    List<String> out = new ArrayList<>();
    household.get("periods").forEach(p -> out.add(p.get("year").asInt() + "-" + p.get("quarter").asInt()));
    return out;
  }

  private String describe(String path, String expected, HttpResponse<String> r) throws Exception {
    if (r.statusCode() != 200 || !expected.contains(":")) {
      return Integer.toString(r.statusCode());
    }
    JsonNode body = server.body(r);
    if (path.startsWith("/api/indicators")) {
      return "200:" + (body.get("region_level").asText().equals("city") ? "city" : body.get("region").asText());
    }
    if (path.equals("/api/marts")) {
      return "200:" + body.get("marts").size();
    }
    if (path.equals("/api/regions")) {
      return "200:" + body.get("counties").size();
    }
    return "200:" + body.get("total").asInt();
  }
}
