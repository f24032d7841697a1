package cn.wuzhou.income.etl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The run and check subcommands are registered and refuse bad arguments with the usage exit code. */
class RunAndCheckCommandTest {
  @Test
  void helpAndBadArguments() {
    assertEquals(0, WarehouseCli.execute("run", "--help"));
    assertEquals(0, WarehouseCli.execute("check", "--help"));
    assertEquals(WarehouseCli.USAGE, WarehouseCli.execute("run"));
    assertEquals(WarehouseCli.USAGE, WarehouseCli.execute("check", "--format", "xml"));
  }
}
