package cn.wuzhou.income.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void masksByLength() {
    assertEquals("*", Names.mask("李"));
    assertEquals("张*", Names.mask("张三"));
    assertEquals("王*明", Names.mask("王小明"));
    assertEquals("欧**明", Names.mask("欧阳小明"));
    assertEquals("", Names.mask(""));
    assertNull(Names.mask(null));
  }

  @Test
  void countsSupplementaryCharactersOnce() {
    // 𠮷 is one character outside the BMP (two UTF-16 units): 𠮷三 → 𠮷*
    assertEquals("𠮷*", Names.mask("𠮷三"));
  }
}
