package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.assertMart;
import static cn.wuzhou.income.etl.marts.MartFixtures.d;
import static cn.wuzhou.income.etl.marts.MartFixtures.row;

import cn.wuzhou.income.config.QuintileMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HouseholdHistoryTest {
  private static final String ITEM = "最低生活保障补助";

  /**
   * Periods 2024-Q1 and 2024-Q2 (survey deliveries). Households snapshots 2024-03 and 2024-05
   * (no 2024-06: Q2 falls back to 2024-05, where H1 has moved to 龙湖镇, size 3, 乡科级); members
   * snapshots 2024-03 (H1: pa, pb; H2: pc) and 2024-06 (H1: pa only). H2 (no survey row) is in
   * the 2024-03 snapshot only; H9 has a survey row but is in no snapshot: no row at all.
   */
  private static MartFixtures fixture() {
    return new MartFixtures()
        .household("2024-03", "H1", "万秀区", "城东镇", "脱贫户", 2, "村级")
        .household("2024-03", "H2", "长洲区", "倒水镇", "边缘易致贫户", 1, "村级")
        .household("2024-05", "H1", "万秀区", "龙湖镇", "脱贫户", 3, "乡科级")
        .member("2024-03", "H1", "pa", "普通劳动力", true, false)
        .member("2024-03", "H1", "pb", "普通劳动力", true, false)
        .member("2024-03", "H2", "pc", "普通劳动力", true, false)
        .member("2024-06", "H1", "pa", "普通劳动力", true, false)
        .survey(2024, 1, "H1", "1000", "500", "200", "100", "300", "850")
        .survey(2024, 2, "H1", "2000", "1000", "1500", "0", "1000", "833.33")
        .survey(2024, 1, "H9", "9000", "0", "0", "0", "0", "9000")
        .work("pa", "2024-01", "县内务工", "100").work("pa", "2024-01", "县内务工", "100")
        .work("pa", "2024-04", "县内务工", "100").work("pa", "2023-12", "县内务工", "100")
        .work("pb", "2024-02", "县内务工", "100")
        .aid("pa", "2024-02").aid("pb", "2024-03")
        .intervention("H1", "产业奖补", "2024-02-10", "300")
        .intervention("H1", "产业奖补", "2024-05-01", "200")
        .intervention("H1", "产业奖补", "2023-11-01", "999")
        .payment("pa", ITEM, "100", "100", "2024-03-15", "2024-03-10", "已发放")
        .payment("pa", ITEM, "200", "200", "2024-04-15", "2024-05-01", "已发放")
        .payment("pa", ITEM, "150", null, "2024-06-15", null, "待发放")
        .payment("pa", ITEM, "70", "70", "2024-07-01", "2024-07-01", "已发放")
        .payment("pc", ITEM, "50", "40", "2024-02-01", "2024-02-01", "已发放");
  }

  @Test
  void everySnapshotPeriodOfAHouseholdWithIncomeComponentsAndYearToDateRecords() {
    MartFixtures f = fixture();
    MartFixtures.Core core = f.core(QuintileMethod.HOUSEHOLDS, Map.of(), Map.of());
    MartsStage.Inputs in = f.inputs();
    assertMart(HouseholdHistory.TABLE, HouseholdHistory.history(
            HouseholdMarts.withMonths(core.frame(), core.members(),
                HouseholdPeriods.workToDate(core.members(), in.employment()),
            HouseholdPeriods.workPerPerson(in.employment()), in.assistance()),
            core.members(), in.interventions(), in.payments()),
        // H1 Q1 (snapshot 2024-03, size 2): net 1000 + (500 - 200) + 100 + 300 = 1700, pc 1700/2 = 850.
        // work: (pa,01) twice counts once, (pb,02) → 2; 2023-12 is not in 2024. aid (pa,02),(pb,03) → 2.
        // interventions in 2024-01..03: 02-10 → 1, 300.00 (2023-11 is not in 2024).
        // payments due 2024-01..03 to pa, pb: 03-15 paid 03-10 in full → due 1, paid 1, on time 1, 100/100.
        row(2024, 1, "H1", "万秀区", "城东镇", "村城东镇", "脱贫户", 2, "村级", null, true, d("1700.00"),
            d("850.00"), d("1000.00"), d("300.00"), d("100.00"), d("300.00"), 2, 2, 1, d("300.00"),
            1, 1, 1, d("100.00"), d("100.00")),
        // H1 Q2 (households fall back to 2024-05: 龙湖镇, size 3, 乡科级; members 2024-06: pa only):
        // net 2000 + (1000 - 1500) + 0 + 1000 = 2500, pc 2500/3 = 833.333 → 833.33; operating -500.
        // work of pa in 2024-01..06: 01, 04 → 2 (pb's 02 no longer counts); aid (pa,02) → 1.
        // interventions 02-10 and 05-01 → 2, 500.00. payments due 01..06 to pa: 03-15 on time,
        // 04-15 paid late (05-01), 06-15 unpaid → due 3, paid 2, on time 1, due 450, paid 300
        // (07-01 is due after June).
        row(2024, 2, "H1", "万秀区", "龙湖镇", "村龙湖镇", "脱贫户", 3, "乡科级", null, true, d("2500.00"),
            d("833.33"), d("2000.00"), d("-500.00"), d("0.00"), d("1000.00"), 2, 1, 2, d("500.00"),
            3, 2, 1, d("450.00"), d("300.00")),
        // H2 Q1: in the snapshot without a survey row → not surveyed, income null; no work, aid or
        // interventions; pc's payment 50 paid 40 on the due date → paid, not in full.
        row(2024, 1, "H2", "长洲区", "倒水镇", "村倒水镇", "边缘易致贫户", 1, "村级", null, false, null,
            null, null, null, null, null, 0, 0, 0, d("0.00"),
            1, 1, 0, d("50.00"), d("40.00")));
  }
}
