package cn.wuzhou.income.models;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/** Resident ID numbers (身份证号) of GB 11643-1999: check character and birth date. */
public final class IdNumbers {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();

  private IdNumbers() {}

  /** The check character for the first 17 digits. */
  public static char checkCharacter(CharSequence first17) {
    if (first17.length() < 17) {
      throw new IllegalArgumentException("need 17 digits, got " + first17.length());
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = first17.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a digit at position " + (i + 1) + ": " + c);
      }
      sum += (c - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }

  /** True for 17 digits and the right check character (lower-case {@code x} accepted). */
  public static boolean isValid(String id) {
    if (id == null || id.length() != 18) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return Character.toUpperCase(id.charAt(17)) == checkCharacter(id);
  }

  /** The canonical form: upper-case {@code X}. */
  public static String normalize(String id) {
    return id.toUpperCase(java.util.Locale.ROOT);
  }

  /** The birth date in digits 7–14, if they form a real date. */
  public static Optional<LocalDate> birthDate(String id) {
    if (id == null || id.length() < 14) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.of(Integer.parseInt(id.substring(6, 10)),
          Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14))));
    } catch (NumberFormatException | DateTimeException e) {
      return Optional.empty();
    }
  }
}
