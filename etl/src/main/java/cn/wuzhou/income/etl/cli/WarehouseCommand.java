package cn.wuzhou.income.etl.cli;

import cn.wuzhou.income.config.ConfigLocator;
import cn.wuzhou.income.config.WarehouseConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/** What every command shares: {@code --home} and the configuration it selects. */
public abstract class WarehouseCommand implements Callable<Integer> {
  @Option(names = "--home", paramLabel = "DIR",
      description = "Warehouse home (Delta tables, serving database, logs, secret key). "
          + "Default: $WAREHOUSE_HOME or home in conf/warehouse.yaml (./warehouse-home).")
  protected Path home;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  protected boolean help;

  /** The configuration, loaded once at the edge; bad values fail here naming their key. */
  protected WarehouseConfig config() {
    return ConfigLocator.load(home);
  }
}
