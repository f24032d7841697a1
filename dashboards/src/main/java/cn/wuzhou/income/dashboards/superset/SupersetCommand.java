package cn.wuzhou.income.dashboards.superset;

import cn.wuzhou.income.config.ConfigException;
import cn.wuzhou.income.config.ConfigLocator;
import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.dashboards.superset.RowLevelSecurity.Rule;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/warehouse superset bundle|push|rls}: the Superset assets of the warehouse (see
 * dashboards/SUPERSET.md). Failures print one line {@code warehouse: superset <cmd>: …} on
 * standard error and exit 1.
 */
@Command(name = "superset", mixinStandardHelpOptions = true,
    description = "Superset dashboards as code: write the import bundle, push it to a running Superset, "
        + "print the row-level-security rules.",
    subcommands = {SupersetCommand.Bundle.class, SupersetCommand.Push.class, SupersetCommand.Rls.class})
public final class SupersetCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs {@code superset …} on its own (until the dashboards CLI registers it). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SupersetCommand()).execute(args));
  }

  /** What the subcommands share: {@code --home}, the configuration and one-line failures. */
  abstract static class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR",
        description = "Warehouse home. Default: $WAREHOUSE_HOME or home in conf/warehouse.yaml.")
    Path home;

    @Override
    public final Integer call() {
      try {
        return execute();
      } catch (SupersetException | ConfigException | IllegalArgumentException | IllegalStateException
          | UncheckedIOException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("warehouse: superset " + spec.name() + ": " + e.getMessage());
        err.flush();
        return 1;
      }
    }

    abstract int execute();

    WarehouseConfig config() {
      return ConfigLocator.load(home);
    }
  }

  /** Bundle options shared by {@code bundle} and {@code push}. */
  abstract static class WithTarget extends Base {
    @Option(names = "--sqlalchemy-uri", paramLabel = "URI",
        description = "How Superset connects to the PostgreSQL serving database, e.g. "
            + "postgresql://warehouse@db:5432/warehouse (a password in it is masked). "
            + "Default: derived from the configured serving URL when it is PostgreSQL.")
    String sqlalchemyUri;

    @Option(names = "--schema", paramLabel = "SCHEMA",
        description = "Schema of the marts with --sqlalchemy-uri (default: public).")
    String schema = "public";

    ServingTarget target(WarehouseConfig config) {
      if (sqlalchemyUri != null) {
        return ServingTarget.fromSqlalchemyUri(sqlalchemyUri, schema);
      }
      String url = config.effectiveServingUrl();
      if (url.startsWith("jdbc:postgresql:")) {
        return ServingTarget.fromJdbcUrl(url);
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("warehouse: superset " + spec.name() + ": the serving database is the embedded H2 file, which"
          + " Superset cannot read; the bundle points at " + ServingTarget.PLACEHOLDER_URI
          + " (set serving.url in conf/warehouse.yaml or give --sqlalchemy-uri)");
      err.flush();
      return ServingTarget.fromSqlalchemyUri(ServingTarget.PLACEHOLDER_URI, "public");
    }
  }

  @Command(name = "bundle", mixinStandardHelpOptions = true,
      description = "Write the Superset import bundle (ZIP of YAML: database, a dataset per mart, charts, "
          + "one dashboard per web page).")
  static final class Bundle extends WithTarget {
    @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "The ZIP to write.")
    Path out;

    @Override
    int execute() {
      WarehouseConfig config = config();
      SupersetBundle bundle = SupersetBundle.build(SupersetAssets.load(), target(config), Instant.now());
      try {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (OutputStream o = Files.newOutputStream(out)) {
          bundle.writeZip(o);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
      }
      long count = bundle.files().keySet().stream().filter(p -> p.startsWith("dashboards/")).count();
      spec.commandLine().getOut().println("wrote " + out + ": " + bundle.files().size() + " files, "
          + count + " dashboards");
      return 0;
    }
  }

  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Log in to a running Superset and import the bundle (overwrites the previous import).")
  static final class Push extends WithTarget {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "Superset, e.g. http://superset:8088")
    String url;

    @Option(names = "--user", required = true, paramLabel = "U", description = "Superset user allowed to import.")
    String user;

    @Option(names = "--password", required = true, paramLabel = "P", description = "Its password.")
    String password;

    @Option(names = "--db-password-env", paramLabel = "VAR",
        description = "Environment variable with the serving database password Superset connects with. "
            + "Default: serving.password_env of conf/warehouse.yaml.")
    String dbPasswordEnv;

    @Override
    int execute() {
      WarehouseConfig config = config();
      ServingTarget target = target(config);
      Map<String, String> passwords = new LinkedHashMap<>();
      if (target.passwordMasked()) {
        Optional<String> dbPassword = dbPasswordEnv != null
            ? Optional.ofNullable(System.getenv(dbPasswordEnv)) : config.servingPassword();
        if (dbPassword.isEmpty()) {
          throw new SupersetException("the serving database password for Superset is not set: export "
              + (dbPasswordEnv != null ? dbPasswordEnv : "the variable named by serving.password_env in"
              + " conf/warehouse.yaml") + " (or give --db-password-env VAR)");
        }
        passwords.put(SupersetBundle.DATABASE_FILE, dbPassword.get());
      }
      SupersetBundle bundle = SupersetBundle.build(SupersetAssets.load(), target, Instant.now());
      new SupersetClient(url).importDashboards(user, password, bundle.zipBytes(), passwords);
      long count = bundle.files().keySet().stream().filter(p -> p.startsWith("dashboards/")).count();
      spec.commandLine().getOut().println("imported into " + url + ": " + count + " dashboards, "
          + bundle.files().keySet().stream().filter(p -> p.startsWith("charts/")).count() + " charts, "
          + bundle.files().keySet().stream().filter(p -> p.startsWith("datasets/")).count() + " datasets");
      return 0;
    }
  }

  @Command(name = "rls", mixinStandardHelpOptions = true,
      description = "Print the row-level-security rules to create in Superset for the county and township roles.")
  static final class Rls extends Base {
    @Option(names = "--format", paramLabel = "json|text", description = "Output format (default: text).")
    String format = "text";

    @Override
    int execute() {
      if (!format.equals("json") && !format.equals("text")) {
        throw new IllegalArgumentException("--format '" + format + "'; accepted: json, text");
      }
      WarehouseConfig config = config();
      List<Rule> rules = RowLevelSecurity.rules(SupersetAssets.load().datasets(), config.counties(), config.regions());
      PrintWriter out = spec.commandLine().getOut();
      if (format.equals("text")) {
        for (Rule r : rules) {
          out.println(r.role() + "\t" + r.table() + "\t" + r.clause());
        }
      } else {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Rule r : rules) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("name", r.name());
          o.put("filter_type", "Regular");
          o.put("roles", List.of(r.role()));
          o.put("tables", List.of(r.table()));
          o.put("clause", r.clause());
          json.add(o);
        }
        try {
          out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      out.flush();
      return 0;
    }
  }
}
