package cn.wuzhou.income.dashboards.cli;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.dashboards.api.ApiServer;
import cn.wuzhou.income.dashboards.auth.UserStore;
import cn.wuzhou.income.dashboards.common.ServingDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve [--port 8080]}: the web dashboards and their JSON API over the serving database. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the web dashboards and their JSON API (see dashboards/README-api.md).")
final class ServeCommand implements Callable<Integer> {
  private static volatile boolean serving;

  @Mixin HomeOption home;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--session-hours", defaultValue = "8",
      description = "Hours a login stays valid (default ${DEFAULT-VALUE}).")
  int sessionHours;

  static boolean serving() {
    return serving;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + " is not a TCP port (0..65535)");
    }
    if (sessionHours < 1 || sessionHours > 72) {
      throw new IllegalArgumentException("--session-hours " + sessionHours + ": use 1..72");
    }
    WarehouseConfig config = home.config();
    ServingDatabase db = ServingDatabase.open(config.effectiveServingUrl(), config.servingPassword());
    UserStore users = UserStore.inHome(config.home());
    ApiServer server = new ApiServer(db, users, config.regions(), config.city(), Clock.systemDefaultZone(),
        Duration.ofHours(sessionHours));
    server.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      db.close();
    }));
    serving = true;
    System.err.println("warehouse: serving http://localhost:" + server.port() + "/ (API under /api/; users from "
        + users.file() + (users.list().isEmpty() ? ", which has no users yet: add one with 'bin/warehouse users add'" : "")
        + "); Ctrl-C stops");
    return 0;
  }
}
