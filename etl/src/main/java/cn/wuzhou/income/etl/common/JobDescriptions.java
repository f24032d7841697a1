package cn.wuzhou.income.etl.common;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Names for the Spark jobs of a piece of work: the job description the Spark UI, the history
 * server and the event log show ("gold: dim_person", "write fact_employment", "data test of …")
 * instead of a call site such as {@code localCheckpoint at Frames.java:41}. A description belongs
 * to the thread that sets it (Spark's local properties).
 */
public final class JobDescriptions {
  private JobDescriptions() {}

  /** Describes the jobs this thread submits from now on as {@code description}. */
  public static void set(SparkSession spark, String description) {
    spark.sparkContext().setJobDescription(description);
  }

  /** {@code work}, its jobs described as {@code description}; this thread's jobs after it have none. */
  public static <T> T run(SparkSession spark, String description, Supplier<T> work) {
    set(spark, description);
    try {
      return work.get();
    } finally {
      set(spark, null);
    }
  }
}
