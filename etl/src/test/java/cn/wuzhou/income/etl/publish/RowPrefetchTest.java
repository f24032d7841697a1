package cn.wuzhou.income.etl.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowPrefetchTest {
  private static Supplier<Iterator<Object[]>> table(String name, int rows, AtomicInteger read) {
    return () -> IntStream.range(0, rows).mapToObj(i -> {
      read.incrementAndGet();
      return new Object[] {name, i};
    }).iterator();
  }

  private static List<String> drain(Iterable<Object[]> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r[0] + ":" + r[1]));
    return out;
  }

  @Test
  void givesEveryTablesRowsInOrderIncludingEmptyTables() {
    AtomicInteger read = new AtomicInteger();
    try (RowPrefetch prefetch = new RowPrefetch(List.of(table("a", 3, read), table("b", 0, read),
        table("c", 2, read)), 2)) {
      assertEquals(List.of("a:0", "a:1", "a:2"), drain(prefetch.rows(0)));
      assertEquals(List.of(), drain(prefetch.rows(1)));
      assertEquals(List.of("c:0", "c:1"), drain(prefetch.rows(2)));
    }
    assertEquals(5, read.get());
  }

  @Test
  void readsAheadOnlyUpToItsCapacity() throws InterruptedException {
    AtomicInteger read = new AtomicInteger();
    try (RowPrefetch prefetch = new RowPrefetch(List.of(table("a", 1_000, read)), 10)) {
      prefetch.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (read.get() < 11 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      // Ten rows wait in the queue and the reader holds the eleventh until there is room.
      assertEquals(11, read.get());
      assertEquals(1_000, drain(prefetch.rows(0)).size());
    }
  }

  @Test
  void aFailedReadIsThrownByTheConsumersIterator() {
    IllegalStateException broken = new IllegalStateException("file gone");
    Supplier<Iterator<Object[]>> failing = () -> new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        if (i == 2) {
          throw broken;
        }
        return true;
      }

      @Override
      public Object[] next() {
        return new Object[] {"x", i++};
      }
    };
    try (RowPrefetch prefetch = new RowPrefetch(List.of(failing), 10)) {
      Iterator<Object[]> rows = prefetch.rows(0).iterator();
      assertTrue(rows.hasNext());
      rows.next();
      rows.next();
      assertSame(broken, assertThrows(IllegalStateException.class, rows::hasNext));
      assertSame(broken, assertThrows(IllegalStateException.class, rows::hasNext));
    }
  }

  @Test
  void tablesMustBeAskedForInOrder() {
    AtomicInteger read = new AtomicInteger();
    try (RowPrefetch prefetch = new RowPrefetch(List.of(table("a", 1, read), table("b", 1, read)), 10)) {
      assertThrows(IllegalStateException.class, () -> prefetch.rows(1).iterator());
    }
  }

  @Test
  void closeStopsAReaderBlockedOnAConsumerThatGaveUp() {
    AtomicInteger read = new AtomicInteger();
    RowPrefetch prefetch = new RowPrefetch(List.of(table("a", 1_000_000, read)), 10);
    Iterator<Object[]> rows = prefetch.rows(0).iterator();
    rows.next();
    long started = System.nanoTime();
    prefetch.close();
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "close waited for the reader");
    assertFalse(read.get() > 100, "the reader went on after close: " + read.get());
  }
}
