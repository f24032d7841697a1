package cn.wuzhou.income.etl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.wuzhou.income.config.WarehouseConfig;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What makes the derived stages of a run rebuild although their input tables kept their versions. */
class SettingsFingerprintTest {
  private static long fingerprint(Map<String, String> env, Optional<LocalDate> asOf) throws Exception {
    return RunCommand.settingsFingerprint(WarehouseConfig.load(CliRun.repositoryConf(), env, null), asOf);
  }

  @Test
  void theSameSettingsGiveTheSameFingerprint() throws Exception {
    assertEquals(fingerprint(Map.of(), Optional.empty()), fingerprint(Map.of(), Optional.empty()));
  }

  @Test
  void theAsOfDateAndTheServingDatabaseDo() throws Exception {
    long plain = fingerprint(Map.of(), Optional.empty());
    assertNotEquals(plain, fingerprint(Map.of(), Optional.of(LocalDate.of(2024, 12, 31))));
    assertNotEquals(plain, fingerprint(Map.of("WAREHOUSE_SERVING_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        Optional.empty()));
  }

  /**
   * The stage records of a home name table versions of one root; another root whose tables happen
   * to have the same versions must not let a stage count as up to date.
   */
  @Test
  void anotherTablesRootDoes() throws Exception {
    long plain = fingerprint(Map.of(), Optional.empty());
    long hdfs = fingerprint(Map.of("WAREHOUSE_TABLES_ROOT", "hdfs://namenode:8020/warehouse/tables"), Optional.empty());
    long s3 = fingerprint(Map.of("WAREHOUSE_TABLES_ROOT", "s3a://bucket/tables"), Optional.empty());
    assertNotEquals(plain, hdfs);
    assertNotEquals(hdfs, s3);
  }
}
