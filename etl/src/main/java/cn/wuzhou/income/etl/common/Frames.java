package cn.wuzhou.income.etl.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The frames of one build, each defined and passed through {@code keep} (a stage materialises it
 * there, once) on a thread of {@code executor} as soon as the frames it reads are kept. With a
 * pool, frames that do not read each other are computed side by side; with {@code Runnable::run},
 * one after the other in the order defined. Frames are defined from one thread (the build's);
 * only their computing runs on the executor.
 */
public final class Frames {
  private final SparkSession spark;
  private final String build;
  private final UnaryOperator<Dataset<Row>> keep;
  private final Executor executor;
  private final List<Frame> defined = new ArrayList<>();

  /**
   * @param build names the build in the description of each frame's Spark jobs
   *     ({@code "<build>: <frame>"}, as the Spark UI and the event log show them)
   */
  public Frames(SparkSession spark, String build, UnaryOperator<Dataset<Row>> keep, Executor executor) {
    this.spark = spark;
    this.build = build;
    this.keep = keep;
    this.executor = executor;
  }

  /** A frame of the build: kept once every frame it reads is. */
  public record Frame(CompletableFuture<Dataset<Row>> kept) {
    /** The kept rows: to be called from a frame that reads this one, or after {@link #await}. */
    public Dataset<Row> rows() {
      return kept.join();
    }
  }

  /**
   * A frame named {@code name} (its Spark jobs' description), defined by {@code rows} once
   * {@code inputs} (every frame {@code rows} reads) are kept.
   */
  public Frame frame(String name, Supplier<Dataset<Row>> rows, Frame... inputs) {
    CompletableFuture<?>[] ready = Arrays.stream(inputs).map(Frame::kept).toArray(CompletableFuture<?>[]::new);
    Frame frame = new Frame(CompletableFuture.allOf(ready).thenApplyAsync(done ->
        JobDescriptions.run(spark, build + ": " + name, () -> keep.apply(rows.get())), executor));
    defined.add(frame);
    return frame;
  }

  /**
   * Waits for every frame defined; then throws the first failure (in the order defined: a frame
   * that could not start because an input failed reports that input's failure).
   */
  public void await(String what) {
    Parallel.joinAll(defined.stream().map(Frame::kept).toList(), what);
  }
}
