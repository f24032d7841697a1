package cn.wuzhou.income.etl.ingest;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of feed values exactly as {@code feeds.md} lists the accepted forms; empty means "does not parse". */
public final class Values {
  private static final Pattern PLAIN_MONEY = Pattern.compile("-?\\d+(\\.\\d{1,2})?");
  private static final Pattern GROUPED_MONEY = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d{1,2})?");
  private static final Pattern DASH_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
  private static final Pattern SLASH_DATE = Pattern.compile("(\\d{4})/(\\d{1,2})/(\\d{1,2})");
  private static final Pattern CHINESE_DATE = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})日");
  private static final Pattern DASH_MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
  private static final Pattern SLASH_MONTH = Pattern.compile("(\\d{4})/(\\d{2})");
  private static final Pattern CHINESE_MONTH = Pattern.compile("(\\d{4})年(\\d{1,2})月");
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

  /** {@code YYYY-MM-DD}, {@code YYYY/MM/DD} or {@code YYYY年M月D日}; month and day with one or two digits. */
  public static Optional<LocalDate> date(String text) {
    String s = trim(text);
    for (Pattern p : new Pattern[] {DASH_DATE, SLASH_DATE, CHINESE_DATE}) {
      Matcher m = p.matcher(s);
      if (m.matches()) {
        try {
          return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** {@code YYYY-MM}, {@code YYYY/MM} or {@code YYYY年M月}, returned as {@code YYYY-MM}. */
  public static Optional<String> month(String text) {
    String s = trim(text);
    for (Pattern p : new Pattern[] {DASH_MONTH, SLASH_MONTH, CHINESE_MONTH}) {
      Matcher m = p.matcher(s);
      if (m.matches()) {
        int month = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) {
          return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s-%02d", m.group(1), month));
      }
    }
    return Optional.empty();
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
