package cn.wuzhou.income.dashboards.superset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SupersetPushTest {
  FakeSuperset superset;

  @BeforeEach
  void start() throws IOException {
    superset = new FakeSuperset();
    System.setProperty("warehouse.conf", Path.of("..", "conf").toAbsolutePath().normalize().toString());
  }

  @AfterEach
  void stop() {
    superset.close();
  }

  private byte[] zip() {
    return SupersetBundleTest.bundle().zipBytes();
  }

  @Test
  void pushingTwiceLeavesOneCopyOfEverything() {
    SupersetClient client = new SupersetClient(superset.url());
    client.importDashboards(FakeSuperset.USER, FakeSuperset.PASSWORD, zip(), SupersetBundleTest.PASSWORDS);
    new SupersetClient(superset.url())
        .importDashboards(FakeSuperset.USER, FakeSuperset.PASSWORD, zip(), SupersetBundleTest.PASSWORDS);

    assertEquals(2, superset.imports);
    // 1 database; 9 marts + deliveries + quarantine_counts; 19 charts of dashboards.yaml; 7 pages
    assertEquals(1, superset.objects.get("databases").size());
    assertEquals(11, superset.objects.get("datasets").size());
    assertEquals(19, superset.objects.get("charts").size());
    assertEquals(7, superset.objects.get("dashboards").size());
    assertEquals(Set.of("总览", "五等份趋势", "乡镇对比", "收入下降户", "补贴发放", "收入佐证", "数据质量"),
        Set.copyOf(superset.objects.get("dashboards").values()));
    assertEquals(Map.of("databases/warehouse.yaml", "pw"), superset.receivedPasswords.get(0));
  }

  @Test
  void wrongCredentials() {
    SupersetException e = assertThrows(SupersetException.class, () -> new SupersetClient(superset.url())
        .importDashboards(FakeSuperset.USER, "wrong", zip(), SupersetBundleTest.PASSWORDS));
    assertEquals("Superset at " + superset.url() + " refused the login of user 'admin': wrong user name or"
        + " password (Not authorized)", e.getMessage());
    assertEquals(0, superset.imports);
  }

  @Test
  void missingCsrfSessionCookie() {
    superset.setSessionCookie = false;
    SupersetException e = assertThrows(SupersetException.class, () -> new SupersetClient(superset.url())
        .importDashboards(FakeSuperset.USER, FakeSuperset.PASSWORD, zip(), SupersetBundleTest.PASSWORDS));
    assertTrue(e.getMessage().startsWith("Superset at " + superset.url()
        + " refused the import: The CSRF session token is missing. (the session cookie"), e.getMessage());
  }

  @Test
  void unreachableServer() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    SupersetException e = assertThrows(SupersetException.class, () -> new SupersetClient("http://127.0.0.1:" + port)
        .importDashboards(FakeSuperset.USER, FakeSuperset.PASSWORD, zip(), SupersetBundleTest.PASSWORDS));
    assertEquals("cannot reach Superset at http://127.0.0.1:" + port + " to log in: connection refused;"
        + " check --url and that Superset is running", e.getMessage());
  }

  @Test
  void rejectedBundleShowsSupersetsMessagePerFile() throws IOException {
    byte[] broken = SupersetBundleTest.zipWithReplacement(SupersetBundleTest.bundle(),
        "datasets/warehouse/mart_quintile_trend.yaml", "column_name: \"pc_mean\"\n", "column_name: \"pc_average\"\n");
    SupersetException e = assertThrows(SupersetException.class, () -> new SupersetClient(superset.url())
        .importDashboards(FakeSuperset.USER, FakeSuperset.PASSWORD, broken, SupersetBundleTest.PASSWORDS));
    assertEquals("Superset at " + superset.url() + " rejected the bundle (HTTP 422): Error importing dashboard"
        + " (datasets/warehouse/mart_quintile_trend.yaml: [\"column pc_average does not exist in table"
        + " mart_quintile_trend\"])", e.getMessage());
    assertEquals(0, superset.imports);
  }

  @Test
  void missingDatabasePasswordIsRejectedBySuperset() {
    SupersetException e = assertThrows(SupersetException.class, () -> new SupersetClient(superset.url())
        .importDashboards(FakeSuperset.USER, FakeSuperset.PASSWORD, zip(), Map.of()));
    assertTrue(e.getMessage().endsWith("(databases/warehouse.yaml: [\"Must provide a password for the database\"])"),
        e.getMessage());
  }

  @Test
  void commandPushesAndReportsWhatItImported() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // a URI with a user is masked, so push needs the database password from the environment
    int code = run(out, err, "push", "--url", superset.url() + "/", "--user", FakeSuperset.USER,
        "--password", FakeSuperset.PASSWORD, "--sqlalchemy-uri", "postgresql://reader@db:5432/warehouse",
        "--db-password-env", "WAREHOUSE_TEST_SURELY_UNSET_7F3A");
    assertEquals(1, code);
    assertEquals("warehouse: superset push: the serving database password for Superset is not set: export"
        + " WAREHOUSE_TEST_SURELY_UNSET_7F3A (or give --db-password-env VAR)\n", err.toString());
    assertEquals(0, superset.imports);

    // any variable will do to show where the password comes from: PATH is set wherever tests run
    String path = System.getenv("PATH");
    assumeTrue(path != null, "PATH is not set");
    out = new StringWriter();
    err = new StringWriter();
    code = run(out, err, "push", "--url", superset.url(), "--user", FakeSuperset.USER,
        "--password", FakeSuperset.PASSWORD, "--sqlalchemy-uri", "postgresql://reader@db:5432/warehouse",
        "--db-password-env", "PATH");
    assertEquals(0, code, err.toString());
    assertEquals("imported into " + superset.url() + ": 7 dashboards, 19 charts, 11 datasets\n", out.toString());
    assertEquals(List.of(Map.of("databases/warehouse.yaml", path)), superset.receivedPasswords);
  }

  @Test
  void commandPushesWithoutPasswordsWhenTheUriHasNoUser() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(out, err, "push", "--url", superset.url(), "--user", FakeSuperset.USER,
        "--password", FakeSuperset.PASSWORD, "--sqlalchemy-uri", "postgresql://db:5432/warehouse");
    assertEquals(0, code, err.toString());
    assertEquals(List.of(Map.of()), superset.receivedPasswords);
  }

  @Test
  void commandFailsWithOneLineOnWrongPassword() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(out, err, "push", "--url", superset.url(), "--user", FakeSuperset.USER,
        "--password", "nope", "--sqlalchemy-uri", "postgresql://db:5432/warehouse");
    assertEquals(1, code);
    assertEquals("warehouse: superset push: Superset at " + superset.url() + " refused the login of user 'admin':"
        + " wrong user name or password (Not authorized)\n", err.toString());
  }

  @Test
  void bundleCommandWritesTheZip(@TempDir Path dir) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path zip = dir.resolve("out/superset.zip");
    int code = run(out, err, "bundle", "--out", zip.toString(), "--home", dir.resolve("home").toString(),
        "--sqlalchemy-uri", "postgresql://warehouse:pw@db:5432/warehouse");
    assertEquals(0, code, err.toString());
    BundleValidator.Contents contents = BundleValidator.read(java.nio.file.Files.readAllBytes(zip));
    assertEquals("postgresql://warehouse:XXXXXXXXXX@db:5432/warehouse",
        contents.files().get("databases/warehouse.yaml").path("sqlalchemy_uri").asText());
    assertEquals(Map.of(), BundleValidator.validate(contents, SupersetBundleTest.PASSWORDS));
  }

  static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new SupersetCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return code;
  }
}
