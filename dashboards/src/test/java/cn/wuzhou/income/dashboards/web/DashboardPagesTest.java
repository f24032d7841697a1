package cn.wuzhou.income.dashboards.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.dashboards.api.ApiServer;
import cn.wuzhou.income.dashboards.auth.Role;
import cn.wuzhou.income.dashboards.auth.User;
import cn.wuzhou.income.dashboards.auth.UserStore;
import cn.wuzhou.income.dashboards.common.ServingDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web dashboards in headless Chromium over the published {@link WebFixture}: logging in,
 * every page's charts holding the fixture's numbers, filters in the URL, the drill-down from the
 * city to one household, exports, the role rules and the 403 message. Screenshots of every page
 * go to dashboards/target/screenshots/ for review.
 */
class DashboardPagesTest {
  private static final String PASSWORD = "correct-horse-9";

  @TempDir static Path dir;
  static ServingDatabase db;
  static ApiServer server;
  static Browser browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    WarehouseConfig config = WarehouseConfig.load(Path.of(System.getProperty("warehouse.repo.root"), "conf"),
        Map.of(), dir);
    db = WebFixture.publish("jdbc:h2:file:" + dir.resolve("serving").toAbsolutePath());
    UserStore users = new UserStore(dir.resolve("users.yaml"), 4);
    users.put(new User("city1", Role.CITY, null, null), PASSWORD.toCharArray());
    users.put(new User("wanxiu", Role.COUNTY, "万秀区", null), PASSWORD.toCharArray());
    users.put(new User("chengdong", Role.TOWNSHIP, "万秀区", "城东镇"), PASSWORD.toCharArray());
    server = new ApiServer(db, users, config.regions(), config.city(), Clock.systemUTC(), Duration.ofHours(1));
    server.start(0);
    base = "http://127.0.0.1:" + server.port();
    browser = Browser.open(base);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.stop();
    }
    if (db != null) {
      db.close();
    }
  }

  /** Logs in through the login page and waits for the landing page. */
  private static void loginAs(String user, String landingPage) {
    browser.login(user, PASSWORD);
    browser.waitRendered(0, landingPage);
  }

  private static String hash() {
    return URLDecoder.decode(browser.url().substring(browser.url().indexOf('#')), StandardCharsets.UTF_8);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
    return out;
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isNull() ? null : n.asDouble()));
    return out;
  }

  @Test
  void aCountyUserLandsOnTheOverviewOfTheirCountyWithCardsAndTrends() throws Exception {
    loginAs("wanxiu", "overview");
    // latest period of the indicators is 2024 Q4; the county filter is fixed to the user's county
    assertEquals("#/overview?year=2024&quarter=4&county=万秀区", hash());
    assertFalse(browser.find("#f-county").isEnabled());
    assertEquals("6.50", browser.text("[data-indicator=E01] [data-value]"));
    // E01 万秀区: 2024 Q3 5.00 -> Q4 6.50, up 1.50 percentage points
    assertEquals("1.5", browser.find("[data-indicator=E01] [data-delta]").getAttribute("data-delta"));
    assertTrue(browser.text("[data-indicator=E01] .delta").contains("↑ 1.50 个百分点"), browser.text("[data-indicator=E01] .delta"));
    // a rise of E01 (income growth) is good news, a fall of E04 (share of declining households) too
    assertEquals("better", browser.find("[data-indicator=E01] [data-delta]").getAttribute("class"));
    assertEquals("better", browser.find("[data-indicator=E04] [data-delta]").getAttribute("class"));
    assertEquals("12", browser.text("[data-indicator=E08] [data-value]"));
    JsonNode trend = browser.chart("trend-E01");
    assertEquals(List.of(5.0, 6.5), numbers(trend.at("/series/0/data")));
    assertEquals(List.of("2024Q3", "2024Q4"), texts(trend.at("/x/0")));
    assertEquals(List.of(9.0, 8.0), numbers(browser.chart("trend-E04").at("/series/0/data")));
    // the quintile and quality pages are not offered to a county user
    assertFalse(browser.find("#nav a[data-page=quintiles]").isDisplayed());
    browser.screenshot("01-overview-county");

    // Q3 has no previous period in the series: the card says so; the trend stops at Q3
    new Select(browser.find("#f-quarter")).selectByValue("3");
    browser.waitRendered(browser.renders() - 1, "overview");
    waitForHash("#/overview?year=2024&quarter=3&county=万秀区");
    assertEquals("5.00", browser.text("[data-indicator=E01] [data-value]"));
    assertEquals(List.of(5.0), numbers(browser.chart("trend-E01").at("/series/0/data")));
    assertTrue(browser.text("[data-indicator=E01] .delta").contains("无上期数据"));
  }

  @Test
  void aPeriodWithoutDataSaysSoInsteadOfABlankChart() throws Exception {
    loginAs("wanxiu", "overview");
    browser.open("#/overview?year=2024&quarter=1", "overview");
    assertTrue(browser.text("[data-empty]").contains("该季度数据尚未报送"), browser.text("[data-empty]"));
    browser.open("#/townships?year=2024&quarter=1", "townships");
    assertTrue(browser.text("[data-empty]").contains("该季度数据尚未报送"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-chart]")).isEmpty());
  }

  @Test
  void theTownshipComparisonRanksTheCountysTownshipsAndAFilterChangeUpdatesUrlAndNumbers() throws Exception {
    loginAs("wanxiu", "overview");
    browser.open("#/townships", "townships");
    assertEquals("#/townships?year=2024&quarter=4&county=万秀区", hash());
    JsonNode growth = browser.chart("township-growth");
    // 2024 Q4 growth: 龙湖镇 5.10 > 城东镇 3.20 > 夏郢镇 -1.05; 长洲区 (倒水镇) is not the user's county
    assertEquals(List.of("龙湖镇", "城东镇", "夏郢镇"), texts(growth.at("/y/0")));
    assertEquals(List.of(5.1, 3.2, -1.05), numbers(growth.at("/series/0/data")));
    browser.screenshot("03-townships-county");

    int before = browser.renders();
    new Select(browser.find("#f-quarter")).selectByValue("3");
    browser.waitRendered(before, "townships");
    assertEquals("#/townships?year=2024&quarter=3&county=万秀区", hash());
    growth = browser.chart("township-growth");
    // 2024 Q3: 城东镇 2.50 > 龙湖镇 2.00 > 夏郢镇 0.50
    assertEquals(List.of("城东镇", "龙湖镇", "夏郢镇"), texts(growth.at("/y/0")));
    assertEquals(List.of(2.5, 2.0, 0.5), numbers(growth.at("/series/0/data")));

    // every column sorts: by households ascending puts 夏郢镇 (6) first, then 城东镇 (10), 龙湖镇 (12)
    before = browser.renders();
    browser.find("[data-table=township-table] th[data-column=households]").click();
    browser.waitRendered(before, "townships");
    assertTrue(hash().contains("sort=households&order=asc"), hash());
    assertEquals(List.of("万秀区/夏郢镇", "万秀区/城东镇", "万秀区/龙湖镇"), rowKeys("township-table"));
    before = browser.renders();
    browser.find("[data-table=township-table] th[data-column=households]").click();
    browser.waitRendered(before, "townships");
    assertEquals(List.of("万秀区/龙湖镇", "万秀区/城东镇", "万秀区/夏郢镇"), rowKeys("township-table"));
  }

  @Test
  void drillDownFromTheCityThroughCountyAndTownshipToOneHouseholdsHistory() throws Exception {
    loginAs("city1", "overview");
    browser.open("#/townships?year=2024&quarter=4", "townships");
    // the whole city: four townships of two counties
    assertEquals(4, rowKeys("township-table").size());
    int before = browser.renders();
    browser.find("[data-table=township-table] tr[data-key='万秀区/城东镇'] td[data-column=county] a").click();
    browser.waitRendered(before, "townships");
    assertEquals("#/townships?year=2024&quarter=4&county=万秀区", hash());
    assertEquals(3, rowKeys("township-table").size());
    before = browser.renders();
    browser.find("[data-table=township-table] tr[data-key='万秀区/城东镇'] td[data-column=township] a").click();
    browser.waitRendered(before, "declining");
    assertEquals("#/declining?year=2024&quarter=4&county=万秀区&township=城东镇", hash());
    // 城东镇 in 2024 Q4: H001 (-12.50 %) and H004 (-3.41 %), sorted by change ascending
    assertEquals(List.of("H001", "H004"), rowKeys("declining-table"));
    assertEquals(List.of(2.0, 0.0, 0.0, 0.0), numbers(browser.chart("decline-sources").at("/series/0/data")));
    assertEquals("张*", browser.text("[data-table=declining-table] tr[data-key=H001] td[data-column=head_name_masked]"));
    browser.screenshot("04-declining-township");

    // the check boxes filter the list: only H004 requires escalation and is escalated -> "需提级但未提级" leaves H001
    browser.find("input[data-filter=not_escalated]").click();
    assertEquals(List.of("H001"), rowKeys("declining-table"));

    before = browser.renders();
    browser.find("[data-table=declining-table] tr[data-key=H001]").click();
    browser.waitRendered(before, "household");
    assertEquals("#/household?year=2024&quarter=4&county=万秀区&township=城东镇&id=H001", hash());
    // pc of every quarter of household_history, Q1 and Q3 (in no mart) included; the prior is the
    // same quarter of 2023 (Q2 3500, Q4 8000), none for Q1 and Q3 (no 2023 row)
    JsonNode income = browser.chart("household-income");
    assertEquals(List.of("2023年Q2", "2023年Q4", "2024年Q1", "2024年Q2", "2024年Q3", "2024年Q4"), texts(income.at("/x/0")));
    assertEquals(List.of(3500.0, 8000.0, 1500.0, 3000.0, 5000.0, 7000.0), numbers(income.at("/series/0/data")));
    assertEquals(Arrays.asList(null, null, null, 3500.0, null, 8000.0), numbers(income.at("/series/1/data")));
    // components, stacked: wage 12000, operating 2000, property 1000, transfer 6000 in 2024 Q4
    JsonNode components = browser.chart("household-components");
    assertEquals(List.of("工资性收入", "经营净收入", "财产性收入", "转移性收入"), List.of(components.at("/series/0/name").asText(),
        components.at("/series/1/name").asText(), components.at("/series/2/name").asText(),
        components.at("/series/3/name").asText()));
    assertEquals(List.of(12000.0, 2000.0, 1000.0, 6000.0), List.of(components.at("/series/0/data/5").asDouble(),
        components.at("/series/1/data/5").asDouble(), components.at("/series/2/data/5").asDouble(),
        components.at("/series/3/data/5").asDouble()));
    // employment months, interventions and payments per quarter
    JsonNode support = browser.chart("household-support");
    assertEquals(List.of(6.0, 20.0, 1.0, 2.0, 5.0, 5.0), numbers(support.at("/series/0/data")));
    assertEquals(List.of(0.0, 2.0, 0.0, 1.0, 1.0, 2.0), numbers(support.at("/series/2/data")));
    assertEquals("4", browser.text("[data-table=household-support] tr[data-key='2024-4'] td[data-column=payments_on_time_full]"));
    assertEquals("1,100.00", browser.text("[data-table=household-support] tr[data-key='2024-4'] td[data-column=amount_paid]"));
    assertTrue(browser.text("[data-household-flags]").contains("2024年第四季度"), browser.text("[data-household-flags]"));
    assertTrue(browser.text("[data-household-head]").contains("户主 张*"), browser.text("[data-household-head]"));
    assertEquals(List.of("梧州市", "万秀区", "城东镇", "户 H001"), crumbs());
    browser.screenshot("05-household");

    // back up the breadcrumbs to the city
    before = browser.renders();
    browser.find(".crumbs a[data-crumb='梧州市']").click();
    browser.waitRendered(before, "declining");
    assertEquals("#/declining?year=2024&quarter=4", hash());
    assertEquals(List.of("H001", "H002", "H004", "H003"), rowKeys("declining-table"));
  }

  @Test
  void subsidyAndEvidencePagesChartTheCountysNumbers() throws Exception {
    loginAs("wanxiu", "overview");
    browser.open("#/subsidy?year=2024&quarter=4", "subsidy");
    JsonNode item = browser.chart("subsidy-item");
    // 耕地地力保护补贴 in 万秀区, months 10-11: on time 18 + 6 = 24 of 20 + 10 = 30 -> 80.00 %, overdue 1 + 2 = 3
    // 生态公益林补偿: 5 of 5 -> 100.00 %, overdue 0
    assertEquals(List.of("生态公益林补偿", "耕地地力保护补贴"), texts(item.at("/x/0")));
    assertEquals(List.of(100.0, 80.0), numbers(item.at("/series/0/data")));
    assertEquals(List.of(0.0, 3.0), numbers(item.at("/series/1/data")));
    JsonNode month = browser.chart("subsidy-month");
    // October 18/20 = 90.00 %; November (6 + 5)/(10 + 5) = 73.33 %
    assertEquals(List.of("10月", "11月"), texts(month.at("/x/0")));
    assertEquals(List.of(90.0, 73.33), numbers(month.at("/series/0/data")));
    assertEquals(List.of("万秀区"), texts(browser.chart("subsidy-county").at("/x/0")));
    browser.screenshot("06-subsidy-county");

    browser.open("#/evidence?year=2024&quarter=4", "evidence");
    JsonNode coverage = browser.chart("evidence-township");
    // 城东镇: (min(10000,12000) + min(3000,3000) + min(0,6000) + min(1000,1000)) / (12000+3000+6000+1000)
    //       = 14000 / 22000 = 63.64 %; 龙湖镇: 8000 / 8000 = 100.00 %; lowest first
    assertEquals(List.of("城东镇", "龙湖镇"), texts(coverage.at("/y/0")));
    assertEquals(List.of(63.64, 100.0), numbers(coverage.at("/series/0/data")));
    assertEquals(List.of("H004"), rowKeys("evidence-unsupported"));
    browser.screenshot("07-evidence-county");
  }

  @Test
  void cityWidePagesForTheCityRole() throws Exception {
    loginAs("city1", "overview");
    assertEquals("#/overview?year=2024&quarter=4", hash());
    assertEquals("5.50", browser.text("[data-indicator=E01] [data-value]"));
    browser.screenshot("01-overview-city");
    // printed for a meeting: no navigation, filters or buttons; the cards stay
    browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      assertFalse(browser.find("#nav").isDisplayed());
      assertFalse(browser.find("#filters").isDisplayed());
      assertFalse(browser.find("button[data-print]").isDisplayed());
      assertTrue(browser.find("[data-indicator=E01]").isDisplayed());
      browser.screenshot("01-overview-print");
    } finally {
      browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }

    browser.open("#/quintiles?year=2024&quarter=4", "quintiles");
    JsonNode trend = browser.chart("quintile-trend");
    assertEquals(List.of("2023年", "2024年"), texts(trend.at("/x/0")));
    // 低收入组 pc_mean 2023 = 4000, 2024 = 4400; 高收入组 20000, 20400
    assertEquals(List.of(4000.0, 4400.0), numbers(trend.at("/series/0/data")));
    assertEquals(List.of(20000.0, 20400.0), numbers(trend.at("/series/4/data")));
    JsonNode composition = browser.chart("quintile-composition");
    assertEquals(List.of(40.0, 40.0, 40.0, 40.0, 40.0), numbers(composition.at("/series/0/data")));
    JsonNode transition = browser.chart("quintile-transition");
    // [to - 1, from - 1, households] of base year 2023
    assertEquals("[[0,0,14],[1,0,6],[0,1,6],[1,1,14],[4,4,20]]", transition.at("/series/0/data").toString());
    JsonNode cohort = browser.chart("cohort-progress");
    assertEquals(List.of("2024年Q2", "2024年Q4"), texts(cohort.at("/x/0")));
    assertEquals(List.of(6.67, 6.67), numbers(cohort.at("/series/0/data")));
    assertEquals(List.of(3.33, 5.0), numbers(cohort.at("/series/1/data")));
    browser.screenshot("02-quintiles-city");

    browser.open("#/quality?year=2024&quarter=4", "quality");
    JsonNode feeds = browser.chart("quality-feeds");
    // current (loaded) deliveries only: the replaced finance_payments d3 is left out
    assertEquals(List.of("agri_households", "agri_income_survey", "finance_payments"), texts(feeds.at("/x/0")));
    assertEquals(List.of(97.0, 79.0, 50.0), numbers(feeds.at("/series/0/data")));
    assertEquals(List.of(3.0, 1.0, 0.0), numbers(feeds.at("/series/1/data")));
    JsonNode reasons = browser.chart("quality-reasons");
    assertEquals("BAD_ID", reasons.at("/series/0/name").asText());
    assertEquals(List.of(2.0, 1.0, 0.0), numbers(reasons.at("/series/0/data")));
    assertEquals("MISSING_FIELD", reasons.at("/series/1/name").asText());
    browser.screenshot("08-quality-city");

    browser.open("#/townships?year=2024&quarter=4", "townships");
    browser.screenshot("03-townships-city");
    browser.open("#/subsidy?year=2024&quarter=4", "subsidy");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-table=subsidy-overdue] tbody tr")).size() == 3);
    browser.screenshot("06-subsidy-city");
  }

  @Test
  void exportsDownloadAndParse() throws Exception {
    loginAs("wanxiu", "overview");
    browser.open("#/declining?year=2024&quarter=4", "declining");
    HttpClient http = HttpClient.newHttpClient();
    String cookie = ApiServer.SESSION_COOKIE + "=" + browser.cookie(ApiServer.SESSION_COOKIE);

    String xlsx = browser.find("[data-panel=declining-table] a[data-export=xlsx]").getAttribute("href");
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(xlsx)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    List<String> ids = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(r.body()))) {
      List<Row> rows;
      try (Stream<Row> s = wb.getFirstSheet().openStream()) {
        rows = s.toList();
      }
      int idColumn = -1;
      for (int i = 0; i < rows.get(0).getCellCount(); i++) {
        if ("户编号".equals(rows.get(0).getCellText(i))) {
          idColumn = i;
        }
      }
      assertTrue(idColumn >= 0, "no 户编号 header in the XLSX");
      for (Row row : rows.subList(1, rows.size())) {
        ids.add(row.getCellText(idColumn));
      }
    }
    // 万秀区 2024 Q4 only: the county user never gets 长洲区's H003
    assertEquals(List.of("H001", "H002", "H004"), ids.stream().sorted().toList());

    String csv = browser.find("[data-panel=declining-table] a[data-export=csv]").getAttribute("href");
    HttpResponse<String> c = http.send(HttpRequest.newBuilder(URI.create(csv)).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, c.statusCode());
    assertTrue(c.body().startsWith("\uFEFF"), "the CSV starts with a BOM");
    // header + H001, H002, H004 (the header's wording is the API's: column names or labels)
    List<String> lines = List.of(c.body().strip().split("\r?\n"));
    assertEquals(4, lines.size(), c.body());
    assertEquals(List.of("H001", "H002", "H004"), lines.subList(1, 4).stream().map(l -> l.split(",")[2]).sorted().toList());

    // a chart's CSV is made in the page (UTF-8 with a BOM) and lands in Chrome's download folder
    browser.open("#/townships?year=2024&quarter=4", "townships");
    browser.find("button[data-csv=township-growth]").click();
    Path file = browser.downloads.resolve("township-growth.csv");
    browser.waiting().withMessage("township-growth.csv was not downloaded").until(d -> Files.exists(file));
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertEquals("\uFEFFcounty,township,pc_growth_pct,rank_in_county\r\n万秀区,龙湖镇,5.1,1\r\n万秀区,城东镇,3.2,2\r\n"
        + "万秀区,夏郢镇,-1.05,3\r\n", text);
  }

  @Test
  void aForbiddenPageShowsTheServersRefusalInsteadOfData() throws Exception {
    loginAs("wanxiu", "overview");
    browser.open("#/quintiles?year=2024&quarter=4", "quintiles");
    String message = browser.text("[data-forbidden]");
    assertTrue(message.startsWith("无权访问：您的县区账号（万秀区）不能查看此页面的数据。"), message);
    assertTrue(message.contains("服务器说明：role county may not read mart_quintile_trend"), message);
    assertTrue(browser.driver.findElements(By.cssSelector("[data-chart]")).isEmpty());
    browser.screenshot("09-forbidden-county");
    browser.open("#/quality?year=2024&quarter=4", "quality");
    assertTrue(browser.text("[data-forbidden]").contains("无权访问"));
    // a county filter in a shared link cannot widen the view: the page keeps the user's county
    browser.open("#/townships?year=2024&quarter=4&county=长洲区", "townships");
    assertEquals("#/townships?year=2024&quarter=4&county=万秀区", hash());
  }

  @Test
  void aTownshipUserLandsOnTheirTownship() throws Exception {
    loginAs("chengdong", "townships");
    assertEquals("#/townships?year=2024&quarter=4&county=万秀区&township=城东镇", hash());
    assertFalse(browser.find("#f-township").isEnabled());
    assertEquals(List.of("万秀区/城东镇"), rowKeys("township-table"));
    assertEquals(List.of(3.2), numbers(browser.chart("township-growth").at("/series/0/data")));
    browser.screenshot("10-township-user");
  }

  @Test
  void aWrongPasswordIsExplainedOnTheLoginPage() throws Exception {
    browser.login("wanxiu", "wrong-password");
    browser.waiting().until(d -> browser.find("#login-error").isDisplayed());
    assertEquals("用户名或密码错误。", browser.text("#login-error"));
    browser.screenshot("00-login");
  }

  @Test
  void withoutASessionThePageSendsToTheLoginAndBackToTheSameView() throws Exception {
    loginAs("wanxiu", "overview");
    browser.open("#/evidence?year=2024&quarter=4", "evidence");
    browser.driver.manage().deleteCookieNamed(ApiServer.SESSION_COOKIE);
    // a shared link to the site's root, opened without a session
    browser.get("/#/evidence?year=2024&quarter=4");
    browser.waiting().withMessage("no redirect to the login page").until(d -> browser.url().contains("/login.html?next="));
    browser.find("#username").sendKeys("wanxiu");
    browser.find("#password").sendKeys(PASSWORD);
    browser.find("#login-button").click();
    browser.waitRendered(0, "evidence");
    assertEquals("#/evidence?year=2024&quarter=4&county=万秀区", hash());
  }

  private static List<String> crumbs() {
    List<String> out = new ArrayList<>();
    for (WebElement e : browser.driver.findElements(By.cssSelector(".crumbs [data-crumb]"))) {
      out.add(e.getText());
    }
    return out;
  }

  private static List<String> rowKeys(String table) {
    List<String> out = new ArrayList<>();
    for (WebElement e : browser.driver.findElements(By.cssSelector("[data-table=" + table + "] tbody tr"))) {
      out.add(e.getAttribute("data-key"));
    }
    return out;
  }

  private static void waitForHash(String expected) {
    browser.waiting().withMessage(() -> "url " + hash() + " is not " + expected).until(d -> hash().equals(expected));
  }
}
