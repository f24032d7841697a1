package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.udf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * Exact decimal division for the marts. Spark's own decimal division truncates the scale of
 * wide operands; these functions divide with {@link BigDecimal} and round once, half up, at the
 * requested scale, so a mart value is the exact quotient rounded to the cent. Scale
 * {@link #RAW} (18 decimals) is used for comparisons and ranks of unrounded values.
 */
public final class Exact {
  /** Scale of unrounded intermediate quotients (comparisons, ranks, differences). */
  public static final int RAW = 18;
  /** Operand type: wide enough for sums of money and products of sums with counts. */
  public static final DecimalType WIDE = DataTypes.createDecimalType(38, 4);
  private static final Map<Integer, UserDefinedFunction> DIV = new ConcurrentHashMap<>();
  private static final Map<Integer, UserDefinedFunction> GROWTH = new ConcurrentHashMap<>();

  private Exact() {}

  /** {@code num / den} rounded half up to {@code scale}; null when den is 0 or an operand is null. */
  public static BigDecimal divide(BigDecimal num, BigDecimal den, int scale) {
    if (num == null || den == null || den.signum() == 0) {
      return null;
    }
    return num.divide(den, scale, RoundingMode.HALF_UP);
  }

  /** {@code (ncur/scur) / (nprior/sprior) - 1} times 100, rounded half up to {@code scale}. */
  public static BigDecimal growth(BigDecimal ncur, BigDecimal scur, BigDecimal nprior, BigDecimal sprior, int scale) {
    if (ncur == null || scur == null || nprior == null || sprior == null) {
      return null;
    }
    BigDecimal den = nprior.multiply(scur);
    if (den.signum() == 0 || sprior.signum() == 0) {
      return null;
    }
    return ncur.multiply(sprior).subtract(den).multiply(BigDecimal.valueOf(100)).divide(den, scale, RoundingMode.HALF_UP);
  }

  /** Column {@code num / den} at {@code scale} (half up); null for a zero denominator. */
  public static Column div(Column num, Column den, int scale) {
    return DIV.computeIfAbsent(scale, s -> udf(
        (UDF2<BigDecimal, BigDecimal, BigDecimal>) (n, d) -> divide(n, d, s),
        DataTypes.createDecimalType(38, s)))
        .apply(num.cast(WIDE), den.cast(WIDE));
  }

  /** Column {@code num / den * 100} at {@code scale}: a percentage. */
  public static Column pct(Column num, Column den, int scale) {
    return div(num.cast(WIDE).multiply(100), den, scale);
  }

  /**
   * Column growth in percent of the person-weighted mean {@code ncur/scur} over
   * {@code nprior/sprior} at {@code scale}: {@code ((ncur/scur)/(nprior/sprior) - 1) * 100}.
   */
  public static Column growth(Column ncur, Column scur, Column nprior, Column sprior, int scale) {
    return GROWTH.computeIfAbsent(scale, s -> udf(
        (UDF4<BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal>) (a, b, c, d) -> growth(a, b, c, d, s),
        DataTypes.createDecimalType(38, s)))
        .apply(ncur.cast(WIDE), scur.cast(WIDE), nprior.cast(WIDE), sprior.cast(WIDE));
  }
}
