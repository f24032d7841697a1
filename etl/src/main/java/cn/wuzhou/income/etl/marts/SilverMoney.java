package cn.wuzhou.income.etl.marts;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/** Decimal types of sums inside the marts (exact, before output rounding). */
final class SilverMoney {
  /** A household's money value: a sum of four silver amounts. */
  static final DecimalType TYPE = DataTypes.createDecimalType(22, 2);

  private SilverMoney() {}
}
