package cn.wuzhou.income.config;

/** How the five equal parts are weighted (metrics.md, 五等份分组). */
public enum QuintileMethod {
  /** Each household weighs 1: five equal parts of households (the default, as the NBS does). */
  HOUSEHOLDS,
  /** Each household weighs its size: five equal parts of people. */
  PERSONS;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
