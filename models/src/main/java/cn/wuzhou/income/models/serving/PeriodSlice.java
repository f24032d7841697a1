package cn.wuzhou.income.models.serving;

import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of a mart from one period on, the unit an incremental build replaces:
 * {@code major >= from}, or {@code major * scale + minor >= from} (e.g. {@code year * 10 +
 * quarter >= 20244}: 2024-Q4 and later). The same condition is a Delta {@code replaceWhere} in
 * the warehouse and a {@code DELETE … WHERE} in the serving database; {@link #toString()} is the
 * Spark SQL form, and {@link #parse} reads it back.
 */
public record PeriodSlice(String major, String minor, int scale, int from) {
  private static final Pattern FORM = Pattern.compile("([a-z_][a-z0-9_]*)(?: \\* (\\d+) \\+ ([a-z_][a-z0-9_]*))? >= (-?\\d+)");

  public PeriodSlice {
    if (!major.matches("[a-z_][a-z0-9_]*") || minor != null && !minor.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a column name: " + major + " / " + minor);
    }
  }

  /** {@code column >= from}. */
  public static PeriodSlice of(String column, int from) {
    return new PeriodSlice(column, null, 1, from);
  }

  /** {@code major * scale + minor >= from}. */
  public static PeriodSlice of(String major, int scale, String minor, int from) {
    return new PeriodSlice(major, minor, scale, from);
  }

  /** The condition with each column name passed through {@code quote}. */
  public String sql(UnaryOperator<String> quote) {
    return key(quote) + " >= " + from;
  }

  /**
   * The same rows, with the bound on {@code major} alone put first so that an index leading with
   * it (the serving tables' primary keys lead with {@code year}) finds them without reading the
   * whole table: {@code year >= 2024 AND year * 10 + quarter >= 20244}. The same rows as
   * {@link #sql} whenever {@code 0 <= minor < scale} (quarters 1..4, months 1..12), as every
   * period key is.
   */
  public String indexedSql(UnaryOperator<String> quote) {
    return minor == null ? sql(quote) : quote.apply(major) + " >= " + Math.floorDiv(from, scale) + " AND " + sql(quote);
  }

  /** The period key the slice bounds ({@code year * 10 + quarter}), columns passed through {@code quote}. */
  public String key(UnaryOperator<String> quote) {
    return minor == null ? quote.apply(major) : quote.apply(major) + " * " + scale + " + " + quote.apply(minor);
  }

  /** The slice written by {@link #toString()}, or empty for any other condition. */
  public static Optional<PeriodSlice> parse(String condition) {
    Matcher m = FORM.matcher(condition == null ? "" : condition.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    int from = Integer.parseInt(m.group(4));
    return Optional.of(m.group(3) == null ? of(m.group(1), from) : of(m.group(1), Integer.parseInt(m.group(2)), m.group(3), from));
  }

  /**
   * The slice holding the rows of both (the one starting earlier), or empty when they are over
   * different columns.
   */
  public Optional<PeriodSlice> union(PeriodSlice other) {
    if (!major.equals(other.major) || !java.util.Objects.equals(minor, other.minor) || scale != other.scale) {
      return Optional.empty();
    }
    return Optional.of(from <= other.from ? this : other);
  }

  @Override
  public String toString() {
    return sql(UnaryOperator.identity());
  }
}
