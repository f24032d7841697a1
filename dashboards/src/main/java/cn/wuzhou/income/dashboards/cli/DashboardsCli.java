package cn.wuzhou.income.dashboards.cli;

import cn.wuzhou.income.config.ConfigException;
import java.io.PrintWriter;
import cn.wuzhou.income.dashboards.superset.SupersetCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The dashboards side of {@code bin/warehouse}: serve and users (no Spark on this classpath).
 * Bad arguments exit 2 and failures exit 1, each with one clear line, as the Spark side does.
 */
@Command(name = "warehouse", mixinStandardHelpOptions = true, version = "warehouse 0.1.0",
    description = "Wuzhou income warehouse: dashboards, JSON API and users.",
    subcommands = {ServeCommand.class, UsersCommand.class, SupersetCommand.class})
public final class DashboardsCli implements Runnable {
  public static final int USAGE = 2;
  public static final int FAILED = 1;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    int code = execute(args);
    if (code != 0 || !ServeCommand.serving()) {
      System.exit(code);
    }
  }

  public static int execute(String... args) {
    return configure(new CommandLine(new DashboardsCli())).execute(args);
  }

  static CommandLine configure(CommandLine cli) {
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("warehouse: " + ex.getMessage() + " (see 'bin/warehouse "
          + commandPath(ex.getCommandLine()) + "--help')");
      err.flush();
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (ex instanceof ConfigException) {
        err.println("warehouse: configuration: " + ex.getMessage());
      } else if (ex instanceof IllegalArgumentException || ex instanceof UserError) {
        err.println("warehouse: " + ex.getMessage());
      } else {
        err.println("warehouse: " + commandLine.getCommandName() + " failed: " + ex);
        ex.printStackTrace(err);
      }
      err.flush();
      return ex instanceof IllegalArgumentException ? USAGE : FAILED;
    });
    return cli;
  }

  /** A failure whose message is for the user as it is. */
  static final class UserError extends RuntimeException {
    UserError(String message) {
      super(message);
    }
  }

  private static String commandPath(CommandLine cl) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }
}
