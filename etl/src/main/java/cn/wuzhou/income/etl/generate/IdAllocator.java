package cn.wuzhou.income.etl.generate;

import cn.wuzhou.income.models.IdNumbers;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hands out ID numbers (GB 11643) that are unique over the whole generated city: region code of
 * the county, the birth date, a sequence whose last digit is odd for men and even for women,
 * and the check character. One bit per (county, day, sequence) keeps the city's IDs in ~35 MB.
 * Uniqueness depends on the order of calls, which is fixed (household by household).
 */
final class IdAllocator {
  private static final LocalDate FIRST = LocalDate.of(1920, 1, 1);
  private static final int DAYS = (int) (LocalDate.of(2031, 1, 1).toEpochDay() - FIRST.toEpochDay());

  private final List<String> countyCodes;
  private final BitSet used;

  IdAllocator(List<String> countyCodes) {
    this.countyCodes = List.copyOf(countyCodes);
    this.used = new BitSet(countyCodes.size() * DAYS * 1000);
  }

  /** A fresh ID for a person of that county, birth date and sex. */
  String allocate(String countyCode, LocalDate born, boolean male, SplittableRandom rng) {
    int county = countyCodes.indexOf(countyCode);
    if (county < 0) {
      throw new IllegalArgumentException("unknown county code " + countyCode);
    }
    LocalDate day = born;
    while (true) {
      int dayIndex = (int) (day.toEpochDay() - FIRST.toEpochDay());
      if (dayIndex < 0 || dayIndex >= DAYS) {
        throw new IllegalArgumentException("birth date out of range: " + day);
      }
      int start = rng.nextInt(500) * 2 + (male ? 1 : 0);
      for (int k = 0; k < 500; k++) {
        int seq = (start + 2 * k) % 1000;
        int bit = (county * DAYS + dayIndex) * 1000 + seq;
        if (!used.get(bit)) {
          used.set(bit);
          return build(countyCode, day, seq);
        }
      }
      day = day.plusDays(1);
    }
  }

  private static String build(String countyCode, LocalDate born, int seq) {
    StringBuilder b = new StringBuilder(18).append(countyCode).append(born.getYear());
    if (born.getMonthValue() < 10) {
      b.append('0');
    }
    b.append(born.getMonthValue());
    if (born.getDayOfMonth() < 10) {
      b.append('0');
    }
    b.append(born.getDayOfMonth());
    if (seq < 100) {
      b.append('0');
    }
    if (seq < 10) {
      b.append('0');
    }
    b.append(seq);
    return b.append(IdNumbers.checkCharacter(b)).toString();
  }
}
