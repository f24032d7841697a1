package cn.wuzhou.income.dashboards.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in Superset on a random 127.0.0.1 port that enforces what the real one does on the
 * three calls of a push: the login JSON ({@code provider: db}), a bearer token on every other
 * call (401 otherwise), a CSRF token tied to the session cookie set by the CSRF endpoint (400
 * "The CSRF session token is missing." without the cookie, "The CSRF token is missing." without
 * the header, "The CSRF tokens do not match." otherwise), the multipart field names
 * ({@code formData}, {@code passwords}, {@code overwrite}) and the bundle ({@link BundleValidator};
 * 422 with per-file messages). Imported objects are kept by UUID, as Superset keeps them.
 */
final class FakeSuperset implements AutoCloseable {
  static final String USER = "admin";
  static final String PASSWORD = "s3cret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, String> csrfBySession = new ConcurrentHashMap<>();
  /** Kind (databases, datasets, charts, dashboards) → uuid → name: what Superset now holds. */
  final Map<String, Map<String, String>> objects = new TreeMap<>();
  final List<Map<String, String>> receivedPasswords = new ArrayList<>();
  volatile boolean setSessionCookie = true;
  volatile int imports;

  FakeSuperset() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(SupersetClient.LOGIN, this::login);
    server.createContext(SupersetClient.CSRF, this::csrf);
    server.createContext(SupersetClient.IMPORT, this::importBundle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void login(HttpExchange ex) throws IOException {
    JsonNode body;
    try {
      body = JSON.readTree(ex.getRequestBody().readAllBytes());
    } catch (IOException e) {
      answer(ex, 400, Map.of("message", "Request is not JSON"));
      return;
    }
    if (!"POST".equals(ex.getRequestMethod()) || !"db".equals(body.path("provider").asText())
        || !body.has("username") || !body.has("password")) {
      answer(ex, 400, Map.of("message", "Missing username, password or provider db"));
      return;
    }
    if (!USER.equals(body.path("username").asText()) || !PASSWORD.equals(body.path("password").asText())) {
      answer(ex, 401, Map.of("message", "Not authorized"));
      return;
    }
    String token = UUID.randomUUID().toString();
    tokens.add(token);
    answer(ex, 200, Map.of("access_token", token, "refresh_token", UUID.randomUUID().toString()));
  }

  private void csrf(HttpExchange ex) throws IOException {
    if (!authorized(ex)) {
      return;
    }
    String session = UUID.randomUUID().toString();
    String csrf = UUID.randomUUID().toString();
    csrfBySession.put(session, csrf);
    if (setSessionCookie) {
      ex.getResponseHeaders().add("Set-Cookie", "session=" + session + "; HttpOnly; Path=/; SameSite=Lax");
    }
    answer(ex, 200, Map.of("result", csrf));
  }

  private void importBundle(HttpExchange ex) throws IOException {
    if (!authorized(ex)) {
      return;
    }
    String session = cookie(ex, "session");
    String header = ex.getRequestHeaders().getFirst("X-CSRFToken");
    String error = session == null || !csrfBySession.containsKey(session) ? "The CSRF session token is missing."
        : header == null ? "The CSRF token is missing."
        : !header.equals(csrfBySession.get(session)) ? "The CSRF tokens do not match." : null;
    if (error != null) {
      answer(ex, 400, Map.of("errors", List.of(Map.of("message", error, "error_type", "GENERIC_BACKEND_ERROR"))));
      return;
    }
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    Map<String, byte[]> parts;
    try {
      parts = multipart(contentType, ex.getRequestBody().readAllBytes());
    } catch (IllegalArgumentException e) {
      answer(ex, 400, Map.of("message", e.getMessage()));
      return;
    }
    if (!parts.containsKey("formData")) {
      answer(ex, 400, Map.of("message", "Arguments are not correct"));
      return;
    }
    Map<String, String> passwords = new HashMap<>();
    if (parts.containsKey("passwords")) {
      JSON.readTree(parts.get("passwords")).fields()
          .forEachRemaining(e -> passwords.put(e.getKey(), e.getValue().asText()));
    }
    boolean overwrite = "true".equals(new String(parts.getOrDefault("overwrite", new byte[0]), StandardCharsets.UTF_8));
    BundleValidator.Contents bundle;
    try {
      bundle = BundleValidator.read(parts.get("formData"));
    } catch (IOException e) {
      answer(ex, 422, Map.of("errors", List.of(Map.of("message", "Not a valid ZIP file: " + e.getMessage()))));
      return;
    }
    Map<String, List<String>> problems = BundleValidator.validate(bundle, passwords);
    if (!problems.isEmpty()) {
      Map<String, Object> extra = new LinkedHashMap<>(problems);
      extra.put("issue_codes", List.of(Map.of("code", 1010, "message", "Issue 1010")));
      answer(ex, 422, Map.of("errors", List.of(Map.of("message", "Error importing dashboard",
          "error_type", "GENERIC_COMMAND_ERROR", "level", "warning", "extra", extra))));
      return;
    }
    synchronized (objects) {
      store(bundle, "databases", "database_name", overwrite);
      store(bundle, "datasets", "table_name", overwrite);
      store(bundle, "charts", "slice_name", overwrite);
      store(bundle, "dashboards", "dashboard_title", overwrite);
      receivedPasswords.add(passwords);
      imports++;
    }
    answer(ex, 200, Map.of("message", "OK"));
  }

  private void store(BundleValidator.Contents bundle, String kind, String nameKey, boolean overwrite) {
    Map<String, String> held = objects.computeIfAbsent(kind, k -> new TreeMap<>());
    for (JsonNode y : bundle.ofKind(kind)) {
      String uuid = y.path("uuid").asText();
      if (overwrite || !held.containsKey(uuid)) {
        held.put(uuid, y.path(nameKey).asText());
      }
    }
  }

  private boolean authorized(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      answer(ex, 401, Map.of("msg", "Missing Authorization Header"));
      return false;
    }
    if (!tokens.contains(auth.substring("Bearer ".length()))) {
      answer(ex, 401, Map.of("msg", "Signature verification failed"));
      return false;
    }
    return true;
  }

  private static String cookie(HttpExchange ex, String name) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";")) {
        String[] kv = pair.trim().split("=", 2);
        if (kv.length == 2 && kv[0].equals(name)) {
          return kv[1];
        }
      }
    }
    return null;
  }

  /** Parts of a multipart/form-data body by field name (RFC 7578). */
  static Map<String, byte[]> multipart(String contentType, byte[] body) {
    if (contentType == null || !contentType.startsWith("multipart/form-data; boundary=")) {
      throw new IllegalArgumentException("Request is not multipart/form-data");
    }
    byte[] delimiter = ("--" + contentType.substring(contentType.indexOf("boundary=") + 9))
        .getBytes(StandardCharsets.ISO_8859_1);
    Map<String, byte[]> parts = new LinkedHashMap<>();
    int pos = indexOf(body, delimiter, 0);
    while (pos >= 0) {
      int start = pos + delimiter.length;
      if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start += 2; // CRLF after the delimiter
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      int next = indexOf(body, delimiter, headersEnd);
      if (headersEnd < 0 || next < 0) {
        throw new IllegalArgumentException("Malformed multipart body");
      }
      String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
      String name = headers.replaceAll("(?s).*?;\\s*name=\"([^\"]*)\".*", "$1");
      parts.put(name, Arrays.copyOfRange(body, headersEnd + 4, next - 2));
      pos = next;
    }
    return parts;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void answer(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
