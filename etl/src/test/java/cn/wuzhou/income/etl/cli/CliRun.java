package cn.wuzhou.income.etl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code bin/warehouse} in-process with captured standard output and error. */
record CliRun(int exitCode, String out, String err) {
  /** The repository's {@code conf/} (surefire sets warehouse.repo.root). */
  static Path repositoryConf() {
    String root = System.getProperty("warehouse.repo.root", Path.of("..").toAbsolutePath().normalize().toString());
    return Path.of(root, "conf");
  }

  /** Points the configuration at {@link #repositoryConf()}. */
  static void useRepositoryConf() {
    System.setProperty("warehouse.conf", repositoryConf().toString());
  }

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = WarehouseCli.configure(new CommandLine(new WarehouseCli()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
