package cn.wuzhou.income.dashboards.superset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in is as strict as Superset, so the push tests passing means the client does it right. */
class FakeSupersetTest {
  final HttpClient http = HttpClient.newHttpClient();
  FakeSuperset superset;

  @BeforeEach
  void start() throws Exception {
    superset = new FakeSuperset();
  }

  @AfterEach
  void stop() {
    superset.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder importRequest() {
    SupersetClient.Multipart body = new SupersetClient.Multipart()
        .file("formData", "b.zip", "application/zip", SupersetBundleTest.bundle().zipBytes())
        .field("passwords", "{\"databases/warehouse.yaml\": \"pw\"}")
        .field("overwrite", "true");
    return HttpRequest.newBuilder(URI.create(superset.url() + SupersetClient.IMPORT))
        .header("Content-Type", body.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
  }

  @Test
  void everyCallButLoginNeedsTheBearerAndTheImportTheCsrfTokenOfItsSession() throws Exception {
    assertEquals(401, send(importRequest()).statusCode());
    assertEquals(401, send(HttpRequest.newBuilder(URI.create(superset.url() + SupersetClient.CSRF))).statusCode());

    String token = new SupersetClient(superset.url()).login(FakeSuperset.USER, FakeSuperset.PASSWORD);
    HttpResponse<String> csrf = send(HttpRequest.newBuilder(URI.create(superset.url() + SupersetClient.CSRF))
        .header("Authorization", "Bearer " + token));
    String csrfToken = new ObjectMapper().readTree(csrf.body()).path("result").asText();
    String cookie = csrf.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

    HttpResponse<String> noCookie = send(importRequest().header("Authorization", "Bearer " + token)
        .header("X-CSRFToken", csrfToken));
    assertEquals(400, noCookie.statusCode());
    assertEquals("The CSRF session token is missing.", SupersetClient.message(noCookie.body()));

    HttpResponse<String> noHeader = send(importRequest().header("Authorization", "Bearer " + token)
        .header("Cookie", cookie));
    assertEquals("The CSRF token is missing.", SupersetClient.message(noHeader.body()));

    HttpResponse<String> wrong = send(importRequest().header("Authorization", "Bearer " + token)
        .header("Cookie", cookie).header("X-CSRFToken", "not-" + csrfToken));
    assertEquals("The CSRF tokens do not match.", SupersetClient.message(wrong.body()));

    HttpResponse<String> ok = send(importRequest().header("Authorization", "Bearer " + token)
        .header("Cookie", cookie).header("X-CSRFToken", csrfToken));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(1, superset.imports);
  }

  @Test
  void importNeedsTheFormDataField() throws Exception {
    String token = new SupersetClient(superset.url()).login(FakeSuperset.USER, FakeSuperset.PASSWORD);
    HttpResponse<String> csrf = send(HttpRequest.newBuilder(URI.create(superset.url() + SupersetClient.CSRF))
        .header("Authorization", "Bearer " + token));
    SupersetClient.Multipart body = new SupersetClient.Multipart()
        .file("bundle", "b.zip", "application/zip", SupersetBundleTest.bundle().zipBytes());
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(superset.url() + SupersetClient.IMPORT))
        .header("Content-Type", body.contentType())
        .header("Authorization", "Bearer " + token)
        .header("Cookie", csrf.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0])
        .header("X-CSRFToken", new ObjectMapper().readTree(csrf.body()).path("result").asText())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())));
    assertEquals(400, answer.statusCode());
    assertEquals(Map.of("message", "Arguments are not correct"), new ObjectMapper().readValue(answer.body(), Map.class));
  }
}
