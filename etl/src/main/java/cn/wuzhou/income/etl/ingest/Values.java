package cn.wuzhou.income.etl.ingest;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsing of feed values exactly as {@code feeds.md} lists the accepted forms; empty means "does not parse". */
public final class Values {
  private static final Pattern PLAIN_MONEY = Pattern.compile("-?\\d+(\\.\\d{1,2})?");
  private static final Pattern GROUPED_MONEY = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d{1,2})?");
  private static final Pattern COUNT = Pattern.compile("\\d{1,9}");

  private Values() {}

  /** Removes ordinary spaces, tabs and full-width spaces (U+3000) and a BOM at both ends; null stays null. */
  public static String trim(String s) {
    if (s == null) {
      return null;
    }
    int start = 0;
    int end = s.length();
    while (start < end && isBlankChar(s.charAt(start))) {
      start++;
    }
    while (end > start && isBlankChar(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isBlankChar(char c) {
    return c == ' ' || c == '\u3000' || c == '\t' || c == '\uFEFF' || c == '\u00A0';
  }

  public static boolean isEmpty(String s) {
    return s == null || trim(s).isEmpty();
  }

  /** Yuan with up to 2 decimals: {@code 1234.5}, {@code 1,234.50}, {@code ￥1234.50}, {@code ¥1234.50}. */
  public static Optional<BigDecimal> money(String text) {
    String s = trim(text);
    boolean negative = s.startsWith("-");
    if (negative) {
      s = s.substring(1);
    }
    if (s.startsWith("￥") || s.startsWith("¥")) {
      s = s.substring(1);
    }
    if (!negative && s.startsWith("-")) {
      negative = true;
      s = s.substring(1);
    }
    if (s.startsWith("-")) {
      return Optional.empty();
    }
    if (PLAIN_MONEY.matcher(s).matches()) {
      return Optional.of(signed(new BigDecimal(s), negative));
    }
    if (GROUPED_MONEY.matcher(s).matches()) {
      return Optional.of(signed(new BigDecimal(s.replace(",", "")), negative));
    }
    return Optional.empty();
  }

  private static BigDecimal signed(BigDecimal v, boolean negative) {
    BigDecimal scaled = v.setScale(2);
    return negative ? scaled.negate() : scaled;
  }

  /** A whole number without sign or decimals. */
  public static Optional<Integer> count(String text) {
    String s = trim(text);
    return COUNT.matcher(s).matches() ? Optional.of(Integer.parseInt(s)) : Optional.empty();
  }

  /**
   * {@code YYYY-MM-DD}, {@code YYYY/MM/DD} or {@code YYYY年M月D日}; month and day with one or two
   * digits (ASCII). Read character by character: every row of most feeds has a date or a month,
   * and matching them with regular expressions cost about 2 % of a full city run's CPU.
   */
  public static Optional<LocalDate> date(String text) {
    String s = trim(text);
    int year = digits(s, 0, 4, 4);
    if (year < 0 || year == s.length()) {
      return Optional.empty();
    }
    int form = "-/年".indexOf(s.charAt(year));
    if (form < 0) {
      return Optional.empty();
    }
    char second = "-/月".charAt(form);
    String end = form == 2 ? "日" : "";
    int month = digits(s, year + 1, 1, 2);
    if (month < 0 || month == s.length() || s.charAt(month) != second) {
      return Optional.empty();
    }
    int day = digits(s, month + 1, 1, 2);
    if (day < 0 || s.length() != day + end.length() || !s.startsWith(end, day)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.of(number(s, 0, year), number(s, year + 1, month), number(s, month + 1, day)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** {@code YYYY-MM}, {@code YYYY/MM} or {@code YYYY年M月}, returned as {@code YYYY-MM}. */
  public static Optional<String> month(String text) {
    String s = trim(text);
    int year = digits(s, 0, 4, 4);
    if (year < 0 || year == s.length()) {
      return Optional.empty();
    }
    int form = "-/年".indexOf(s.charAt(year));
    if (form < 0) {
      return Optional.empty();
    }
    String end = form == 2 ? "月" : "";
    int digitsEnd = digits(s, year + 1, form == 2 ? 1 : 2, 2);
    if (digitsEnd < 0 || s.length() != digitsEnd + end.length() || !s.startsWith(end, digitsEnd)) {
      return Optional.empty();
    }
    int month = number(s, year + 1, digitsEnd);
    if (month < 1 || month > 12) {
      return Optional.empty();
    }
    return Optional.of(s.substring(0, 4) + (month < 10 ? "-0" : "-") + month);
  }

  /**
   * The index after the run of {@code min} to {@code max} ASCII digits starting at {@code from}
   * in {@code s}, or -1 when fewer than {@code min} are there (a longer run stops at {@code max}).
   */
  private static int digits(String s, int from, int min, int max) {
    int i = from;
    while (i < s.length() && i - from < max && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from >= min ? i : -1;
  }

  /** The number written by the ASCII digits of {@code s} from {@code from} to {@code to} (at most nine). */
  private static int number(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  /** {@code 是}/{@code 否}, {@code Y}/{@code N}, {@code 1}/{@code 0}, {@code true}/{@code false} in any case. */
  public static Optional<Boolean> yesNo(String text) {
    String s = trim(text).toLowerCase(Locale.ROOT);
    return switch (s) {
      case "是", "y", "1", "true" -> Optional.of(true);
      case "否", "n", "0", "false" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
