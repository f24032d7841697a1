package cn.wuzhou.income.dashboards.api;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.dashboards.ServingFixture;
import cn.wuzhou.income.dashboards.TestDatabases;
import cn.wuzhou.income.dashboards.auth.Role;
import cn.wuzhou.income.dashboards.auth.User;
import cn.wuzhou.income.dashboards.auth.UserStore;
import cn.wuzhou.income.dashboards.common.ServingDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * The API over the published fixture on an ephemeral port, with one user per role (password
 * {@value #PASSWORD}) and a clock the test moves.
 */
final class TestServer implements AutoCloseable {
  static final String PASSWORD = "correct-horse-9";

  final MutableClock clock = new MutableClock(Instant.parse("2025-01-10T02:00:00Z"));
  final ServingDatabase db;
  final UserStore users;
  final ApiServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  TestServer(Path dir) throws Exception {
    WarehouseConfig config = WarehouseConfig.load(Path.of(System.getProperty("warehouse.repo.root"), "conf"),
        Map.of(), dir);
    db = ServingFixture.publish(TestDatabases.h2(dir));
    users = new UserStore(dir.resolve("users.yaml"), 4);
    users.put(new User("city1", Role.CITY, null, null), PASSWORD.toCharArray());
    users.put(new User("wanxiu", Role.COUNTY, "万秀区", null), PASSWORD.toCharArray());
    users.put(new User("chengdong", Role.TOWNSHIP, "万秀区", "城东镇"), PASSWORD.toCharArray());
    users.put(new User("assessor1", Role.ASSESSOR, null, null), PASSWORD.toCharArray());
    users.put(new User("analyst1", Role.ANALYST, null, null), PASSWORD.toCharArray());
    server = new ApiServer(db, users, config.regions(), config.city(), clock, Duration.ofHours(8));
    server.start(0);
  }

  /** A logged-in client: its cookie and CSRF token. */
  record Login(String cookie, String csrf, HttpResponse<String> response) {}

  Login login(String user, String password) throws Exception {
    HttpResponse<String> r = post("/api/login", "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}",
        null, null);
    if (r.statusCode() != 200) {
      return new Login(null, null, r);
    }
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    return new Login(cookie, json.readTree(r.body()).get("csrf_token").asText(), r);
  }

  Login login(String user) throws Exception {
    Login l = login(user, PASSWORD);
    if (l.cookie() == null) {
      throw new AssertionError("login of " + user + " failed: " + l.response().body());
    }
    return l;
  }

  HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, String cookie) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookie).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, String body, String cookie, String csrf) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (csrf != null) {
      b.header(ApiServer.CSRF_HEADER, csrf);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode body(HttpResponse<String> r) throws Exception {
    return json.readTree(r.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Override
  public void close() {
    server.stop();
    db.close();
  }

  /** A clock tests move forward. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("Asia/Shanghai");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
