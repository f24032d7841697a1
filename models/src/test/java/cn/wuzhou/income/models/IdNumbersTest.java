package cn.wuzhou.income.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdNumbersTest {
  // 11010519491231002X: the standard's worked example. Sum of digit*weight for 11010519491231002
  // = 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 mod 11 = 2 → 'X'.
  @Test
  void checkCharacterOfTheStandardsExample() {
    assertEquals('X', IdNumbers.checkCharacter("11010519491231002"));
    assertTrue(IdNumbers.isValid("11010519491231002X"));
    assertTrue(IdNumbers.isValid("11010519491231002x"));
  }

  @Test
  void rejectsAWrongCheckCharacterAndBadShapes() {
    assertFalse(IdNumbers.isValid("110105194912310021"));
    assertFalse(IdNumbers.isValid("11010519491231002"));
    assertFalse(IdNumbers.isValid("1101051949123100AX"));
    assertFalse(IdNumbers.isValid(null));
  }

  @Test
  void birthDateFromDigitsSevenToFourteen() {
    assertEquals(Optional.of(LocalDate.of(1949, 12, 31)), IdNumbers.birthDate("11010519491231002X"));
    assertEquals(Optional.empty(), IdNumbers.birthDate("110105194913310021"));
  }
}
