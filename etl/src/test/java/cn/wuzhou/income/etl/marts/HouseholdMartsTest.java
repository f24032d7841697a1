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

class HouseholdMartsTest {
  /**
   * {@link QuintileMartsTest#twoYears()} (P1..P5; 2023 quintiles = 1..5 in order, so base
   * quintile of Pi in 2024 is i), plus M, a 边缘易致贫户 (never grouped, no base quintile):
   * 2023 wage 1000 + operating 2000 = 3000; 2024 wage 1500 + (1000 - 500) = 2000, size 1.
   * P2 (helper 乡科级) has member p2a: work 2024-01 (twice), 2024-02, 2023-03, 2023-11, 2025-01;
   * assistance 2024-05 and 2023-05.
   */
  private static MartFixtures households() {
    MartFixtures f = QuintileMartsTest.twoYears();
    f.household("2023-12", "M", "苍梧县", "石桥镇", "边缘易致贫户", 1, "村级")
        .household("2024-12", "M", "苍梧县", "石桥镇", "边缘易致贫户", 1, "村级")
        .survey(2023, 4, "M", "1000", "2000", "0", "0", "0", "0")
        .survey(2024, 4, "M", "1500", "1000", "500", "0", "0", "0")
        .member("2024-12", "P2", "p2a", "普通劳动力", true, false)
        .work("p2a", "2024-01", "县内务工", "100").work("p2a", "2024-01", "县内务工", "100")
        .work("p2a", "2024-02", "县内务工", "100").work("p2a", "2023-03", "县内务工", "100")
        .work("p2a", "2023-11", "县内务工", "100").work("p2a", "2025-01", "县内务工", "100")
        .aid("p2a", "2024-05").aid("p2a", "2023-05");
    return f;
  }

  private static Dataset<Row> declining(Map<Integer, BigDecimal> lines) {
    MartFixtures f = households();
    MartFixtures.Core core = f.core(QuintileMethod.HOUSEHOLDS, Map.of(), lines);
    MartsStage.Inputs in = f.inputs();
    return HouseholdMarts.decliningHouseholds(
        HouseholdMarts.withMonths(core.frame(), core.members(),
            HouseholdPeriods.workToDate(core.members(), in.employment()),
            HouseholdPeriods.workPerPerson(in.employment()), in.assistance()));
  }

  @Test
  void cohortProgressByBaseQuintileAndAll() {
    // 2024-Q4 panel (base quintile + prior): P1..P5; M has no base quintile; 2023 has none.
    // bq1 P1: 5000/2 = 2500 vs 1000/1 → +150 %; bq2 P2: 1500 vs 2000 → -25 %, declined.
    // bq0: net 5000+1500+3300+4400+5500 = 19700 over 2+1+1+1+1 = 6 persons = 3283.333 → 3283.33;
    // prior 15000 / 5 = 3000; growth (3283.333/3000 - 1) * 100 = 9.444 → 9.44; 1 of 5 declined = 20 %.
    MartFixtures.Core core = households().core(QuintileMethod.HOUSEHOLDS, Map.of(), Map.of(2024, d("2000")));
    assertMart(HouseholdMarts.COHORT, HouseholdMarts.cohortProgress(core.frame()),
        row(2024, 4, 1, 1, 2, d("2500.00"), d("1000.00"), d("150.00"), 0, d("0.00")),
        row(2024, 4, 2, 1, 1, d("1500.00"), d("2000.00"), d("-25.00"), 1, d("100.00")),
        row(2024, 4, 3, 1, 1, d("3300.00"), d("3000.00"), d("10.00"), 0, d("0.00")),
        row(2024, 4, 4, 1, 1, d("4400.00"), d("4000.00"), d("10.00"), 0, d("0.00")),
        row(2024, 4, 5, 1, 1, d("5500.00"), d("5000.00"), d("10.00"), 0, d("0.00")),
        row(2024, 4, 0, 5, 6, d("3283.33"), d("3000.00"), d("9.44"), 1, d("20.00")));
  }

  @Test
  void decliningAndBelowLineHouseholds() {
    // line 2024 = 2000. P2: pc 1500 < 2000 below line, declined 2000 → 1500 (-25 %), only wage,
    // escalation required (below line), escalated (乡科级); work months 2024: {01, 02} = 2 (two
    // records of 01 count once), 2023: {03, 11} = 2; assistance 2024: {05} = 1.
    // M: 3000 → 2000 (-33.333 → -33.33), not below (2000 is not < 2000); wage +500, operating
    // 2000 → 500 (-1500): main source operating; no base quintile → no escalation.
    // P1, P3..P5 grew and are above the line: no row. 2023 has no line and no prior: no rows.
    assertMart(HouseholdMarts.DECLINING, declining(Map.of(2024, d("2000"))),
        row(2024, 4, "P2", "万秀区", "城东镇", "村城东镇", "脱贫户", 1, "张*", 2, d("1500.00"), d("2000.00"),
            d("-25.00"), true, true, "wage", 2, 2, 1, true, true, "乡科级"),
        row(2024, 4, "M", "苍梧县", "石桥镇", "村石桥镇", "边缘易致贫户", 1, "张*", null, d("2000.00"), d("3000.00"),
            d("-33.33"), true, false, "operating", 0, 0, 0, false, false, "村级"));
  }

  @Nested
  class NoMonitoringLine {
    @Test
    void belowLineIsNullAndCountsAsFalse() {
      // Without a 2024 line: below_line null; P2 still declined (row kept), base quintile 2 → not
      // escalation_required (null below_line counts as false).
      assertMart(HouseholdMarts.DECLINING, declining(Map.of()),
          row(2024, 4, "P2", "万秀区", "城东镇", "村城东镇", "脱贫户", 1, "张*", 2, d("1500.00"), d("2000.00"),
              d("-25.00"), true, null, "wage", 2, 2, 1, false, true, "乡科级"),
          row(2024, 4, "M", "苍梧县", "石桥镇", "村石桥镇", "边缘易致贫户", 1, "张*", null, d("2000.00"), d("3000.00"),
              d("-33.33"), true, null, "operating", 0, 0, 0, false, false, "村级"));
    }
  }
}
