package cn.wuzhou.income.dashboards.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.dashboards.TestDatabases;
import cn.wuzhou.income.dashboards.api.ApiServer;
import cn.wuzhou.income.dashboards.auth.UserStore;
import cn.wuzhou.income.dashboards.common.ServingDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code users add|list|remove}, and no password or hash ever reaches the output or logs. */
class UsersCommandTest {
  private static final Pattern HASH = Pattern.compile("password_hash: \"?(\\$2[aby]\\$[^\"\\s]+)");

  @TempDir Path home;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private InputStream oldIn;

  @BeforeEach
  void capture() {
    System.setProperty("warehouse.conf", Path.of(System.getProperty("warehouse.repo.root"), "conf").toString());
    oldOut = System.out;
    oldErr = System.err;
    oldIn = System.in;
    PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    System.setIn(oldIn);
    System.clearProperty("warehouse.conf");
  }

  private int run(String stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--home";
    all[args.length + 1] = home.toString();
    return DashboardsCli.execute(all);
  }

  @Test
  void addsListsAndRemovesUsersAndRefusesBadOnes() throws Exception {
    assertEquals(0, run("secret-pass-1\n", "users", "add", "wx", "--role", "county", "--county", "万秀区", "--password-stdin"));
    assertEquals(0, run("", "users", "add", "boss", "--role", "city"));
    String printed = out.toString(StandardCharsets.UTF_8);
    Matcher generated = Pattern.compile("password \\(shown once\\): (\\S+)").matcher(printed);
    assertTrue(generated.find(), printed);
    UserStore store = new UserStore(home.resolve("users.yaml"), 4);
    assertTrue(store.authenticate("boss", generated.group(1).toCharArray()).isPresent());
    assertTrue(store.authenticate("wx", "secret-pass-1".toCharArray()).isPresent());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(home.resolve("users.yaml"))));

    out.reset();
    assertEquals(0, run("", "users", "list"));
    assertEquals("boss\tcity\t\t\nwx\tcounty\t万秀区\t\n", out.toString(StandardCharsets.UTF_8));

    out.reset();
    assertEquals(2, run("", "users", "add", "x", "--role", "mayor"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("unknown role 'mayor'; allowed: city, county, township, assessor, analyst"));
    assertEquals(2, run("", "users", "add", "x", "--role", "township", "--county", "万秀区"));
    assertEquals(2, run("", "users", "add", "x", "--role", "county", "--county", "火星区"));
    assertEquals(0, run("", "users", "remove", "wx"));
    assertEquals(1, run("", "users", "remove", "wx"));
    assertEquals(1, store.list().size());
  }

  @Test
  void passwordsAndHashesNeverReachTheOutputLogsOrAuditLog() throws Exception {
    String password = "Tr0ub4dor-and-3";
    assertEquals(0, run(password + "\n", "users", "add", "alice", "--role", "city", "--password-stdin"));
    Matcher m = HASH.matcher(Files.readString(home.resolve("users.yaml")));
    assertTrue(m.find());
    String hash = m.group(1);

    WarehouseConfig config = WarehouseConfig.load(Path.of(System.getProperty("warehouse.repo.root"), "conf"), Map.of(), home);
    try (ServingDatabase db = ServingDatabase.open(TestDatabases.h2(home), Optional.empty())) {
      ApiServer server = new ApiServer(db, UserStore.inHome(home), config.regions(), config.city(),
          Clock.systemUTC(), Duration.ofHours(1));
      server.start(0);
      try {
        HttpClient http = HttpClient.newHttpClient();
        for (String attempt : new String[] {"wrong-one-1", password}) {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
              + "/api/login")).POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\""
              + attempt + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
          assertFalse(r.body().contains(hash) || r.body().contains(password), r.body());
        }
      } finally {
        server.stop();
      }
      String audit = db.dsl().fetch("SELECT * FROM \"audit_log\"").formatCSV();
      assertTrue(audit.contains("login_failed"), audit);
      assertFalse(audit.contains(hash) || audit.contains(password) || audit.contains("wrong-one-1"), audit);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertFalse(printed.contains(hash), "the hash was printed");
    assertFalse(printed.contains(password), "the password was printed");
    assertFalse(printed.contains(hash.substring(7, 29)), "the hash's salt was printed");
  }
}
