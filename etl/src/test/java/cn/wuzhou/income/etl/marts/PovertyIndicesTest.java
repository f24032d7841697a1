package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.assertMart;
import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static cn.wuzhou.income.etl.marts.MartFixtures.row;

import cn.wuzhou.income.config.QuintileMethod;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * 2024-Q4, line 8000. 万秀区: C size 3 net 300 (pc 100), A size 2 net 10000 (pc 5000), B size 1
 * net 9000 (pc 9000). 苍梧县: D size 4 net 48000 (pc 12000); E has no survey row (left out).
 */
class PovertyIndicesTest {
  private static Dataset<Row> poverty(Map<Integer, BigDecimal> lines) {
    MartFixtures f = new MartFixtures();
    f.household("2024-12", "C", "万秀区", "城东镇", "脱贫户", 3, "村级").wage(2024, 4, "C", "300")
        .household("2024-12", "A", "万秀区", "城东镇", "边缘易致贫户", 2, "村级").wage(2024, 4, "A", "10000")
        .household("2024-12", "B", "万秀区", "龙湖镇", "脱贫户", 1, "村级").wage(2024, 4, "B", "9000")
        .household("2024-12", "D", "苍梧县", "石桥镇", "脱贫户", 4, "村级").wage(2024, 4, "D", "48000")
        .household("2024-12", "E", "苍梧县", "石桥镇", "脱贫户", 2, "村级");
    return PovertyIndices.poverty(f.core(QuintileMethod.HOUSEHOLDS, Map.of(), lines).frame(), "梧州市");
  }

  @Test
  void fgtGiniS80S20AndMedian() {
    // City: W = 10 persons, net 67300, mean 6730. Order C(w3), A(w2), B(w1), D(w4).
    // p0 = (3 + 2) / 10 = 50 %. p1 = [(3*8000 - 300) + (2*8000 - 10000)] / (10 * 8000)
    //    = 29700 / 80000 = 37.125 % → 37.13. p2 = [23700²/3 + 6000²/2] / (10 * 8000²)
    //    = (187230000 + 18000000) / 640000000 = 32.067 % → 32.07.
    // Gini: sum over pairs w_i w_j (x_i - x_j) = A-C 6*4900 + B-C 3*8900 + B-A 2*4000
    //    + D-C 12*11900 + D-A 8*7000 + D-B 4*3000 = 29400+26700+8000+142800+56000+12000 = 274900;
    //    / (W * net) = 274900 / 673000 = 0.40847 → 0.4085.
    // S80/S20: bottom 2 persons = 2 of C's (2 * 100 = 200), top 2 = 2 of D's (24000) → 120.
    // Median: cumulative persons 3, 5 → A reaches 10/2: 5000.
    // 万秀区: W = 6, net 19300, mean 3216.666 → 3216.67; p0 5/6 = 83.33; p1 29700/48000 = 61.875
    //    → 61.88; p2 205230000/384000000 = 53.445 → 53.45; Gini (29400 + 26700 + 8000) / (6 * 19300)
    //    = 64100/115800 = 0.55354 → 0.5535; 20 % of 6 = 1.2 persons: bottom 1.2 * 100 = 120, top B
    //    9000 + 0.2 of A 1000 = 10000 → 83.333 → 83.33; median: C's cum 3 reaches 6/2 → 100.
    // 苍梧县: D alone: no poor (0.00), Gini 0, S80/S20 1.00, mean = median = 12000.
    assertMart(PovertyIndices.MART, poverty(Map.of(2024, d("8000"))),
        row(2024, 4, "city", "梧州市", 4, 10, d("8000.00"), d("50.00"), d("37.13"), d("32.07"), d("0.4085"),
            d("120.00"), d("6730.00"), d("5000.00")),
        row(2024, 4, "county", "万秀区", 3, 6, d("8000.00"), d("83.33"), d("61.88"), d("53.45"), d("0.5535"),
            d("83.33"), d("3216.67"), d("100.00")),
        row(2024, 4, "county", "苍梧县", 1, 4, d("8000.00"), d("0.00"), d("0.00"), d("0.00"), d("0.0000"),
            d("1.00"), d("12000.00"), d("12000.00")));
  }

  @Nested
  class WithoutLine {
    @Test
    void lineAndFgtAreNullOthersFilled() {
      assertMart(PovertyIndices.MART, poverty(Map.of()),
          row(2024, 4, "city", "梧州市", 4, 10, null, null, null, null, d("0.4085"), d("120.00"), d("6730.00"), d("5000.00")),
          row(2024, 4, "county", "万秀区", 3, 6, null, null, null, null, d("0.5535"), d("83.33"), d("3216.67"), d("100.00")),
          row(2024, 4, "county", "苍梧县", 1, 4, null, null, null, null, d("0.0000"), d("1.00"), d("12000.00"), d("12000.00")));
    }
  }
}
