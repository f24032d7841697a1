package cn.wuzhou.income.etl.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.wuzhou.income.etl.pipeline.LandingWatch.Change;
import cn.wuzhou.income.etl.pipeline.LandingWatch.Check;
import cn.wuzhou.income.etl.pipeline.LandingWatch.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When {@code run --watch} runs again: a change of the data files, once it has stayed the same for one look. */
class LandingWatchTest {
  @TempDir Path landing;

  @Test
  void aNewDeliveryRunsOnlyOnceItHasStayedTheSameForOneLook() throws Exception {
    write("agri_households/2024-01/a.csv", "x");
    LandingWatch watch = new LandingWatch(landing);
    watch.runStarting();
    assertEquals(new Check(Status.UNCHANGED, new Change(0, 0, 0)), watch.check());

    // A delivery being copied in: first one file, then a second one, then nothing more.
    write("agri_households/2024-02/a.csv", "y");
    assertEquals(new Check(Status.SETTLING, new Change(1, 0, 0)), watch.check());
    write("agri_households/2024-02/b.csv", "z");
    assertEquals(new Check(Status.SETTLING, new Change(2, 0, 0)), watch.check());
    assertEquals(new Check(Status.READY, new Change(2, 0, 0)), watch.check());

    watch.runStarting();
    assertEquals(Status.UNCHANGED, watch.check().status());
    assertEquals(Status.UNCHANGED, watch.check().status());
  }

  @Test
  void aResubmittedOrWithdrawnFileCountsAsAChange() throws Exception {
    Path file = write("hrss_employment/2024-03/jobs.csv", "one");
    write("hrss_employment/2024-04/jobs.csv", "two");
    LandingWatch watch = new LandingWatch(landing);
    watch.runStarting();

    // Same size, newer time: a corrected file copied over the old one.
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    Files.delete(landing.resolve("hrss_employment/2024-04/jobs.csv"));
    assertEquals(new Check(Status.SETTLING, new Change(0, 1, 1)), watch.check());
    assertEquals(new Check(Status.READY, new Change(0, 1, 1)), watch.check());
  }

  @Test
  void filesTheRunDoesNotReadAreNotWatched() throws Exception {
    write("agri_households/2024-01/a.csv", "x");
    LandingWatch watch = new LandingWatch(landing);
    watch.runStarting();
    write("_manifest.json", "{}");
    write("agri_households/2024-01/.a.csv.part", "half a copy");
    write("agri_households/2024-01/notes.txt", "not data");
    write("no_such_feed/2024-01/a.csv", "x");
    write("agri_households/March/a.csv", "x");
    assertEquals(Status.UNCHANGED, watch.check().status());
    write("agri_households/2024-01/b.xlsx", "data");
    assertEquals(Status.SETTLING, watch.check().status());
  }

  @Test
  void beforeTheFirstRunEveryFileIsNew() throws Exception {
    write("agri_households/2024-01/a.csv", "x");
    LandingWatch watch = new LandingWatch(landing);
    assertEquals(new Check(Status.SETTLING, new Change(1, 0, 0)), watch.check());
    assertEquals(new Check(Status.READY, new Change(1, 0, 0)), watch.check());
  }

  private Path write(String name, String content) throws Exception {
    Path file = landing.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
