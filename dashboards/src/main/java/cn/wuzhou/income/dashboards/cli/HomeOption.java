package cn.wuzhou.income.dashboards.cli;

import cn.wuzhou.income.config.ConfigLocator;
import cn.wuzhou.income.config.WarehouseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home} and the configuration it selects, shared by the dashboards' commands. */
final class HomeOption {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Warehouse home (serving database, users.yaml). Default: $WAREHOUSE_HOME or "
          + "home in conf/warehouse.yaml (./warehouse-home).")
  Path home;

  WarehouseConfig config() {
    return ConfigLocator.load(home);
  }
}
