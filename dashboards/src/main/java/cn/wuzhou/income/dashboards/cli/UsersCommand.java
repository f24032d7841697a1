package cn.wuzhou.income.dashboards.cli;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.dashboards.auth.Role;
import cn.wuzhou.income.dashboards.auth.User;
import cn.wuzhou.income.dashboards.auth.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code users add|list|remove}: the dashboard users of {@code <home>/users.yaml}. */
@Command(name = "users", mixinStandardHelpOptions = true,
    description = "Manage dashboard users and their roles (<home>/users.yaml).",
    subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Remove.class})
final class UsersCommand implements Runnable {
  @Override
  public void run() {
    throw new IllegalArgumentException("users needs a subcommand: add, list or remove");
  }

  static UserStore store(HomeOption home) {
    WarehouseConfig config = home.config();
    return UserStore.inHome(config.home());
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user (or replace one of the same name). The password is read from standard "
          + "input with --password-stdin, else generated and printed once.")
  static final class Add implements Callable<Integer> {
    @Mixin HomeOption home;

    @Parameters(index = "0", paramLabel = "NAME", description = "User name (letters, digits, _ . @ -).")
    String name;

    @Option(names = "--role", required = true, description = "city, county, township, assessor or analyst.")
    String role;

    @Option(names = "--county", description = "County of a county or township user (a name of conf/regions.csv).")
    String county;

    @Option(names = "--township", description = "Township of a township user.")
    String township;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      WarehouseConfig config = home.config();
      User user = new User(name, Role.parse(role), county, township);
      if (county != null && !config.counties().contains(county)) {
        throw new IllegalArgumentException("--county '" + county + "' is not a county of conf/regions.csv; known: "
            + String.join(", ", config.counties()));
      }
      if (township != null && !config.isKnownTownship(county, township)) {
        throw new IllegalArgumentException("--township '" + township + "' is not a township of " + county
            + " in conf/regions.csv");
      }
      char[] password;
      boolean generated = !passwordStdin;
      if (passwordStdin) {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
          throw new IllegalArgumentException("--password-stdin: standard input is empty");
        }
        password = line.toCharArray();
      } else {
        password = generatePassword();
      }
      String shown = generated ? new String(password) : null;
      UserStore store = UserStore.inHome(config.home());
      store.put(user, password);
      System.out.println("user " + name + " (" + user.role().id()
          + (county == null ? "" : ", " + county) + (township == null ? "" : " " + township) + ") saved to " + store.file());
      if (shown != null) {
        System.out.println("password (shown once): " + shown);
      }
      return 0;
    }

    private static char[] generatePassword() {
      String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
      SecureRandom random = new SecureRandom();
      char[] out = new char[16];
      for (int i = 0; i < out.length; i++) {
        out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      return out;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users (never their hashes).")
  static final class ListUsers implements Callable<Integer> {
    @Mixin HomeOption home;

    @Override
    public Integer call() {
      for (User u : store(home).list()) {
        System.out.println(u.name() + "\t" + u.role().id() + "\t" + (u.county() == null ? "" : u.county())
            + "\t" + (u.township() == null ? "" : u.township()));
      }
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
  static final class Remove implements Callable<Integer> {
    @Mixin HomeOption home;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      if (!store(home).remove(name)) {
        throw new DashboardsCli.UserError("no user named '" + name + "' in " + store(home).file());
      }
      System.out.println("user " + name + " removed");
      return 0;
    }
  }
}
