package cn.wuzhou.income.etl.common;

import java.io.PrintStream;
import java.util.Locale;

/** One line per stage on standard error: what was done, to how many rows, in how long. */
public final class Progress {
  private final PrintStream out;

  public Progress(PrintStream out) {
    this.out = out;
  }

  public static Progress stderr() {
    return new Progress(System.err);
  }

  public void info(String message) {
    out.println(message);
    out.flush();
  }

  /** Starts a stage clock. */
  public Stage stage(String name) {
    return new Stage(name, System.nanoTime());
  }

  /**
   * Starts a stage clock that already counts {@code earlierSeconds}: a stage done in parts with
   * a wait between them reports the time of its parts only.
   */
  public Stage stage(String name, double earlierSeconds) {
    return new Stage(name, System.nanoTime() - Math.round(earlierSeconds * 1e9));
  }

  /** A running stage; {@link #done} prints its line. */
  public final class Stage {
    private final String name;
    private final long startNanos;

    private Stage(String name, long startNanos) {
      this.name = name;
      this.startNanos = startNanos;
    }

    public double seconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    public void done(String detail) {
      info(String.format(Locale.ROOT, "%-28s %s (%.1f s)", name, detail, seconds()));
    }
  }
}
