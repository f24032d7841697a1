package cn.wuzhou.income.dashboards.api;

import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.dashboards.audit.AuditLog;
import cn.wuzhou.income.dashboards.auth.Access;
import cn.wuzhou.income.dashboards.auth.LoginThrottle;
import cn.wuzhou.income.dashboards.auth.Sessions;
import cn.wuzhou.income.dashboards.auth.User;
import cn.wuzhou.income.dashboards.auth.UserStore;
import cn.wuzhou.income.dashboards.common.ServingDatabase;
import cn.wuzhou.income.dashboards.db.tables.records.AuditLogRecord;
import cn.wuzhou.income.dashboards.db.tables.records.MartEvaluationMetricsRecord;
import cn.wuzhou.income.dashboards.db.tables.records.PublicationsRecord;
import cn.wuzhou.income.dashboards.export.CsvExport;
import cn.wuzhou.income.dashboards.export.XlsxExport;
import cn.wuzhou.income.dashboards.marts.HouseholdHistoryRepository;
import cn.wuzhou.income.dashboards.marts.MartQuery;
import cn.wuzhou.income.dashboards.marts.MartRepositories;
import cn.wuzhou.income.dashboards.marts.MartRepository;
import cn.wuzhou.income.dashboards.quality.QualityRepository;
import cn.wuzhou.income.models.MartCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API of the dashboards (documented in dashboards/README-api.md). Every request under
 * {@code /api/} except the login needs a live session cookie; every state-changing request
 * needs the session's CSRF token in {@code X-CSRF-Token}; the role rules of {@link Access} are
 * applied here, on the server, for every endpoint. Static pages, when present, are served from
 * the classpath folder {@code web/} at {@code /}; ECharts from its webjar at {@code /webjars/}.
 */
public final class ApiServer {
  public static final String SESSION_COOKIE = "wh_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  /** Marts that can also be downloaded as XLSX (issue 5). */
  public static final Set<String> XLSX_MARTS = Set.of("mart_declining_households", "mart_evaluation_metrics");
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Pattern FEED = Pattern.compile("[a-z_]{1,40}");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  private static final Pattern ACTION = Pattern.compile("[a-z_]{1,20}");
  private static final String USER_ATTRIBUTE = "user";
  private static final String ERROR_ATTRIBUTE = "api-error";

  private final ObjectMapper json = new ObjectMapper();
  private final MartRepositories marts;
  private final HouseholdHistoryRepository history;
  private final QualityRepository quality;
  private final AuditLog audit;
  private final UserStore users;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final Params params;
  private final List<Region> regions;
  private final String city;
  private final Javalin app;

  public ApiServer(ServingDatabase db, UserStore users, List<Region> regions, String city, Clock clock,
      Duration sessionLifetime) {
    this.marts = new MartRepositories(db.dsl());
    this.history = new HouseholdHistoryRepository(db.dsl());
    this.quality = new QualityRepository(db.dsl());
    this.audit = new AuditLog(db.dsl(), clock);
    this.users = users;
    this.sessions = new Sessions(clock, sessionLifetime);
    this.throttle = new LoginThrottle(clock);
    this.params = new Params(regions);
    this.regions = List.copyOf(regions);
    this.city = city;
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      if (ApiServer.class.getClassLoader().getResource("web") != null) {
        config.staticFiles.add("/web", Location.CLASSPATH);
      }
      config.staticFiles.enableWebjars();
    });
    routes();
  }

  public Javalin start(int port) {
    return app.start(port);
  }

  public int port() {
    return app.port();
  }

  public void stop() {
    app.stop();
  }

  private void routes() {
    app.before("/api/*", this::authenticate);
    app.post("/api/login", this::login);
    app.post("/api/logout", this::logout);
    app.get("/api/session", ctx -> ctx.json(sessionJson(ctx)));
    app.get("/api/regions", this::regions);
    app.get("/api/marts", this::listMarts);
    app.get("/api/marts/{mart}", this::martPage);
    app.get("/api/marts/{mart}/export", this::martExport);
    app.get("/api/indicators", this::indicators);
    app.get("/api/households/{id}", this::household);
    app.get("/api/quality", this::quality);
    app.get("/api/audit", this::audit);
    app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.error(), e.getMessage()));
    app.exception(Access.Forbidden.class, (e, ctx) -> error(ctx, 403, "forbidden", e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "internal_error", "the server failed to answer; see its log");
    });
    app.error(404, ctx -> {
      if (ctx.path().startsWith("/api/") && ctx.attribute(ERROR_ATTRIBUTE) == null) {
        error(ctx, 404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path());
      }
    });
  }

  private static void error(Context ctx, int status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", error);
    body.put("message", message);
    ctx.attribute(ERROR_ATTRIBUTE, error);
    ctx.status(status).json(body);
  }

  // --- sessions --------------------------------------------------------------------------

  private void authenticate(Context ctx) {
    if (ctx.path().equals("/api/login")) {
      return;
    }
    Optional<Sessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
    Optional<User> user = session.flatMap(s -> users.find(s.userName()));
    if (user.isEmpty()) {
      throw new ApiError(401, "unauthenticated", "log in first (POST /api/login); the session is missing or expired");
    }
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")
        && !session.get().csrfToken().equals(ctx.header(CSRF_HEADER))) {
      throw new ApiError(403, "csrf", "missing or wrong " + CSRF_HEADER + " header (see GET /api/session)");
    }
    ctx.attribute(USER_ATTRIBUTE, user.get());
    ctx.attribute("session", session.get());
  }

  private static User user(Context ctx) {
    return ctx.attribute(USER_ATTRIBUTE);
  }

  private void login(Context ctx) {
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("the body must be JSON: {\"username\": …, \"password\": …}");
    }
    if (body == null || !body.path("username").isTextual() || !body.path("password").isTextual()) {
      throw ApiError.badRequest("the body must be JSON: {\"username\": …, \"password\": …}");
    }
    String name = body.get("username").asText();
    if (!USER.matcher(name).matches()) {
      throw ApiError.badRequest("username: 1-64 letters, digits or _ . @ -");
    }
    String ip = ctx.ip();
    Optional<Duration> wait = throttle.waitFor(name, ip);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new ApiError(429, "too_many_attempts", "too many failed logins; try again in " + seconds + " s");
    }
    Optional<User> user = users.authenticate(name, body.get("password").asText().toCharArray());
    if (user.isEmpty()) {
      throttle.failed(name, ip);
      audit.record(name, null, AuditLog.LOGIN_FAILED, null, null, null, ip);
      throw new ApiError(401, "invalid_credentials", "wrong user name or password");
    }
    throttle.succeeded(name, ip);
    Sessions.Session session = sessions.open(user.get());
    audit.record(name, user.get().role().id(), AuditLog.LOGIN, null, null, null, ip);
    boolean https = "https".equals(ctx.scheme()) || "https".equals(ctx.header("X-Forwarded-Proto"));
    ctx.header("Set-Cookie", SESSION_COOKIE + "=" + session.token() + "; Path=/; Max-Age="
        + sessions.lifetime().toSeconds() + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
    ctx.attribute(USER_ATTRIBUTE, user.get());
    ctx.attribute("session", session);
    ctx.json(sessionJson(ctx));
  }

  private void logout(Context ctx) {
    Sessions.Session session = ctx.attribute("session");
    sessions.close(session.token());
    audit.record(user(ctx).name(), user(ctx).role().id(), AuditLog.LOGOUT, null, null, null, ctx.ip());
    ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    ctx.status(204);
  }

  private Map<String, Object> sessionJson(Context ctx) {
    User u = user(ctx);
    Sessions.Session s = ctx.attribute("session");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", u.name());
    out.put("role", u.role().id());
    out.put("county", u.county());
    out.put("township", u.township());
    out.put("csrf_token", s.csrfToken());
    out.put("expires_at", s.expiresAt().toString());
    return out;
  }

  // --- marts -----------------------------------------------------------------------------

  private void regions(Context ctx) {
    Params.onlyKnown(ctx, Set.of());
    User u = user(ctx);
    Map<String, List<String>> byCounty = new LinkedHashMap<>();
    for (Region r : regions) {
      if (Access.inArea(u, r.county(), r.township())) {
        byCounty.computeIfAbsent(r.county(), k -> new ArrayList<>()).add(r.township());
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    byCounty.forEach((county, townships) -> out.add(Map.of("county", county, "townships", townships)));
    ctx.json(Map.of("city", city, "counties", out));
  }

  private void listMarts(Context ctx) {
    Params.onlyKnown(ctx, Set.of());
    User u = user(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    for (MartRepository r : marts.all()) {
      if (!Access.canRead(u, r)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.mart().name());
      m.put("label", r.mart().label());
      m.put("grain", r.mart().grain());
      m.put("xlsx", XLSX_MARTS.contains(r.mart().name()));
      m.put("columns", visibleColumns(u, r).stream().map(c -> Map.of("name", c.name(), "type", c.type(),
          "label", c.label(), "definition", c.definition())).toList());
      out.add(m);
    }
    ctx.json(Map.of("marts", out));
  }

  private MartRepository mart(Context ctx) {
    String name = ctx.pathParam("mart");
    return marts.find(name).orElseThrow(() -> ApiError.badRequest("unknown mart '" + name + "'; known: "
        + marts.all().stream().map(r -> r.mart().name()).collect(Collectors.joining(", "))));
  }

  private void martPage(Context ctx) {
    MartRepository mart = mart(ctx);
    User u = user(ctx);
    MartQuery query = Access.restrict(u, mart, params.martQuery(ctx, mart, Params.LIST_PARAMS));
    var page = mart.page(query);
    List<MartCatalog.Column> columns = visibleColumns(u, mart);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mart", mart.mart().name());
    out.put("label", mart.mart().label());
    out.put("filters", Params.filters(query));
    out.put("page", query.page());
    out.put("page_size", query.pageSize());
    out.put("total", page.total());
    out.put("columns", columns.stream().map(MartCatalog.Column::name).toList());
    out.put("rows", page.rows().stream().map(r -> rowJson(r, columns)).toList());
    ctx.json(out);
  }

  private void martExport(Context ctx) throws IOException {
    MartRepository mart = mart(ctx);
    User u = user(ctx);
    Set<String> allowed = new HashSet<>(Params.LIST_PARAMS);
    allowed.add("format");
    MartQuery query = Access.restrict(u, mart, params.martQuery(ctx, mart, allowed));
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("csv");
    if (!format.equals("csv") && !format.equals("xlsx")) {
      throw ApiError.badRequest("format '" + format + "': use csv or xlsx");
    }
    if (format.equals("xlsx") && !XLSX_MARTS.contains(mart.mart().name())) {
      throw ApiError.badRequest("xlsx is available for " + String.join(", ", new TreeSet<>(XLSX_MARTS))
          + "; use format=csv");
    }
    List<Record> rows = mart.all(query);
    List<MartCatalog.Column> columns = visibleColumns(u, mart);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (format.equals("csv")) {
      CsvExport.write(bytes, columns, rows);
      ctx.contentType("text/csv; charset=utf-8");
    } else {
      Optional<PublicationsRecord> publication = quality.latestPublication();
      XlsxExport.write(bytes, new XlsxExport.About(mart.mart().name(), mart.mart().label(),
          publication.map(PublicationsRecord::getAsOf).orElse(null),
          publication.map(PublicationsRecord::getPublishedAt).orElse(null), Params.filters(query)), columns, rows);
      ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
    String file = mart.mart().name() + "." + format;
    ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"; filename*=UTF-8''"
        + URLEncoder.encode(file, StandardCharsets.UTF_8));
    audit.record(u.name(), u.role().id(), AuditLog.EXPORT, mart.mart().name() + "." + format,
        json.writeValueAsString(Params.filters(query)), rows.size(), ctx.ip());
    ctx.result(bytes.toByteArray());
  }

  /** The mart's columns this user may see: analysts never get a name column. */
  private static List<MartCatalog.Column> visibleColumns(User u, MartRepository mart) {
    return mart.mart().columns().stream()
        .filter(c -> Access.seesNames(u) || !c.name().equals(Access.NAME_COLUMN)).toList();
  }

  private static Map<String, Object> rowJson(Record r, List<MartCatalog.Column> columns) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (MartCatalog.Column c : columns) {
      row.put(c.name(), jsonValue(r.get(c.name())));
    }
    return row;
  }

  private static Object jsonValue(Object v) {
    if (v instanceof Temporal t) {
      return t.toString();
    }
    return v;
  }

  // --- indicators, households, quality, audit ----------------------------------------------

  private void indicators(Context ctx) {
    Params.onlyKnown(ctx, Set.of("county"));
    User u = user(ctx);
    if (!Access.canReadIndicators(u)) {
      throw new Access.Forbidden("role " + u.role().id() + " may not read the evaluation indicators");
    }
    String county = Access.restrictArea(u, MartQuery.all().withArea(params.county(ctx), null)).county();
    String level = county == null ? "city" : "county";
    String region = county == null ? city : county;
    List<MartEvaluationMetricsRecord> rows = marts.evaluation().series(level, region);
    Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
    for (MartEvaluationMetricsRecord r : rows) {
      Map<String, Object> indicator = byCode.computeIfAbsent(r.getIndicatorCode(), code -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", r.getIndicatorName());
        m.put("unit", r.getUnit());
        m.put("series", new ArrayList<Map<String, Object>>());
        return m;
      });
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("year", r.getYear());
      point.put("quarter", r.getQuarter());
      point.put("numerator", r.getNumerator());
      point.put("denominator", r.getDenominator());
      point.put("value", r.getValue());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> series = (List<Map<String, Object>>) indicator.get("series");
      series.add(point);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("region_level", level);
    out.put("region", region);
    out.put("as_of", quality.latestPublication().map(p -> p.getAsOf() == null ? null : p.getAsOf().toString()).orElse(null));
    out.put("indicators", List.copyOf(byCode.values()));
    ctx.json(out);
  }

  private void household(Context ctx) {
    Params.onlyKnown(ctx, Set.of());
    User u = user(ctx);
    String id = Params.householdId(ctx.pathParam("id"));
    MartRepository declining = marts.declining();
    MartRepository evidence = marts.evidence();
    if (!Access.canRead(u, declining)) {
      throw new Access.Forbidden("role " + u.role().id() + " may not read household histories");
    }
    Map<String, List<? extends Record>> rows = new LinkedHashMap<>();
    rows.put("history", history.history(id));
    rows.put("declining", marts.declining().history(id));
    rows.put("evidence", marts.evidence().history(id));
    if (rows.values().stream().allMatch(List::isEmpty)) {
      throw ApiError.notFound("household " + id + " is in none of household_history, mart_declining_households"
          + " and mart_income_evidence");
    }
    Map<String, List<MartCatalog.Column>> columns = Map.of("history", history.columns(),
        "declining", visibleColumns(u, declining), "evidence", visibleColumns(u, evidence));
    Map<String, Map<String, Object>> periods = new TreeMap<>();
    Map<String, Object> latest = new LinkedHashMap<>();
    latest.put("history", null);
    latest.put("declining", null);
    latest.put("evidence", null);
    for (Map.Entry<String, List<? extends Record>> source : rows.entrySet()) {
      for (Record r : source.getValue()) {
        if (!Access.inArea(u, r.get("county", String.class), r.get("township", String.class))) {
          continue;
        }
        int year = r.get("year", Integer.class);
        int quarter = r.get("quarter", Integer.class);
        Map<String, Object> period = periods.computeIfAbsent(String.format("%04d-%d", year, quarter), k -> {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("year", year);
          p.put("quarter", quarter);
          p.put("history", null);
          p.put("declining", null);
          p.put("evidence", null);
          return p;
        });
        Map<String, Object> json = rowJson(r, columns.get(source.getKey()));
        period.put(source.getKey(), json);
        // rows come oldest first: the last one in the area is the latest
        latest.put(source.getKey(), json);
      }
    }
    if (periods.isEmpty()) {
      throw new Access.Forbidden("household " + id + " is outside your area");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("household_id", id);
    out.put("latest", latest);
    out.put("periods", List.copyOf(periods.values()));
    ctx.json(out);
  }

  private void quality(Context ctx) {
    Params.onlyKnown(ctx, Set.of("feed"));
    User u = user(ctx);
    if (!Access.canReadQuality(u)) {
      throw new Access.Forbidden("role " + u.role().id() + " may not read the data-quality report");
    }
    String feed = Params.word(ctx, "feed", FEED);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("publication", quality.latestPublication().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("published_at", p.getPublishedAt().toString());
      m.put("as_of", p.getAsOf() == null ? null : p.getAsOf().toString());
      return m;
    }).orElse(null));
    out.put("deliveries", quality.deliveries(feed).stream().map(ApiServer::recordJson).toList());
    out.put("quarantine", quality.quarantineCounts(feed).stream().map(ApiServer::recordJson).toList());
    ctx.json(out);
  }

  private void audit(Context ctx) {
    Params.onlyKnown(ctx, Set.of("user", "action", "limit"));
    User u = user(ctx);
    if (!Access.canReadAudit(u)) {
      throw new Access.Forbidden("only the city role may read the audit log");
    }
    Integer limit = Params.intParam(ctx, "limit", 1, 10_000);
    List<AuditLogRecord> rows = audit.list(Params.word(ctx, "user", USER), Params.word(ctx, "action", ACTION),
        limit == null ? 500 : limit);
    ctx.json(Map.of("events", rows.stream().map(ApiServer::recordJson).toList()));
  }

  private static Map<String, Object> recordJson(Record r) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (var f : r.fields()) {
      Object v = r.get(f);
      row.put(f.getName(), jsonValue(v));
    }
    return row;
  }
}
