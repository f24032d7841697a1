package cn.wuzhou.income.models;

/** Personal names as the warehouse may show them. */
public final class Names {
  private Names() {}

  /**
   * {@code head_name_masked} of metrics.md: one character → {@code *}; two → first character and
   * {@code *} (张三 → 张*); three or more → first character, one {@code *} per middle character,
   * last character (欧阳小明 → 欧**明). Counts characters (code points), not UTF-16 units; null stays null.
   */
  public static String mask(String name) {
    if (name == null) {
      return null;
    }
    int[] cp = name.codePoints().toArray();
    if (cp.length == 0) {
      return "";
    }
    if (cp.length == 1) {
      return "*";
    }
    StringBuilder out = new StringBuilder().appendCodePoint(cp[0]);
    if (cp.length == 2) {
      return out.append('*').toString();
    }
    out.append("*".repeat(cp.length - 2));
    return out.appendCodePoint(cp[cp.length - 1]).toString();
  }
}
