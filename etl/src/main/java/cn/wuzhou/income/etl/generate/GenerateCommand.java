package cn.wuzhou.income.etl.generate;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.cli.WarehouseCommand;
import cn.wuzhou.income.etl.common.Progress;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bin/warehouse generate}: a deterministic sample landing zone of the seven feeds. */
@Command(name = "generate", description = "Write the seven department feeds of a sample city into a landing folder "
    + "(deterministic for a seed; a share of bad rows described in <out>/_manifest.json).")
public final class GenerateCommand extends WarehouseCommand {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Landing folder to write.")
  Path out;

  @Option(names = "--households", required = true, paramLabel = "N", description = "Number of households (>= 0).")
  int households;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM", description = "First month.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM", description = "Last month (inclusive).")
  String to;

  @Option(names = "--faults", defaultValue = "0.005", paramLabel = "RATE",
      description = "Share of rows spoilt with one fault each, 0..1 (default ${DEFAULT-VALUE}; 0: no bad rows).")
  double faults;

  @Override
  public Integer call() {
    GeneratorSettings settings = settings();
    WarehouseConfig config = config();
    Progress progress = Progress.stderr();
    SampleGenerator.Summary s = SampleGenerator.generate(settings, config, progress);
    progress.info(String.format(Locale.ROOT,
        "generate: wrote %d files, %,d rows (%,d to be quarantined) into %s in %.1f s",
        s.files(), s.rows(), s.quarantined(), settings.out(), s.seconds()));
    return 0;
  }

  /** The checked options; a bad one is a one-line usage error (exit 2). */
  GeneratorSettings settings() {
    YearMonth first = month("--from", from);
    YearMonth last = month("--to", to);
    if (households < 0) {
      throw new ParameterException(spec.commandLine(), "--households must be 0 or more, got " + households);
    }
    if (first.isAfter(last)) {
      throw new ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to);
    }
    if (first.getYear() < 1990 || last.getYear() > 2030) {
      throw new ParameterException(spec.commandLine(), "months must lie within 1990-01..2030-12, got " + from + ".." + to);
    }
    if (!(faults >= 0 && faults <= 1)) {
      throw new ParameterException(spec.commandLine(), "--faults must be a share within 0..1, got " + faults);
    }
    return new GeneratorSettings(out, households, seed, first, last, faults);
  }

  private YearMonth month(String option, String value) {
    if (value.matches("\\d{4}-\\d{2}")) {
      try {
        return YearMonth.parse(value);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw new ParameterException(spec.commandLine(), option + " '" + value + "' is not a month; expected YYYY-MM, e.g. 2024-01");
  }
}
