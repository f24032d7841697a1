package cn.wuzhou.income.dashboards.api;

import java.net.http.HttpResponse;
import java.nio.file.Path;

/** {@link TestServer} for tests of other packages: log in as a fixture user and download. */
public final class TestServerAccess implements AutoCloseable {
  private final TestServer server;

  public TestServerAccess(Path dir) throws Exception {
    server = new TestServer(dir);
  }

  public HttpResponse<byte[]> download(String user, String path) throws Exception {
    return server.getBytes(path, server.login(user).cookie());
  }

  @Override
  public void close() {
    server.close();
  }
}
