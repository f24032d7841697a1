package cn.wuzhou.income.etl.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class StageStateTest {
  private static final StructType SCHEMA = new StructType().add("n", DataTypes.IntegerType);

  @Test
  void versionsFollowEveryCommitAndAMissingTableIsMinusOne() throws Exception {
    Path home = Files.createTempDirectory("state");
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    StageState state = new StageState(tables, home);
    assertEquals(Map.of("t", -1L), state.versions(List.of("t")));

    tables.overwrite("t", rows(1));
    assertEquals(Map.of("t", 0L), state.versions(List.of("t")));
    tables.replaceWhere("t", "n = 2", rows(2), Map.of());
    tables.replaceWhere("t", "n = 3", rows(3), Map.of());
    assertEquals(Map.of("t", 2L), state.versions(List.of("t")));
  }

  @Test
  void aCommitOfAnotherProcessIsSeen() throws Exception {
    Path home = Files.createTempDirectory("state");
    WarehouseTables tables = new WarehouseTables(SharedSpark.session(), home);
    StageState state = new StageState(tables, home);
    tables.overwrite("t", rows(1));
    assertEquals(0L, state.versions(List.of("t")).get("t"));

    // Another writer's commit appears in the log, unknown to this session's cached snapshot.
    tables.overwrite("other", rows(1));
    tables.replaceWhere("other", "n = 2", rows(2), Map.of());
    String commit = "_delta_log/00000000000000000001.json";
    Files.copy(home.resolve("tables/other").resolve(commit), home.resolve("tables/t").resolve(commit));

    assertEquals(1L, state.versions(List.of("t")).get("t"));
  }

  private static Dataset<Row> rows(int n) {
    return SharedSpark.session().createDataFrame(List.of(RowFactory.create(n)), SCHEMA);
  }
}
