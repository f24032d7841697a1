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
