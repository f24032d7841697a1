package cn.wuzhou.income.etl.generate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.SplittableRandom;

/**
 * Values as the departments write them: mostly the canonical form, sometimes one of the
 * variations {@code feeds.md} accepts (thousands separators, a yuan sign, slashes, 年月日,
 * Y/N, 1/0, true/false).
 */
final class Formats {
  private Formats() {}

  /** {@code 1234.50} (canonical) from cents. */
  static String money(long cents) {
    StringBuilder b = new StringBuilder(12);
    if (cents < 0) {
      b.append('-');
      cents = -cents;
    }
    b.append(cents / 100).append('.');
    long c = cents % 100;
    if (c < 10) {
      b.append('0');
    }
    return b.append(c).toString();
  }

  /** Money with an occasional accepted variation. */
  static String money(long cents, SplittableRandom rng) {
    int r = rng.nextInt(100);
    if (cents >= 0 && r < 2) {
      return thousands(cents);
    }
    if (cents >= 0 && r < 3) {
      return "￥" + money(cents);
    }
    if (cents >= 0 && r < 4) {
      return "¥" + money(cents);
    }
    if (r < 5 && cents % 10 == 0) {
      String s = money(cents);
      return s.substring(0, s.length() - 1);
    }
    return money(cents);
  }

  private static String thousands(long cents) {
    String whole = Long.toString(cents / 100);
    StringBuilder b = new StringBuilder();
    int lead = whole.length() % 3;
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (i - lead) % 3 == 0) {
        b.append(',');
      }
      b.append(whole.charAt(i));
    }
    String s = money(cents);
    return b.append(s.substring(s.indexOf('.'))).toString();
  }

  static String date(LocalDate d) {
    StringBuilder b = new StringBuilder(10);
    b.append(d.getYear()).append('-');
    pad2(b, d.getMonthValue()).append('-');
    return pad2(b, d.getDayOfMonth()).toString();
  }

  static String date(LocalDate d, SplittableRandom rng) {
    int r = rng.nextInt(100);
    if (r < 3) {
      StringBuilder b = new StringBuilder(10).append(d.getYear()).append('/');
      pad2(b, d.getMonthValue()).append('/');
      return pad2(b, d.getDayOfMonth()).toString();
    }
    if (r < 5) {
      return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }
    return date(d);
  }

  static String month(YearMonth m) {
    return pad2(new StringBuilder(7).append(m.getYear()).append('-'), m.getMonthValue()).toString();
  }

  static String month(YearMonth m, SplittableRandom rng) {
    int r = rng.nextInt(100);
    if (r < 3) {
      return pad2(new StringBuilder(7).append(m.getYear()).append('/'), m.getMonthValue()).toString();
    }
    if (r < 5) {
      return m.getYear() + "年" + m.getMonthValue() + "月";
    }
    return month(m);
  }

  private static final String[][] YES_NO_VARIANTS = {{"Y", "N"}, {"1", "0"}, {"true", "false"},
      {"TRUE", "FALSE"}, {"y", "n"}};

  static String yesNo(boolean v, SplittableRandom rng) {
    if (rng.nextInt(100) < 5) {
      String[] pair = YES_NO_VARIANTS[rng.nextInt(YES_NO_VARIANTS.length)];
      return v ? pair[0] : pair[1];
    }
    return v ? "是" : "否";
  }

  /** {@code value} in at least {@code width} digits (String.format is too slow for millions of IDs). */
  static String zeroPadded(long value, int width) {
    String digits = Long.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  /** The period folder of a quarter, e.g. {@code 2024-Q3}. */
  static String quarter(int year, int quarter) {
    return year + "-Q" + quarter;
  }

  private static StringBuilder pad2(StringBuilder b, int v) {
    if (v < 10) {
      b.append('0');
    }
    return b.append(v);
  }
}
