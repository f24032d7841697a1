package cn.wuzhou.income.etl.publish;

import cn.wuzhou.income.etl.common.Parallel;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Reads the rows of several tables, one table after another, on a thread of its own while the
 * caller consumes them in the same order: the Spark jobs reading the next rows (and the next
 * tables) run while the serving database inserts the current ones, instead of each waiting for
 * the other. At most {@link #CAPACITY} rows wait between the two, besides the one partition a
 * Spark local iterator holds, so memory stays bounded whatever the tables' size.
 *
 * <p>{@link #rows(int)} of each table must be iterated once, in table order (as
 * {@code ServingPublisher} does); a failure reading rows is thrown by the consumer's iterator.
 * {@link #close()} stops the reader when the consumer gives up part-way.
 */
final class RowPrefetch implements AutoCloseable {
  /** Rows read ahead of the consumer at most. */
  static final int CAPACITY = 20_000;
  private static final long STOP_WAIT_MILLIS = 30_000;
  private static final Object[] END = new Object[0];
  private static final Object[] FAILED = new Object[0];

  private final List<Supplier<Iterator<Object[]>>> sources;
  private final BlockingQueue<Object[]> queue;
  private volatile Throwable failure;
  private Thread reader;
  private int next;

  /** Each source opens one table's rows (it is called on the reader thread, in list order). */
  RowPrefetch(List<Supplier<Iterator<Object[]>>> sources) {
    this(sources, CAPACITY);
  }

  RowPrefetch(List<Supplier<Iterator<Object[]>>> sources, int capacity) {
    this.sources = List.copyOf(sources);
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** The rows of table {@code index} (in the list given), read ahead by the reader thread. */
  Iterable<Object[]> rows(int index) {
    return () -> open(index);
  }

  private synchronized Iterator<Object[]> open(int index) {
    if (index != next) {
      throw new IllegalStateException("the rows of table " + index + " were asked for before those of table " + next
          + " were read: tables must be read once, in order");
    }
    next++;
    start();
    return new Iterator<>() {
      private Object[] ahead;
      private boolean ended;

      @Override
      public boolean hasNext() {
        if (ahead == null && !ended) {
          Object[] row = take();
          if (row == END) {
            ended = true;
          } else {
            ahead = row;
          }
        }
        return !ended;
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object[] row = ahead;
        ahead = null;
        return row;
      }
    };
  }

  /** Starts reading (if not yet started): before the first table is asked for, the reads overlap whatever comes first. */
  synchronized void start() {
    if (reader == null) {
      reader = new Thread(this::readAll, "publish-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private Object[] take() {
    Object[] row;
    try {
      row = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for rows to publish", e);
    }
    if (row == FAILED) {
      queue.offer(FAILED);
      throw Parallel.unchecked(failure);
    }
    return row;
  }

  private void readAll() {
    try {
      for (Supplier<Iterator<Object[]>> source : sources) {
        Iterator<Object[]> rows = source.get();
        while (rows.hasNext()) {
          queue.put(rows.next());
        }
        queue.put(END);
      }
    } catch (InterruptedException e) {
      // close(): the consumer has given up.
    } catch (Throwable t) {
      failure = t;
      try {
        queue.put(FAILED);
      } catch (InterruptedException ignored) {
        // close(): nobody waits for the failure any more.
      }
    }
  }

  /** Stops the reader (if it still runs) and waits for it to end (a Spark job it waits for is let go after a while). */
  @Override
  public synchronized void close() {
    if (reader == null) {
      return;
    }
    reader.interrupt();
    try {
      reader.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
