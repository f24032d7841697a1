package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.assertMart;
import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static cn.wuzhou.income.etl.marts.MartFixtures.row;

import cn.wuzhou.income.config.QuintileMethod;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaymentMartsTest {
  private static final String ITEM = "最低生活保障补助";

  @Nested
  class SubsidyTimeliness {
    @Test
    void countersByDueMonthCountyAndItem() {
      // Snapshots delivered: 2024-10 (H1 in 万秀区) and 2024-12 (H1 moved to 苍梧县); m1 in H1 in both.
      // 09: before any snapshot → 未匹配; paid on time 200.
      // 10: 万秀区, on time. 11: not delivered → falls back to 2024-10 → 万秀区; paid 80 of 100 on
      //     11-20 (due 11-15): paid_late and short_paid, not on time.
      // 12: 苍梧县: 退回 unpaid due 12-05 (returned, overdue at 12-31) and unpaid due 12-31 (not
      //     before the as-of date → not overdue); unknown person u9 unpaid → 未匹配, overdue.
      MartFixtures f = new MartFixtures()
          .household("2024-10", "H1", "万秀区", "城东镇", "脱贫户", 2, "村级")
          .household("2024-12", "H1", "苍梧县", "石桥镇", "脱贫户", 2, "村级")
          .member("2024-10", "H1", "m1", "普通劳动力", true, false).member("2024-12", "H1", "m1", "普通劳动力", true, false)
          .payment("m1", ITEM, "200", "200", "2024-09-01", "2024-09-01", "已发放")
          .payment("m1", ITEM, "100", "100", "2024-10-15", "2024-10-15", "已发放")
          .payment("m1", ITEM, "100", "80", "2024-11-15", "2024-11-20", "已发放")
          .payment("m1", ITEM, "100", null, "2024-12-05", null, "退回")
          .payment("m1", ITEM, "100", null, "2024-12-31", null, "待发放")
          .payment("u9", ITEM, "50", null, "2024-12-06", null, "待发放");
      MartsStage.Inputs in = f.inputs();
      Periods periods = Periods.fromDeliveries(in.deliveries());
      assertMart(PaymentMarts.TIMELINESS, PaymentMarts.subsidyTimeliness(in.payments(),
              periods.monthFrame(MartFixtures.spark(), Set.of("2024-09", "2024-10", "2024-11", "2024-12")),
              in.householdMonths(), in.members(), LocalDate.of(2024, 12, 31)),
          row(2024, 9, "未匹配", ITEM, 1, d("200.00"), 1, 0, 0, 0, 0, d("100.00")),
          row(2024, 10, "万秀区", ITEM, 1, d("100.00"), 1, 0, 0, 0, 0, d("100.00")),
          row(2024, 11, "万秀区", ITEM, 1, d("100.00"), 0, 1, 1, 0, 0, d("0.00")),
          row(2024, 12, "苍梧县", ITEM, 2, d("200.00"), 0, 0, 0, 1, 1, d("0.00")),
          row(2024, 12, "未匹配", ITEM, 1, d("50.00"), 0, 0, 0, 0, 1, d("0.00")));
    }
  }

  @Nested
  class IncomeEvidence {
    @Test
    void declaredAgainstEvidenced() {
      // 2024-Q2 (months 1..6). H size 2: wage 3000, operating 1000 - 200 = 800, property 500,
      //   transfer 1000; net 5300, pc 2650 = reported → no mismatch.
      //   wage evidence: m1 2024-01 1000 + m2 2024-06 1500 = 2500 (m1 2024-07 is outside);
      //   transfer evidence: m1 低保 paid 600 on 03-01 (产业奖补 is 经营性, 退回 and a July payment
      //   do not count) = 600; operating: 产业奖补 400 (小额信贷 is a loan, 庭院经济 in August is
      //   outside) ; property: 集体经济分红 250.
      //   coverage = (min(2500, 3000) + min(600, 1000)) / (3000 + 1000) = 3100/4000 = 77.50 %.
      // K size 1: all zero, reported 5 → |5 - 0| > 1 mismatch; coverage 0/0 → null.
      // J size 3: wage 100, reported 33.33 vs 33.333 → no mismatch; no evidence: unsupported wage,
      //   coverage 0/100 = 0 %. N: no survey row → no row.
      MartFixtures f = new MartFixtures()
          .household("2024-06", "H", "万秀区", "城东镇", "脱贫户", 2, "村级")
          .household("2024-06", "K", "万秀区", "城东镇", "脱贫户", 1, "村级")
          .household("2024-06", "J", "万秀区", "城东镇", "边缘易致贫户", 3, "村级")
          .household("2024-06", "N", "万秀区", "城东镇", "脱贫户", 1, "村级")
          .member("2024-06", "H", "m1", "普通劳动力", true, false).member("2024-06", "H", "m2", "普通劳动力", true, false)
          .survey(2024, 2, "H", "3000", "1000", "200", "500", "1000", "2650")
          .survey(2024, 2, "K", "0", "0", "0", "0", "0", "5")
          .survey(2024, 2, "J", "100", "0", "0", "0", "0", "33.33")
          .work("m1", "2024-01", "县内务工", "1000").work("m2", "2024-06", "县内务工", "1500")
          .work("m1", "2024-07", "县内务工", "900")
          .payment("m1", ITEM, "600", "600", "2024-03-01", "2024-03-01", "已发放")
          .payment("m2", "产业奖补", "300", "300", "2024-03-01", "2024-03-01", "已发放")
          .payment("m1", "教育资助", "300", null, "2024-03-01", null, "退回")
          .payment("m2", "医疗救助", "300", "300", "2024-06-01", "2024-07-02", "已发放")
          .intervention("H", "产业奖补", "2024-02-01", "400").intervention("H", "集体经济分红", "2024-05-01", "250")
          .intervention("H", "小额信贷", "2024-03-01", "10000").intervention("H", "庭院经济", "2024-08-01", "700");
      MartFixtures.Core core = f.core(QuintileMethod.HOUSEHOLDS, Map.of(), Map.of());
      MartsStage.Inputs in = f.inputs();
      assertMart(PaymentMarts.EVIDENCE, PaymentMarts.evidenceMart(PaymentMarts.incomeEvidence(core.frame(),
              core.members(), HouseholdPeriods.workToDate(core.members(), in.employment()), in.payments(),
              in.interventions(), List.of(ITEM, "教育资助", "医疗救助"), List.of("产业奖补", "庭院经济"),
              List.of("集体经济分红"))),
          row(2024, 2, "H", "万秀区", "城东镇", d("3000.00"), d("2500.00"), d("1000.00"), d("600.00"), d("800.00"),
              d("400.00"), d("500.00"), d("250.00"), d("77.50"), false, false, false),
          row(2024, 2, "K", "万秀区", "城东镇", d("0.00"), d("0.00"), d("0.00"), d("0.00"), d("0.00"),
              d("0.00"), d("0.00"), d("0.00"), null, false, false, true),
          row(2024, 2, "J", "万秀区", "城东镇", d("100.00"), d("0.00"), d("0.00"), d("0.00"), d("0.00"),
              d("0.00"), d("0.00"), d("0.00"), d("0.00"), true, false, false));
    }
  }
}
