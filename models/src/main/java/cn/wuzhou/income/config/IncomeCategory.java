package cn.wuzhou.income.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The four income components of the survey, plus 无 for catalogue entries that are not income (loans). */
public enum IncomeCategory {
  WAGE("工资性", "wage"),
  OPERATING("经营性", "operating"),
  PROPERTY("财产性", "property"),
  TRANSFER("转移性", "transfer"),
  NONE("无", "none");

  private final String chinese;
  private final String code;

  IncomeCategory(String chinese, String code) {
    this.chinese = chinese;
    this.code = code;
  }

  public String chinese() {
    return chinese;
  }

  /** The English code used in mart columns such as {@code main_decline_source}. */
  public String code() {
    return code;
  }

  public static IncomeCategory fromChinese(String key, String value) {
    for (IncomeCategory c : values()) {
      if (c.chinese.equals(value)) {
        return c;
      }
    }
    throw new ConfigException(key + " is '" + value + "'; allowed: "
        + Arrays.stream(values()).map(IncomeCategory::chinese).collect(Collectors.joining(", ")));
  }
}
