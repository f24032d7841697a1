package cn.wuzhou.income.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the {@code conf/} folder: the {@code warehouse.conf} system property (set by
 * {@code bin/warehouse}), else the {@code WAREHOUSE_CONF} variable, else {@code ./conf}.
 */
public final class ConfigLocator {
  private ConfigLocator() {}

  public static Path confDir() {
    String prop = System.getProperty("warehouse.conf");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("WAREHOUSE_CONF");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of("conf");
  }

  /** Loads the configuration of this process; {@code home} is the {@code --home} option or null. */
  public static WarehouseConfig load(Path home) {
    Map<String, String> env = System.getenv();
    Path dir = confDir();
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("configuration folder " + dir.toAbsolutePath()
          + " not found; set WAREHOUSE_CONF to the project's conf/ folder");
    }
    return WarehouseConfig.load(dir, env, home);
  }
}
