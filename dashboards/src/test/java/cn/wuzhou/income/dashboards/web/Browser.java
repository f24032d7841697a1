package cn.wuzhou.income.dashboards.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium of the Debian packages ({@value #CHROMIUM}, {@value #CHROMEDRIVER}) driven by
 * Selenium with explicit paths, so Selenium Manager never downloads a browser or driver. Tests
 * are skipped with the reason when either program is missing (CI installs both).
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;
  private final String base;
  private final ObjectMapper json = new ObjectMapper();

  private Browser(ChromeDriver driver, Path profile, Path downloads, String base) {
    this.driver = driver;
    this.profile = profile;
    this.downloads = downloads;
    this.base = base;
  }

  static Browser open(String base) throws IOException {
    assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
        "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
            + " is missing (install the Debian packages chromium and chromium-driver, e.g. .ci/install-browser)");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path profile = Files.createTempDirectory("chromium-profile");
    Path downloads = Files.createTempDirectory("chromium-downloads");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1400,1000", "--lang=zh-CN", "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Browser(driver, profile, downloads, base);
  }

  void get(String path) {
    driver.get(base + path);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** How many renders the page has finished (the view's data-rendered counter). */
  int renders() {
    Object v = js("const v = document.getElementById('view'); return v ? v.getAttribute('data-rendered') : null;");
    return v == null ? 0 : Integer.parseInt(v.toString());
  }

  /** Waits for a render after {@code before} to finish, on {@code page}. */
  void waitRendered(int before, String page) {
    waiting().withMessage(() -> "page " + page + " did not finish rendering; url " + url()).until(d -> {
      Object ready = js("const v = document.getElementById('view'); return v && v.getAttribute('data-ready');");
      return renders() > before && page.equals(ready);
    });
  }

  /** Opens {@code hash} (e.g. "#/townships?year=2024") and waits for its page to render. */
  void open(String hash, String page) {
    int before = renders();
    if (url().contains("/index.html")) {
      js("location.hash = arguments[0];", hash);
    } else {
      get("/index.html" + hash);
      before = 0;
    }
    waitRendered(before, page);
  }

  void login(String user, String password) {
    get("/login.html");
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("login-button")).click();
  }

  /** The chart's data as ECharts holds it: x and y axis categories, series names and data. */
  JsonNode chart(String name) throws IOException {
    Object text = js("const box = document.querySelector('[data-chart=\"' + arguments[0] + '\"]');"
        + "if (!box) return null; const o = echarts.getInstanceByDom(box).getOption();"
        + "return JSON.stringify({x: (o.xAxis || []).map(a => a.data || null), y: (o.yAxis || []).map(a => a.data || null),"
        + " series: o.series.map(s => ({name: s.name, type: s.type, data: s.data}))});", name);
    if (text == null) {
      throw new AssertionError("no chart " + name + " on " + url());
    }
    return json.readTree(text.toString());
  }

  String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  String cookie(String name) {
    return driver.manage().getCookieNamed(name).getValue();
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
    var size = driver.manage().window().getSize();
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(),
        (int) Math.min(Math.max(height + 140, size.getHeight()), 5000)));
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    driver.manage().window().setSize(size);
  }

  @Override
  public void close() {
    driver.quit();
    deleteQuietly(profile);
    deleteQuietly(downloads);
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
