package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.assertMart;
import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static cn.wuzhou.income.etl.marts.MartFixtures.row;

import cn.wuzhou.income.config.QuintileMethod;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class AreaMartsTest {
  /**
   * {@link QuintileMartsTest#twoYears()} in 万秀区/城东镇 (P1 base quintile 1, P2 declines and is
   * below the 2024 line 2000, helper 乡科级), plus 监测户 (never grouped):
   * X 万秀区/龙湖镇 size 1: 1000 → 1100 (+10 %, below line); Y 苍梧县/石桥镇 size 2: 4000 → 4400
   * (pc 2000 → 2200, +10 %); Z 万秀区/夏郢镇 size 1, 2024 only, 3000 (no prior); W 万秀区/城南街道
   * in the 2024 snapshot without a survey row.
   * Members: P1: p1a (普通劳动力, willing, not in school; 公益性岗位 2024-11), p1b (in school);
   * P2: p2a (公益性岗位 2024-10, but P2 is not low-income); W: w1.
   * Payments: p1a due 2024-03-10 100 paid 100 same day 已发放 (on time); p2a due 2024-12-20 200
   * paid 150 (short); p1a due 2025-01-05 (outside 2024); w1 due 2024-06-01 unpaid 待发放.
   */
  static MartFixtures townships() {
    MartFixtures f = QuintileMartsTest.twoYears();
    f.household("2023-12", "X", "万秀区", "龙湖镇", "边缘易致贫户", 1, "村级").wage(2023, 4, "X", "1000")
        .household("2024-12", "X", "万秀区", "龙湖镇", "边缘易致贫户", 1, "村级").wage(2024, 4, "X", "1100")
        .household("2023-12", "Y", "苍梧县", "石桥镇", "突发严重困难户", 2, "村级").wage(2023, 4, "Y", "4000")
        .household("2024-12", "Y", "苍梧县", "石桥镇", "突发严重困难户", 2, "村级").wage(2024, 4, "Y", "4400")
        .household("2024-12", "Z", "万秀区", "夏郢镇", "突发严重困难户", 1, "村级").wage(2024, 4, "Z", "3000")
        .household("2024-12", "W", "万秀区", "城南街道", "边缘易致贫户", 1, "村级")
        .member("2024-12", "P1", "p1a", "普通劳动力", true, false).member("2024-12", "P1", "p1b", "普通劳动力", true, true)
        .member("2024-12", "P2", "p2a", "普通劳动力", true, false).member("2024-12", "W", "w1", "无劳动力", false, false)
        .work("p1a", "2024-11", "公益性岗位", "800").work("p2a", "2024-10", "公益性岗位", "800")
        .payment("p1a", "最低生活保障补助", "100", "100", "2024-03-10", "2024-03-10", "已发放")
        .payment("p2a", "最低生活保障补助", "200", "150", "2024-12-20", "2024-12-20", "已发放")
        .payment("p1a", "最低生活保障补助", "100", null, "2025-01-05", null, "待发放")
        .payment("w1", "最低生活保障补助", "100", null, "2024-06-01", null, "待发放");
    return f;
  }

  static Dataset<Row> facts(MartFixtures f) {
    MartFixtures.Core core = f.core(QuintileMethod.HOUSEHOLDS, Map.of(), Map.of(2024, d("2000")));
    MartsStage.Inputs in = f.inputs();
    return AreaMarts.withFacts(core.frame(), core.members(),
        HouseholdPeriods.workToDate(core.members(), in.employment()), in.payments(), LocalDate.of(2024, 12, 31));
  }

  @Test
  void townshipComparisonWithRankTies() {
    // 城东镇: 5 households, 6 persons, net 19700 → 3283.33; panel growth (19700/6)/(15000/5) - 1
    //   = 9.444 % → 9.44; declined P2 1/5 = 20 %; below line P2 (1500 < 2000) 1/5 = 20 %;
    //   escalation P2 (below), escalated (乡科级) → 100 %; low-income P1: labor (p1a) and
    //   employed (p1a 2024-11) → 100 %; welfare posts: p1a = 1 (p2a's household is not
    //   low-income); payments in 2024: 2, on time 1 → 50 %.
    // 龙湖镇 X +10 %, 石桥镇 Y +10 %: equal growth shares city rank 1, 城东镇 gets rank 3;
    //   X below line (1100 < 2000), not escalated (村级) → coverage 0 %.
    // 夏郢镇 Z: no prior → growth, shares over panel and ranks null.
    // 城南街道 W: in the snapshot without a survey row: row with 0 households, its payment
    //   (unpaid) counts: due 1, on time 0 → 0 %; 0/0 shares null.
    assertMart(AreaMarts.TOWNSHIP, AreaMarts.townshipComparison(facts(townships())),
        row(2024, 4, "万秀区", "城东镇", 5, 6, 5, 1, d("3283.33"), 5, d("9.44"), 1, d("20.00"), 1, d("20.00"),
            1, 1, d("100.00"), 1, 1, d("100.00"), 1, 2, 1, d("50.00"), 2, 3),
        row(2024, 4, "万秀区", "龙湖镇", 1, 1, 0, 0, d("1100.00"), 1, d("10.00"), 0, d("0.00"), 1, d("100.00"),
            1, 0, d("0.00"), 0, 0, null, 0, 0, 0, null, 1, 1),
        row(2024, 4, "苍梧县", "石桥镇", 1, 2, 0, 0, d("2200.00"), 1, d("10.00"), 0, d("0.00"), 0, d("0.00"),
            0, 0, null, 0, 0, null, 0, 0, 0, null, 1, 1),
        row(2024, 4, "万秀区", "夏郢镇", 1, 1, 0, 0, d("3000.00"), 0, null, 0, null, 0, d("0.00"),
            0, 0, null, 0, 0, null, 0, 0, 0, null, null, null),
        row(2024, 4, "万秀区", "城南街道", 0, 0, 0, 0, null, 0, null, 0, null, 0, null,
            0, 0, null, 0, 0, null, 0, 1, 0, d("0.00"), null, null),
        // 2023: no base quintiles and no priors; no line for 2023 → below-line columns null.
        row(2023, 4, "万秀区", "城东镇", 5, 5, 5, 0, d("3000.00"), 0, null, 0, null, null, null,
            0, 0, null, 0, 0, null, 0, 0, 0, null, null, null),
        row(2023, 4, "万秀区", "龙湖镇", 1, 1, 0, 0, d("1000.00"), 0, null, 0, null, null, null,
            0, 0, null, 0, 0, null, 0, 0, 0, null, null, null),
        row(2023, 4, "苍梧县", "石桥镇", 1, 2, 0, 0, d("2000.00"), 0, null, 0, null, null, null,
            0, 0, null, 0, 0, null, 0, 0, 0, null, null, null));
  }
}
