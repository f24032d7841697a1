package cn.wuzhou.income.etl.common;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread pools of the stages that submit several Spark jobs at once. Spark runs the jobs of
 * different threads side by side: a job that cannot fill every core (one file, one small table, a
 * driver busy planning or compiling) leaves the rest to another.
 */
public final class Parallel {
  private Parallel() {}

  /** A pool of {@code threads} daemon threads named {@code name} (a stuck job never holds the JVM open). */
  public static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Waits for every one of {@code futures}, so that nothing half-done keeps running, and returns
   * the first failure in list order (the exception the task threw), or null when all succeeded.
   *
   * @param what what the futures do, for the message when the wait is interrupted
   */
  public static Throwable awaitAll(List<? extends Future<?>> futures, String what) {
    Throwable failure = null;
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      } catch (CancellationException e) {
        failure = failure == null ? e : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while " + what, e);
      }
    }
    return failure;
  }

  /**
   * As {@link #awaitAll}, then throws the first failure unchecked ({@link #unchecked}), if any.
   *
   * @param what what the futures do, for the message when the wait is interrupted
   */
  public static void joinAll(List<? extends Future<?>> futures, String what) {
    Throwable failure = awaitAll(futures, what);
    if (failure != null) {
      throw unchecked(failure);
    }
  }

  /** {@code failure} as thrown unchecked: itself when it is a RuntimeException (or an Error). */
  public static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException re) {
      return re;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(failure);
  }
}
