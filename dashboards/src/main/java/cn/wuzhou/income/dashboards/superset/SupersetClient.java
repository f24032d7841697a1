package cn.wuzhou.income.dashboards.superset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports a bundle into a running Superset through its REST API, as its web UI does:
 * {@code POST /api/v1/security/login} (database provider) for a bearer token,
 * {@code GET /api/v1/security/csrf_token/} for the CSRF token and its session cookie, then
 * {@code POST /api/v1/dashboard/import/} (multipart: {@code formData} = the ZIP,
 * {@code passwords} = JSON of database file → password, {@code overwrite=true}). Failures are
 * {@link SupersetException}s with one line for the user.
 */
public final class SupersetClient {
  static final String LOGIN = "/api/v1/security/login";
  static final String CSRF = "/api/v1/security/csrf_token/";
  static final String IMPORT = "/api/v1/dashboard/import/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  public SupersetClient(String baseUrl) {
    String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new SupersetException("--url '" + baseUrl + "' is not an http(s) URL (e.g. http://superset:8088)");
    }
    this.baseUrl = url;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Logs in, fetches the CSRF token and imports {@code zip}; overwrites objects with the same UUIDs. */
  public void importDashboards(String user, String password, byte[] zip, Map<String, String> dbPasswords) {
    String token = login(user, password);
    String csrf = csrfToken(token);
    Multipart body = new Multipart()
        .file("formData", "warehouse_superset.zip", "application/zip", zip)
        .field("passwords", json(dbPasswords))
        .field("overwrite", "true");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + IMPORT))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("X-CSRFToken", csrf)
        .header("Referer", baseUrl + "/")
        .header("Accept", "application/json")
        .header("Content-Type", body.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
    HttpResponse<String> response = send(withCookies(request).build(), "import the bundle");
    int status = response.statusCode();
    if (status == 200 || status == 201) {
      return;
    }
    String message = message(response.body());
    if (status == 400 && message.toLowerCase().contains("csrf")) {
      throw new SupersetException("Superset at " + baseUrl + " refused the import: " + message
          + " (the session cookie of " + CSRF + " did not come back; a proxy between may drop cookies)");
    }
    if (status == 401 || status == 403) {
      throw new SupersetException("Superset at " + baseUrl + " refused the import (HTTP " + status + "): "
          + message + "; the user '" + user + "' needs the right to import dashboards (e.g. role Admin)");
    }
    throw new SupersetException("Superset at " + baseUrl + " rejected the bundle (HTTP " + status + "): " + message);
  }

  String login(String user, String password) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("username", user);
    payload.put("password", password);
    payload.put("provider", "db");
    payload.put("refresh", true);
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + LOGIN))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json(payload), StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response = send(request, "log in");
    if (response.statusCode() == 401) {
      throw new SupersetException("Superset at " + baseUrl + " refused the login of user '" + user
          + "': wrong user name or password (" + message(response.body()) + ")");
    }
    if (response.statusCode() != 200) {
      throw new SupersetException("Superset login at " + baseUrl + LOGIN + " failed (HTTP "
          + response.statusCode() + "): " + message(response.body()));
    }
    JsonNode token = parse(response.body()).path("access_token");
    if (!token.isTextual() || token.asText().isBlank()) {
      throw new SupersetException("Superset login at " + baseUrl + LOGIN + " answered without an access_token"
          + " (is this the Superset URL?)");
    }
    remember(response);
    return token.asText();
  }

  String csrfToken(String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + CSRF))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer)
        .header("Accept", "application/json")
        .GET();
    HttpResponse<String> response = send(withCookies(request).build(), "get a CSRF token");
    JsonNode result = parse(response.body()).path("result");
    if (response.statusCode() != 200 || !result.isTextual() || result.asText().isBlank()) {
      throw new SupersetException("Superset at " + baseUrl + " gave no CSRF token (GET " + CSRF + " answered HTTP "
          + response.statusCode() + ": " + message(response.body()) + ")");
    }
    remember(response);
    return result.asText();
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new SupersetException("cannot reach Superset at " + baseUrl + " to " + what
          + ": connection timed out; check --url and that Superset is running");
    } catch (ConnectException e) {
      throw new SupersetException("cannot reach Superset at " + baseUrl + " to " + what
          + ": connection refused; check --url and that Superset is running");
    } catch (HttpTimeoutException e) {
      throw new SupersetException("Superset at " + baseUrl + " did not answer in time to " + what);
    } catch (IOException e) {
      throw new SupersetException("cannot reach Superset at " + baseUrl + " to " + what + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SupersetException("interrupted while waiting for Superset at " + baseUrl);
    }
  }

  private void remember(HttpResponse<?> response) {
    for (String setCookie : response.headers().allValues("Set-Cookie")) {
      String pair = setCookie.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq > 0) {
        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
  }

  /** Sends back the cookies Superset set (its session cookie carries the CSRF secret). */
  private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      cookies.forEach((k, v) -> pairs.add(k + "=" + v));
      request.header("Cookie", String.join("; ", pairs));
    }
    return request;
  }

  /**
   * Superset's error text from a JSON body: {@code message}, {@code msg} (flask-jwt) or
   * {@code errors[].message} with the per-file details of {@code errors[].extra}.
   */
  static String message(String body) {
    JsonNode json = parse(body);
    if (json.isMissingNode()) {
      String text = body == null ? "" : body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
      return text.isEmpty() ? "(empty answer)" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode error : json.path("errors")) {
      String m = error.path("message").asText("");
      List<String> details = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> extra = error.path("extra").fields();
      while (extra.hasNext()) {
        Map.Entry<String, JsonNode> e = extra.next();
        if (!e.getKey().equals("issue_codes")) {
          details.add(e.getKey() + ": " + compact(e.getValue()));
        }
      }
      parts.add(details.isEmpty() ? m : m + " (" + String.join("; ", details) + ")");
    }
    if (parts.isEmpty()) {
      JsonNode m = json.has("message") ? json.get("message") : json.path("msg");
      parts.add(m.isMissingNode() ? compact(json) : m.isTextual() ? m.asText() : compact(m));
    }
    return String.join("; ", parts);
  }

  private static String compact(JsonNode node) {
    return node.isTextual() ? node.asText() : node.toString();
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    } catch (IOException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A multipart/form-data body (RFC 7578): text fields and one file. */
  static final class Multipart {
    private final String boundary = "----warehouse" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Multipart field(String name, String value) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
          + "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
      write(value);
      write("\r\n");
      return this;
    }

    Multipart file(String name, String fileName, String type, byte[] content) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
          + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n");
      out.writeBytes(content);
      write("\r\n");
      return this;
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      copy.writeBytes(out.toByteArray());
      copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return copy.toByteArray();
    }

    private void write(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }
}
