package cn.wuzhou.income.etl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The run and check subcommands are registered and refuse bad arguments with the usage exit code.
 * ({@code run --watch} itself: EndToEndTest through the launcher, LandingWatchTest.)
 */
class RunAndCheckCommandTest {
  @Test
  void helpAndBadArguments() {
    assertEquals(0, WarehouseCli.execute("run", "--help"));
    assertEquals(0, WarehouseCli.execute("check", "--help"));
    assertEquals(WarehouseCli.USAGE, WarehouseCli.execute("run"));
    assertEquals(WarehouseCli.USAGE, WarehouseCli.execute("check", "--format", "xml"));
  }

  @Test
  void watchOptionsNeedWatchAndSaneValues() throws Exception {
    Path landing = Files.createTempDirectory("landing");
    CliRun every = CliRun.of("run", "--landing", landing.toString(), "--every", "5");
    assertEquals(WarehouseCli.USAGE, every.exitCode());
    assertEquals("warehouse: --every needs --watch", every.err().strip());
    assertEquals(WarehouseCli.USAGE, CliRun.of("run", "--landing", landing.toString(), "--max-runs", "2").exitCode());
    CliRun zero = CliRun.of("run", "--landing", landing.toString(), "--watch", "--every", "0");
    assertEquals(WarehouseCli.USAGE, zero.exitCode());
    assertTrue(zero.err().contains("--every 0.0 is out of range"), zero.err());
    assertEquals(WarehouseCli.USAGE, CliRun.of("run", "--landing", landing.toString(), "--watch", "--max-runs", "0")
        .exitCode());
  }
}
