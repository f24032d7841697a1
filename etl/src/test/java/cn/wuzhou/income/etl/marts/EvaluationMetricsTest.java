package cn.wuzhou.income.etl.marts;

import static cn.wuzhou.income.etl.marts.MartFixtures.assertMart;
import static cn.wuzhou.income.etl.marts.MartFixtures.d;

import cn.wuzhou.income.config.QuintileMethod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class EvaluationMetricsTest {
  private final List<Object[]> rows = new ArrayList<>();

  private void r(String level, String region, String code, String num, String den, String value) {
    EvaluationMetrics.Indicator i = EvaluationMetrics.INDICATORS.stream().filter(x -> x.code().equals(code))
        .findFirst().orElseThrow();
    rows.add(new Object[] {2024, 4, level, region, code, i.name(), dec(num), dec(den), dec(value), i.unit()});
  }

  private static BigDecimal dec(String v) {
    return v == null ? null : d(v);
  }

  @Test
  void everyIndicatorForTheCityAndEachCounty() {
    // Households of AreaMartsTest#townships(), line 2024 = 2000, as of 2024-12-31.
    // E13: civil_assistance 2024-11 delivered twice: the later delivery (40 received, 2
    // quarantined) counts, the replaced one (50, 5) not; 2025-01 is after the quarter; the
    // fixture's automatic deliveries count 0 rows. 2 / 40 = 5 %.
    MartFixtures f = AreaMartsTest.townships()
        .delivery("civil_assistance", "2024-11", "a-old", "replaced", 50, 5, "2024-12-01 00:00:00")
        .delivery("civil_assistance", "2024-11", "a-new", "loaded", 40, 2, "2024-12-15 00:00:00")
        .delivery("civil_assistance", "2025-01", "a-25", "loaded", 30, 3, "2025-02-01 00:00:00");
    MartFixtures.Core core = f.core(QuintileMethod.HOUSEHOLDS, Map.of(), Map.of(2024, d("2000")));
    MartsStage.Inputs in = f.inputs();
    Dataset<Row> work = HouseholdPeriods.workToDate(core.members(), in.employment());
    Dataset<Row> facts = AreaMarts.withFacts(core.frame(), core.members(), work, in.payments(),
        LocalDate.of(2024, 12, 31));
    Dataset<Row> evidence = PaymentMarts.incomeEvidence(core.frame(), core.members(), work, in.payments(),
        in.interventions(), List.of("最低生活保障补助"), List.of(), List.of());
    Dataset<Row> actual = EvaluationMetrics.evaluation(MartFixtures.spark(), List.of(new Periods.YearQuarter(2024, 4)),
        "梧州市", List.of("万秀区", "苍梧县"), Map.of(2024, d("2000")), facts, evidence, in.deliveries());

    // City. E01 base quintile 1 = P1: 2500 vs 1000 → 150 %. E02 all of the cohort (P1..P5):
    // 19700/6 = 3283.33 vs 15000/5 = 3000 → 9.444 %. E03 = 150 - 9.444 = 140.556 → 140.56.
    // E04 declined P2 of panel P1..P5, X, Y: 1/7 = 14.29 %. E05 below line P2, X of 8 households
    // with a survey row: 25 %. E06 escalated P2 of required P2, X: 50 %. E07 1/1. E08 p1a = 1.
    // E09 on time 1 of 3 payments due in 2024 = 33.33 %. E10 w1 unpaid, due 06-01 = 1.
    // E11 wage evidence P1 800, P2 800 (transfer declared 0 → min 0) over declared wage
    // 5000+1500+3300+4400+5500+1100+4400+3000 = 28200: 1600/28200 = 5.674 → 5.67.
    // E12 reported 0 everywhere: all 8 households mismatch.
    String c = "梧州市";
    r("city", c, "E01", "2500.00", "1000.00", "150.00");
    r("city", c, "E02", "3283.33", "3000.00", "9.44");
    r("city", c, "E03", null, null, "140.56");
    r("city", c, "E04", "1", "7", "14.29");
    r("city", c, "E05", "2", "8", "25.00");
    r("city", c, "E06", "1", "2", "50.00");
    r("city", c, "E07", "1", "1", "100.00");
    r("city", c, "E08", "1", null, "1");
    r("city", c, "E09", "1", "3", "33.33");
    r("city", c, "E10", "1", null, "1");
    r("city", c, "E11", "1600", "28200", "5.67");
    r("city", c, "E12", "8", null, "8");
    r("city", c, "E13", "2", "40", "5.00");
    // 万秀区 (all but Y): E04 1/6 = 16.67; E05 2/7 = 28.57; E11 1600/23800 = 6.72; E12 7.
    String w = "万秀区";
    r("county", w, "E01", "2500.00", "1000.00", "150.00");
    r("county", w, "E02", "3283.33", "3000.00", "9.44");
    r("county", w, "E03", null, null, "140.56");
    r("county", w, "E04", "1", "6", "16.67");
    r("county", w, "E05", "2", "7", "28.57");
    r("county", w, "E06", "1", "2", "50.00");
    r("county", w, "E07", "1", "1", "100.00");
    r("county", w, "E08", "1", null, "1");
    r("county", w, "E09", "1", "3", "33.33");
    r("county", w, "E10", "1", null, "1");
    r("county", w, "E11", "1600", "23800", "6.72");
    r("county", w, "E12", "7", null, "7");
    // 苍梧县 (Y only, no base quintile): cohort indicators null; zero denominators → null value.
    String g = "苍梧县";
    r("county", g, "E01", null, null, null);
    r("county", g, "E02", null, null, null);
    r("county", g, "E03", null, null, null);
    r("county", g, "E04", "0", "1", "0.00");
    r("county", g, "E05", "0", "1", "0.00");
    r("county", g, "E06", "0", "0", null);
    r("county", g, "E07", "0", "0", null);
    r("county", g, "E08", "0", null, "0");
    r("county", g, "E09", "0", "0", null);
    r("county", g, "E10", "0", null, "0");
    r("county", g, "E11", "0", "4400", "0.00");
    r("county", g, "E12", "1", null, "1");
    assertMart(EvaluationMetrics.MART, actual, rows.toArray(Object[][]::new));
  }
}
