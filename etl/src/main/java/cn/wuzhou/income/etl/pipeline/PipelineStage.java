package cn.wuzhou.income.etl.pipeline;

import java.util.List;

/**
 * One stage of {@code bin/warehouse run}: ingest, gold, marts, publish. A stage reads what the
 * earlier stages committed and commits its own tables; run again after a failure, it completes
 * the work without duplicates (see {@link RunContext}).
 */
public interface PipelineStage {
  /** Short name for progress lines, e.g. {@code ingest}. */
  String name();

  /** Does the stage's work; throws to fail the run (the tables it did not commit stay as they were). */
  void run(RunContext context) throws Exception;

  /**
   * The tables a derived stage builds from. When none of them (nor the configuration) changed
   * since the stage last completed, the run skips it ({@link StageState}). Empty: always runs.
   */
  default List<String> inputTables() {
    return List.of();
  }
}
