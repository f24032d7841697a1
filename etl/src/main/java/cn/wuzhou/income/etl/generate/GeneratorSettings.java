package cn.wuzhou.income.etl.generate;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * What to generate: the landing folder, how many households, the seed, the months (inclusive)
 * and the share of rows spoilt with a fault.
 */
public record GeneratorSettings(Path out, int households, long seed, YearMonth from, YearMonth to,
    double faultRate) {

  public GeneratorSettings {
    if (households < 0) {
      throw new IllegalArgumentException("households must be >= 0, got " + households);
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
    if (faultRate < 0 || faultRate > 1) {
      throw new IllegalArgumentException("fault rate must be within 0..1, got " + faultRate);
    }
  }

  /** Every month from {@code from} to {@code to}. */
  public List<YearMonth> months() {
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      months.add(m);
    }
    return months;
  }

  /** The quarters whose last month lies within the range, as {@code YYYY-Qn}. */
  public List<String> quarters() {
    List<String> quarters = new ArrayList<>();
    for (YearMonth m : months()) {
      if (m.getMonthValue() % 3 == 0) {
        quarters.add(Formats.quarter(m.getYear(), m.getMonthValue() / 3));
      }
    }
    return quarters;
  }
}
