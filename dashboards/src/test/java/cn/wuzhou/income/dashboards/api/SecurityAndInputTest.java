package cn.wuzhou.income.dashboards.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions, CSRF, login throttling, the audit log and refusal of bad input. */
class SecurityAndInputTest {
  @TempDir Path dir;
  TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String q(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  @Test
  void loginSetsAnHttpOnlyStrictCookieWithExpiryAndSessionsExpire() throws Exception {
    TestServer.Login login = server.login("city1");
    String setCookie = login.response().headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict")
        && setCookie.contains("Max-Age=28800"), setCookie);
    JsonNode session = server.body(server.get("/api/session", login.cookie()));
    assertEquals("city", session.get("role").asText());
    assertEquals(login.csrf(), session.get("csrf_token").asText());
    // 8 h after login (02:00Z) the session is gone.
    assertEquals("2025-01-10T10:00:00Z", session.get("expires_at").asText());
    server.clock.advance(Duration.ofHours(8));
    assertEquals(401, server.get("/api/session", login.cookie()).statusCode());
  }

  @Test
  void stateChangingRequestsNeedTheCsrfToken() throws Exception {
    TestServer.Login login = server.login("city1");
    HttpResponse<String> without = server.post("/api/logout", "", login.cookie(), null);
    assertEquals(403, without.statusCode());
    assertEquals("csrf", server.body(without).get("error").asText());
    assertEquals(403, server.post("/api/logout", "", login.cookie(), "forged").statusCode());
    assertEquals(204, server.post("/api/logout", "", login.cookie(), login.csrf()).statusCode());
    assertEquals(401, server.get("/api/session", login.cookie()).statusCode());
  }

  @Test
  void failedLoginsAreThrottledWithGrowingWaits() throws Exception {
    // Failures 1 and 2 are free; failure 3 locks for 1 s, failure 4 for 2 s.
    for (int i = 0; i < 3; i++) {
      assertEquals(401, server.login("wanxiu", "wrong-password").response().statusCode());
    }
    HttpResponse<String> locked = server.login("wanxiu", TestServer.PASSWORD).response();
    assertEquals(429, locked.statusCode());
    assertEquals("1", locked.headers().firstValue("Retry-After").orElseThrow());
    // Another user from the same address is not locked.
    assertEquals(200, server.login("city1", TestServer.PASSWORD).response().statusCode());
    server.clock.advance(Duration.ofSeconds(1));
    assertEquals(401, server.login("wanxiu", "wrong-again").response().statusCode());
    HttpResponse<String> longer = server.login("wanxiu", TestServer.PASSWORD).response();
    assertEquals("2", longer.headers().firstValue("Retry-After").orElseThrow());
    server.clock.advance(Duration.ofSeconds(2));
    assertEquals(200, server.login("wanxiu", TestServer.PASSWORD).response().statusCode());
  }

  @Test
  void loginsFailedLoginsAndExportsAreAuditedForTheCityRoleOnly() throws Exception {
    server.login("nobody", "whatever-pass");
    TestServer.Login county = server.login("wanxiu");
    HttpResponse<byte[]> csv = server.getBytes(
        "/api/marts/mart_declining_households/export?format=csv&year=2024&quarter=4", county.cookie());
    assertEquals(200, csv.statusCode());
    TestServer.Login city = server.login("city1");
    JsonNode events = server.body(server.get("/api/audit", city.cookie())).get("events");
    List<String> seen = new ArrayList<>();
    for (JsonNode e : events) {
      seen.add(e.get("username").asText() + "|" + e.get("role").asText() + "|" + e.get("action").asText()
          + "|" + e.get("target").asText() + "|" + e.get("filters").asText() + "|" + e.get("row_count").asText());
    }
    // Newest first; the county's export is limited to its county: H001 and H002 in 2024 Q4.
    assertEquals(List.of(
        "city1|city|login|null|null|null",
        "wanxiu|county|export|mart_declining_households.csv|{\"year\":2024,\"quarter\":4,\"county\":\"万秀区\"}|2",
        "wanxiu|county|login|null|null|null",
        "nobody|null|login_failed|null|null|null"), seen);
    JsonNode onlyExports = server.body(server.get("/api/audit?action=export", city.cookie())).get("events");
    assertEquals(1, onlyExports.size());
  }

  @Test
  void badInputIsRefusedWith400AndAClearMessage() throws Exception {
    String cookie = server.login("city1").cookie();
    String d = "/api/marts/mart_declining_households";
    String[][] cases = {
        {"/api/marts/mart_nope", "unknown mart 'mart_nope'"},
        {"/api/marts/" + q("mart_x; DROP TABLE audit_log"), "unknown mart"},
        {d + "?year=abc", "year 'abc' is not a whole number"},
        {d + "?year=1900", "year 1900 is out of range"},
        {d + "?quarter=5", "quarter 5 is out of range"},
        {d + "?county=" + q("x' OR '1'='1"), "is not a county of conf/regions.csv"},
        {d + "?township=" + q("城东镇'--"), "is not a township"},
        {d + "?county=" + q("长洲区") + "&township=" + q("城东镇"), "is not a township of 长洲区"},
        {d + "?sort=" + q("year; drop table x"), "is not a column of mart_declining_households"},
        {d + "?order=sideways", "use asc or desc"},
        {d + "?page_size=100000", "page_size 100000 is out of range"},
        {d + "?where=1", "unknown parameter 'where'"},
        {d + "/export?format=pdf", "format 'pdf'"},
        {"/api/marts/mart_quintile_trend/export?format=xlsx", "xlsx is available for"},
        {"/api/households/" + q("H1' OR 1=1"), "household id"},
        {"/api/quality?feed=" + q("a;b"), "feed 'a;b' is not valid"},
    };
    List<String> mismatches = new ArrayList<>();
    for (String[] c : cases) {
      HttpResponse<String> r = server.get(c[0], cookie);
      JsonNode body = server.body(r);
      if (r.statusCode() != 400 || !body.path("error").asText().equals("bad_request")
          || !body.path("message").asText().contains(c[1])) {
        mismatches.add(c[0] + " -> " + r.statusCode() + " " + r.body());
      }
    }
    assertEquals(List.of(), mismatches);
    HttpResponse<String> noEndpoint = server.get("/api/nothing", cookie);
    assertEquals(404, noEndpoint.statusCode());
    assertEquals("no endpoint GET /api/nothing", server.body(noEndpoint).get("message").asText());
    HttpResponse<String> badLogin = server.post("/api/login", "not json", null, null);
    assertEquals(400, badLogin.statusCode());
  }
}
