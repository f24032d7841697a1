package cn.wuzhou.income.etl.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.cli.WarehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class GenerateCommandTest {
  @TempDir
  Path out;

  private record Result(int exitCode, String err) {}

  private Result run(String... args) {
    CommandLine cli = WarehouseCli.configure(new CommandLine(new WarehouseCli()));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    return new Result(cli.execute(args), err.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--households 10 --from 2024-13 --to 2024-12 | --from '2024-13' is not a month; expected YYYY-MM",
      "--households 10 --from 2024-1 --to 2024-12 | --from '2024-1' is not a month; expected YYYY-MM",
      "--households 10 --from 2024-01 --to 2024/12 | --to '2024/12' is not a month; expected YYYY-MM",
      "--households 10 --from 2024-05 --to 2024-01 | --from 2024-05 is after --to 2024-01",
      "--households -5 --from 2024-01 --to 2024-02 | --households must be 0 or more, got -5",
      "--households ten --from 2024-01 --to 2024-02 | Invalid value for option '--households'",
      "--households 5 --from 2024-01 --to 2024-02 --faults 1.5 | --faults must be a share within 0..1, got 1.5",
      "--from 2024-01 --to 2024-02 | Missing required option: '--households=N'"})
  void badOptionsGiveOneLineAndExitCode2(String args, String message) {
    String[] argv = ("generate --out " + out + " " + args).trim().split(" +");
    Result r = run(argv);
    assertEquals(2, r.exitCode(), r.err());
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, r.err());
    assertTrue(lines[0].startsWith("warehouse: ") && lines[0].contains(message), lines[0]);
    assertFalse(Files.exists(out.resolve("_manifest.json")));
  }

  @Test
  void goodOptionsWriteTheLanding() {
    String before = System.getProperty("warehouse.conf");
    System.setProperty("warehouse.conf", Path.of(System.getProperty("warehouse.repo.root", ".."), "conf").toString());
    Result r;
    try {
      r = run("generate", "--out", out.toString(), "--households", "3", "--seed", "9", "--from", "2024-03",
          "--to", "2024-03", "--faults", "0");
    } finally {
      if (before == null) {
        System.clearProperty("warehouse.conf");
      } else {
        System.setProperty("warehouse.conf", before);
      }
    }
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("_manifest.json")));
    assertTrue(Files.isRegularFile(out.resolve("agri_income_survey/2024-Q1/agri_income_survey_2024-Q1.csv")));
  }
}
