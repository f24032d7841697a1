package cn.wuzhou.income.etl.cli;

import cn.wuzhou.income.config.ConfigException;
import cn.wuzhou.income.etl.generate.GenerateCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Spark side of {@code bin/warehouse}: generate, run, check, export, sql. The launcher sends
 * serve, users and superset to the dashboards module, which has no Spark on its classpath.
 */
@Command(name = "warehouse", mixinStandardHelpOptions = true, version = "warehouse 0.1.0",
    description = "Wuzhou low-income population income warehouse (梧州市低收入脱贫人口增收数据仓库).",
    subcommands = {GenerateCommand.class, RunCommand.class, CheckCommand.class, ExportCommand.class,
        SqlCommand.class})
public final class WarehouseCli implements Runnable {
  /** Exit code of a bad command line. */
  public static final int USAGE = 2;
  /** Exit code of a failed run (bad configuration, bad data that stops the job). */
  public static final int FAILED = 1;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cli = configure(new CommandLine(new WarehouseCli()));
    // Results go to standard output in UTF-8 whatever the platform's default charset.
    cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    return cli.execute(args);
  }

  /** One clear line for bad arguments (exit 2) and for failures (exit 1): no stack traces for users. */
  public static CommandLine configure(CommandLine cli) {
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("warehouse: " + ex.getMessage() + " (see 'bin/warehouse "
          + commandPath(ex.getCommandLine()) + "--help')");
      err.flush();
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        report(ex, commandLine.getCommandName(), commandLine.getErr()));
    return cli;
  }

  /**
   * Prints a failure of {@code command} for the user and returns its exit code: one line for bad
   * configuration or input ({@link UserException}), the stack trace too for anything unexpected.
   */
  public static int report(Exception ex, String command, PrintWriter err) {
    if (ex instanceof ConfigException) {
      err.println("warehouse: configuration: " + ex.getMessage());
    } else if (ex instanceof UserException) {
      err.println("warehouse: " + ex.getMessage());
    } else {
      err.println("warehouse: " + command + " failed: " + ex);
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof UserException u ? u.exitCode() : FAILED;
  }

  private static String commandPath(CommandLine cl) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }
}
