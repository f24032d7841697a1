package cn.wuzhou.income.etl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** File trees for tests: landing zones and homes copied whole or in part. */
public final class TestFiles {
  private TestFiles() {}

  /** Copies the files under {@code from} whose relative path passes {@code keep}, replacing any there. */
  public static void copy(Path from, Path to, Predicate<String> keep) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String relative = from.relativize(f).toString();
        if (keep.test(relative)) {
          Path target = to.resolve(relative);
          Files.createDirectories(target.getParent());
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
