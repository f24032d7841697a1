package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.assertMart;
import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static cn.wuzhou.income.etl.marts.MartFixtures.row;

import cn.wuzhou.income.config.QuintileMethod;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuintileMartsTest {
  private static final String T = QuintileMarts.TREND;

  /**
   * 2024-Q4, six 脱贫人口 households (pc = net / size):
   * F wage 1000, rev 500, cost 2500 → net -1000, size 1 → pc -1000 (negative operating income)
   * A wage 6000, size 2 → 3000;  B wage 9000, size 3 → 3000 (tie with A, A before B by id)
   * C wage 1000, rev 2000, cost 500, property 1000, transfer 500 → net 4000, size 1 → 4000
   * D wage 10000, size 2 → 5000;  E wage 18000, size 3 → 6000
   * G is 边缘易致贫户 (not 脱贫人口) and H has no survey row: neither is grouped.
   */
  private static MartFixtures sixHouseholds() {
    MartFixtures f = new MartFixtures();
    String m = "2024-12";
    f.household(m, "F", "万秀区", "城东镇", "脱贫户", 1, "村级").household(m, "A", "万秀区", "城东镇", "脱贫户", 2, "村级")
        .household(m, "B", "万秀区", "城东镇", "脱贫不稳定户", 3, "村级").household(m, "C", "万秀区", "城东镇", "脱贫户", 1, "村级")
        .household(m, "D", "万秀区", "城东镇", "脱贫户", 2, "村级").household(m, "E", "万秀区", "城东镇", "脱贫户", 3, "村级")
        .household(m, "G", "万秀区", "城东镇", "边缘易致贫户", 1, "村级").household(m, "H", "万秀区", "城东镇", "脱贫户", 1, "村级");
    f.survey(2024, 4, "F", "1000", "500", "2500", "0", "0", "0").wage(2024, 4, "A", "6000").wage(2024, 4, "B", "9000")
        .survey(2024, 4, "C", "1000", "2000", "500", "1000", "500", "0").wage(2024, 4, "D", "10000")
        .wage(2024, 4, "E", "18000").wage(2024, 4, "G", "100");
    return f;
  }

  private static Dataset<Row> quintiles(MartFixtures f, QuintileMethod method, Map<Integer, List<BigDecimal>> cuts) {
    return f.core(method, cuts, Map.of()).quintiles();
  }

  @Test
  void householdsMethodSplitsTiesByHouseholdId() {
    // W = 6, mid_i = i - 0.5, quintile = floor(5 * mid / 6) + 1:
    // F 0.42→1, A 1.25→2, B 2.08→3, C 2.92→3, D 3.75→4, E 4.58→5.
    // Q3 = B + C: income 9000 + 4000 = 13000, persons 4, pc_mean 3250; median (weights 1, 1):
    // B reaches 1 >= 2/2 → 3000. Shares: wage 10000/13000 = 76.923 → 76.92, operating 1500/13000
    // = 11.538 → 11.54, property 1000/13000 = 7.692 → 7.69, transfer 500/13000 = 3.846 → 3.85.
    // Q1 = F: wage 1000/-1000 = -100.00 %, operating (500 - 2500)/-1000 = 200.00 %. No 2023: growth null.
    assertMart(T, QuintileMarts.trend(quintiles(sixHouseholds(), QuintileMethod.HOUSEHOLDS, Map.of())),
        row(2024, 1, "households", 1, 1, d("-1000.00"), d("-1000.00"), d("-1000.00"), d("-1000.00"), d("-1000.00"),
            d("-100.00"), d("200.00"), d("0.00"), d("0.00"), null),
        row(2024, 2, "households", 1, 2, d("6000.00"), d("3000.00"), d("3000.00"), d("3000.00"), d("3000.00"),
            d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
        row(2024, 3, "households", 2, 4, d("13000.00"), d("3250.00"), d("3000.00"), d("3000.00"), d("4000.00"),
            d("76.92"), d("11.54"), d("7.69"), d("3.85"), null),
        row(2024, 4, "households", 1, 2, d("10000.00"), d("5000.00"), d("5000.00"), d("5000.00"), d("5000.00"),
            d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
        row(2024, 5, "households", 1, 3, d("18000.00"), d("6000.00"), d("6000.00"), d("6000.00"), d("6000.00"),
            d("100.00"), d("0.00"), d("0.00"), d("0.00"), null));
  }

  @Test
  void personsMethodWeighsBySize() {
    // weights F1 A2 B3 C1 D2 E3, W = 12; cum 1,3,6,7,9,12; mid 0.5,2,4.5,6.5,8,10.5;
    // 5*mid/12 = 0.21,0.83,1.88,2.71,3.33,4.38 → F1 A1 B2 C3 D4 E5.
    // Q1 = F + A: income -1000 + 6000 = 5000, persons 3, pc_mean 1666.666 → 1666.67;
    // median by persons: total 3, F cum 1 (< 1.5), A cum 3 → 3000. Shares: wage 7000/5000 = 140 %,
    // operating -2000/5000 = -40 %.
    assertMart(T, QuintileMarts.trend(quintiles(sixHouseholds(), QuintileMethod.PERSONS, Map.of())),
        row(2024, 1, "persons", 2, 3, d("5000.00"), d("1666.67"), d("3000.00"), d("-1000.00"), d("3000.00"),
            d("140.00"), d("-40.00"), d("0.00"), d("0.00"), null),
        row(2024, 2, "persons", 1, 3, d("9000.00"), d("3000.00"), d("3000.00"), d("3000.00"), d("3000.00"),
            d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
        row(2024, 3, "persons", 1, 1, d("4000.00"), d("4000.00"), d("4000.00"), d("4000.00"), d("4000.00"),
            d("25.00"), d("37.50"), d("25.00"), d("12.50"), null),
        row(2024, 4, "persons", 1, 2, d("10000.00"), d("5000.00"), d("5000.00"), d("5000.00"), d("5000.00"),
            d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
        row(2024, 5, "persons", 1, 3, d("18000.00"), d("6000.00"), d("6000.00"), d("6000.00"), d("6000.00"),
            d("100.00"), d("0.00"), d("0.00"), d("0.00"), null));
  }

  @Nested
  class OfficialCutPoints {
    @Test
    void cutPointsWinAndMedianUsesConfiguredWeight() {
      // cut points 3000, 4000, 5000, 6000: quintile = 1 + #cuts <= pc:
      // F -1000 → 1; A, B 3000 → 2; C 4000 → 3; D 5000 → 4; E 6000 → 5.
      // Q2 = A + B: income 15000, persons 5, pc_mean 3000; median under persons weights (2, 3),
      // total 5: A cum 2 < 2.5, B cum 5 → 3000.
      Map<Integer, List<BigDecimal>> cuts = Map.of(2024, List.of(d("3000"), d("4000"), d("5000"), d("6000")));
      assertMart(T, QuintileMarts.trend(quintiles(sixHouseholds(), QuintileMethod.PERSONS, cuts)),
          row(2024, 1, "official", 1, 1, d("-1000.00"), d("-1000.00"), d("-1000.00"), d("-1000.00"), d("-1000.00"),
              d("-100.00"), d("200.00"), d("0.00"), d("0.00"), null),
          row(2024, 2, "official", 2, 5, d("15000.00"), d("3000.00"), d("3000.00"), d("3000.00"), d("3000.00"),
              d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2024, 3, "official", 1, 1, d("4000.00"), d("4000.00"), d("4000.00"), d("4000.00"), d("4000.00"),
              d("25.00"), d("37.50"), d("25.00"), d("12.50"), null),
          row(2024, 4, "official", 1, 2, d("10000.00"), d("5000.00"), d("5000.00"), d("5000.00"), d("5000.00"),
              d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2024, 5, "official", 1, 3, d("18000.00"), d("6000.00"), d("6000.00"), d("6000.00"), d("6000.00"),
              d("100.00"), d("0.00"), d("0.00"), d("0.00"), null));
    }
  }

  /**
   * Two years of five households P1..P5 (households method: with W = 5, quintile = rank).
   * 2023: sizes 1, pc 1000..5000. 2024: P1 grows to size 2 with net 5000 (pc 2500), P2 net 1500,
   * P3 3300, P4 4400, P5 5500.
   */
  static MartFixtures twoYears() {
    MartFixtures f = new MartFixtures();
    String[] ids = {"P1", "P2", "P3", "P4", "P5"};
    String[] net2023 = {"1000", "2000", "3000", "4000", "5000"};
    String[] net2024 = {"5000", "1500", "3300", "4400", "5500"};
    for (int i = 0; i < 5; i++) {
      f.household("2023-12", ids[i], "万秀区", "城东镇", "脱贫户", 1, "村级").wage(2023, 4, ids[i], net2023[i]);
      f.household("2024-12", ids[i], "万秀区", "城东镇", "脱贫户", i == 0 ? 2 : 1, i == 1 ? "乡科级" : "村级")
          .wage(2024, 4, ids[i], net2024[i]);
    }
    return f;
  }

  @Nested
  class AcrossYears {
    @Test
    void growthOverTheSameQuintileOfThePreviousYear() {
      // 2024 order: P2 1500 (Q1), P1 2500 (Q2), P3 3300, P4 4400, P5 5500.
      // growth: Q1 1500/1000 → 50.00; Q2 2500/2000 → 25.00; Q3..Q5 → 10.00. 2023: null.
      Dataset<Row> q = quintiles(twoYears(), QuintileMethod.HOUSEHOLDS, Map.of());
      String[] pc23 = {"1000.00", "2000.00", "3000.00", "4000.00", "5000.00"};
      assertMart(T, QuintileMarts.trend(q),
          row(2023, 1, "households", 1, 1, d(pc23[0]), d(pc23[0]), d(pc23[0]), d(pc23[0]), d(pc23[0]), d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2023, 2, "households", 1, 1, d(pc23[1]), d(pc23[1]), d(pc23[1]), d(pc23[1]), d(pc23[1]), d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2023, 3, "households", 1, 1, d(pc23[2]), d(pc23[2]), d(pc23[2]), d(pc23[2]), d(pc23[2]), d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2023, 4, "households", 1, 1, d(pc23[3]), d(pc23[3]), d(pc23[3]), d(pc23[3]), d(pc23[3]), d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2023, 5, "households", 1, 1, d(pc23[4]), d(pc23[4]), d(pc23[4]), d(pc23[4]), d(pc23[4]), d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2024, 1, "households", 1, 1, d("1500.00"), d("1500.00"), d("1500.00"), d("1500.00"), d("1500.00"), d("100.00"), d("0.00"), d("0.00"), d("0.00"), d("50.00")),
          row(2024, 2, "households", 1, 2, d("5000.00"), d("2500.00"), d("2500.00"), d("2500.00"), d("2500.00"), d("100.00"), d("0.00"), d("0.00"), d("0.00"), d("25.00")),
          row(2024, 3, "households", 1, 1, d("3300.00"), d("3300.00"), d("3300.00"), d("3300.00"), d("3300.00"), d("100.00"), d("0.00"), d("0.00"), d("0.00"), d("10.00")),
          row(2024, 4, "households", 1, 1, d("4400.00"), d("4400.00"), d("4400.00"), d("4400.00"), d("4400.00"), d("100.00"), d("0.00"), d("0.00"), d("0.00"), d("10.00")),
          row(2024, 5, "households", 1, 1, d("5500.00"), d("5500.00"), d("5500.00"), d("5500.00"), d("5500.00"), d("100.00"), d("0.00"), d("0.00"), d("0.00"), d("10.00")));
    }

    @Test
    void transitionCountsHouseholdsGroupedInBothYears() {
      // P1 1→2, P2 2→1, P3..P5 stay; zero cells omitted.
      assertMart(QuintileMarts.TRANSITION, QuintileMarts.transition(quintiles(twoYears(), QuintileMethod.HOUSEHOLDS, Map.of())),
          row(2023, 1, 2, 1), row(2023, 2, 1, 1), row(2023, 3, 3, 1), row(2023, 4, 4, 1), row(2023, 5, 5, 1));
    }
  }

  @Nested
  class MissingQuarterEndSnapshot {
    @Test
    void fallsBackToTheLatestEarlierMonthAndIgnoresSurveyRowsOutsideTheSnapshot() {
      // 2024-12 households were not delivered: Q4 uses 2024-11. S1 size 2 net 2000 (pc 1000),
      // S2 size 1 net 3000. GONE has a survey row but is in no snapshot: takes part in nothing.
      // W = 2: mid 0.5 → floor(5 * 0.5 / 2) + 1 = 2; mid 1.5 → floor(3.75) + 1 = 4.
      MartFixtures f = new MartFixtures()
          .household("2024-11", "S1", "万秀区", "城东镇", "脱贫户", 2, "村级")
          .household("2024-11", "S2", "万秀区", "城东镇", "脱贫户", 1, "村级")
          .wage(2024, 4, "S1", "2000").wage(2024, 4, "S2", "3000").wage(2024, 4, "GONE", "100");
      assertMart(T, QuintileMarts.trend(quintiles(f, QuintileMethod.HOUSEHOLDS, Map.of())),
          row(2024, 2, "households", 1, 2, d("2000.00"), d("1000.00"), d("1000.00"), d("1000.00"), d("1000.00"),
              d("100.00"), d("0.00"), d("0.00"), d("0.00"), null),
          row(2024, 4, "households", 1, 1, d("3000.00"), d("3000.00"), d("3000.00"), d("3000.00"), d("3000.00"),
              d("100.00"), d("0.00"), d("0.00"), d("0.00"), null));
    }
  }
}
