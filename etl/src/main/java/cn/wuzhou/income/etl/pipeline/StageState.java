package cn.wuzhou.income.etl.pipeline;

import cn.wuzhou.income.etl.common.WarehouseTables;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each derived stage last built from: the Delta version of every input table, kept in
 * {@code <home>/state/<stage>.json} and written only after the stage committed all its tables.
 *
 * <p>A stage whose inputs still have the recorded versions has nothing to do (re-running is a
 * no-op); a run killed after ingest but before the marts leaves the record behind, so the next
 * run rebuilds them even though the landing zone brings nothing new.
 */
public final class StageState {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WarehouseTables tables;
  private final Path dir;

  public StageState(WarehouseTables tables, Path home) {
    this.tables = tables;
    this.dir = home.resolve("state");
  }

  /** The current Delta version of each table ({@link WarehouseTables#version}); -1 for a table that does not exist. */
  public Map<String, Long> versions(List<String> tableNames) {
    Map<String, Long> out = new TreeMap<>();
    for (String t : tableNames) {
      out.put(t, tables.exists(t) ? tables.version(t) : -1L);
    }
    return out;
  }

  /**
   * True when a stage that {@link #recorded} {@code recorded} completed from exactly these input
   * versions (the stage's own notes, keys starting with {@code @}, are not inputs).
   */
  public static boolean upToDate(Map<String, Long> recorded, Map<String, Long> inputs) {
    Map<String, Long> recordedInputs = new TreeMap<>(recorded);
    recordedInputs.keySet().removeIf(k -> k.startsWith("@"));
    return inputs.equals(recordedInputs);
  }

  /** The inputs {@code stage} last completed from (empty when it never completed). */
  public Map<String, Long> recorded(String stage) {
    Path file = dir.resolve(stage + ".json");
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Long>>() {});
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** Records a completed build; atomic (written aside, then renamed). */
  public void record(String stage, Map<String, Long> inputs) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(stage + ".json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new TreeMap<>(inputs));
      Files.move(tmp, dir.resolve(stage + ".json"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the state of stage " + stage + " in " + dir, e);
    }
  }
}
