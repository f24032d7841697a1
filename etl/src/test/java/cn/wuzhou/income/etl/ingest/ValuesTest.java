package cn.wuzhou.income.etl.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
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
