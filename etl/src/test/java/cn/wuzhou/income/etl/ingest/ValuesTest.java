package cn.wuzhou.income.etl.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void moneyForms() {
    assertEquals(Optional.of(new BigDecimal("1234.50")), Values.money("1234.5"));
    assertEquals(Optional.of(new BigDecimal("1234.50")), Values.money("1,234.50"));
    assertEquals(Optional.of(new BigDecimal("1234.50")), Values.money("￥1234.50"));
    assertEquals(Optional.of(new BigDecimal("1234.50")), Values.money("\u3000¥1234.50 "));
    assertEquals(Optional.of(new BigDecimal("-12.00")), Values.money("-12"));
    assertEquals(Optional.empty(), Values.money("1.234"));
    assertEquals(Optional.empty(), Values.money("12a"));
    assertEquals(Optional.empty(), Values.money("1,23.00"));
    assertEquals(Optional.empty(), Values.money(""));
  }

  @Test
  void datesAndMonths() {
    LocalDate d = LocalDate.of(2024, 3, 5);
    assertEquals(Optional.of(d), Values.date("2024-03-05"));
    assertEquals(Optional.of(d), Values.date("2024/3/5"));
    assertEquals(Optional.of(d), Values.date("2024年3月5日"));
    assertEquals(Optional.empty(), Values.date("2024-02-30"));
    assertEquals(Optional.empty(), Values.date("05/03/2024"));
    assertEquals(Optional.of("2024-03"), Values.month("2024-03"));
    assertEquals(Optional.of("2024-03"), Values.month("2024/03"));
    assertEquals(Optional.of("2024-03"), Values.month("2024年3月"));
    assertEquals(Optional.empty(), Values.month("2024/3"));
    assertEquals(Optional.empty(), Values.month("2024-13"));
  }

  /**
   * Dates and months are read character by character; they must accept exactly what the forms of
   * feeds.md, written as regular expressions, accept. Compared on random strings of the characters
   * the forms use, and others that look like them (a full-width and an Arabic-Indic digit, spaces).
   */
  @Test
  void datesAndMonthsAcceptExactlyTheirRegularForms() {
    String alphabet = "0123456789-/年月日 x\uFF11\u0663";
    Random random = new Random(7);
    for (int n = 0; n < 300_000; n++) {
      StringBuilder s = new StringBuilder();
      if (n % 2 == 0) {
        s.append(2000 + random.nextInt(30));
      }
      int length = random.nextInt(n % 2 == 0 ? 8 : 12);
      for (int i = 0; i < length; i++) {
        s.append(random.nextInt(5) < 2 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('0' + random.nextInt(10)));
      }
      String text = s.toString();
      assertEquals(regexDate(text), Values.date(text), () -> "date of '" + text + "'");
      assertEquals(regexMonth(text), Values.month(text), () -> "month of '" + text + "'");
    }
    for (String text : new String[] {"2024-2-29", "2023-2-29", "2024年12月31日", "2024/04/31", "2024年1月", "2024年01月",
        "2024-00", "2024年0月", "2024-01-1日", "2024年1月1", "20245-01-01", "024-01-01", "2024-01-", "2024-", ""}) {
      assertEquals(regexDate(text), Values.date(text), () -> "date of '" + text + "'");
      assertEquals(regexMonth(text), Values.month(text), () -> "month of '" + text + "'");
    }
  }

  private static Optional<LocalDate> regexDate(String text) {
    String s = Values.trim(text);
    for (String form : new String[] {"(\\d{4})-(\\d{1,2})-(\\d{1,2})", "(\\d{4})/(\\d{1,2})/(\\d{1,2})",
        "(\\d{4})年(\\d{1,2})月(\\d{1,2})日"}) {
      Matcher m = Pattern.compile(form).matcher(s);
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

  private static Optional<String> regexMonth(String text) {
    String s = Values.trim(text);
    for (String form : new String[] {"(\\d{4})-(\\d{2})", "(\\d{4})/(\\d{2})", "(\\d{4})年(\\d{1,2})月"}) {
      Matcher m = Pattern.compile(form).matcher(s);
      if (m.matches()) {
        int month = Integer.parseInt(m.group(2));
        return month < 1 || month > 12 ? Optional.empty()
            : Optional.of(String.format(Locale.ROOT, "%s-%02d", m.group(1), month));
      }
    }
    return Optional.empty();
  }

  @Test
  void yesNoAndTrim() {
    assertEquals(Optional.of(true), Values.yesNo("是"));
    assertEquals(Optional.of(true), Values.yesNo("TRUE"));
    assertEquals(Optional.of(false), Values.yesNo("n"));
    assertEquals(Optional.of(false), Values.yesNo("0"));
    assertEquals(Optional.empty(), Values.yesNo("可能"));
    assertEquals("a b", Values.trim("\u3000 a b\u3000"));
  }
}
