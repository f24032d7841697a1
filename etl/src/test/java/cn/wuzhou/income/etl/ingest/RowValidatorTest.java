package cn.wuzhou.income.etl.ingest;

import static cn.wuzhou.income.etl.ingest.IngestFixtures.PSEUDONYMS;
import static cn.wuzhou.income.etl.ingest.IngestFixtures.badId;
import static cn.wuzhou.income.etl.ingest.IngestFixtures.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.wuzhou.income.config.WarehouseConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every row-level rule of feeds.md, each bad row next to its valid neighbour. */
class RowValidatorTest {
  static final WarehouseConfig CONFIG = IngestFixtures.config(Path.of("unused-home"));
  static final String HEAD = id("19800101", "001");

  static Reason reason(Feed feed, String period, String... values) {
    RowValidator v = RowValidator.of(feed, CONFIG, PSEUDONYMS, IngestStage.silverSchema(feed));
    String reason = v.validate(values, true, period, "d", "f", 2, "raw").getString(3);
    return reason == null ? null : Reason.valueOf(reason);
  }

  /** household_id, head_id_number, head_name, county, township, village, household_type, size, helper_level, risk, phone. */
  static String[] household(String... overrides) {
    String[] v = {"H1", HEAD, "张三", "万秀区", "城东镇", "东村", "边缘易致贫户", "4", "村级", "否", ""};
    for (int i = 0; i < overrides.length; i += 2) {
      v[Feed.AGRI_HOUSEHOLDS.indexOf(overrides[i])] = overrides[i + 1];
    }
    return v;
  }

  @Nested
  class Households {
    @Test
    void validRowAndItsTypedSilverRow() {
      assertNull(reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household()));
      RowValidator v = RowValidator.of(Feed.AGRI_HOUSEHOLDS, CONFIG, PSEUDONYMS, IngestStage.silverSchema(Feed.AGRI_HOUSEHOLDS));
      Row row = v.validate(household("village", "\u3000东村 ", "helper_level", ""), true, "2024-03", "d1", "f.csv", 2, "raw");
      Row expected = RowFactory.create("f.csv", 2, "raw", null, "H1",
          "2024-03", "H1", PSEUDONYMS.of(HEAD), "张*", "万秀区", "城东镇", "东村", "边缘易致贫户", 4, null, false,
          "2024-03", "d1");
      assertEquals(expected, row);
    }

    @Test
    void missingValues() {
      assertEquals(Reason.MISSING_VALUE, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("village", " ")));
      assertEquals(Reason.MISSING_VALUE, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("household_size", "")));
      // risk_eliminated: required for a 监测户 type, may be empty for 脱贫户; helper_level and phone may be empty
      assertEquals(Reason.MISSING_VALUE, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("risk_eliminated", "")));
      assertNull(reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("risk_eliminated", "", "household_type", "脱贫户")));
      assertNull(reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("helper_level", "", "phone", "")));
    }

    @Test
    void enumsIdsCountsRegionsAndTheirOrder() {
      assertEquals(Reason.BAD_ENUM, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("household_type", "贫困户")));
      assertEquals(Reason.BAD_ENUM, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("risk_eliminated", "也许")));
      assertEquals(Reason.INVALID_ID, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("head_id_number", badId("19800101", "001"))));
      assertNull(reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("head_id_number", HEAD.toLowerCase())));
      assertEquals(Reason.BAD_AMOUNT, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("household_size", "21")));
      assertEquals(Reason.BAD_AMOUNT, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("household_size", "0")));
      assertEquals(Reason.BAD_AMOUNT, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("household_size", "3.5")));
      assertNull(reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("household_size", "20")));
      assertEquals(Reason.UNKNOWN_REGION, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("township", "不存在镇")));
      assertEquals(Reason.UNKNOWN_REGION, reason(Feed.AGRI_HOUSEHOLDS, "2024-03", household("county", "长洲区")));
      // bad enum and bad ID on one row: counted under the first in the order, BAD_ENUM
      assertEquals(Reason.BAD_ENUM, reason(Feed.AGRI_HOUSEHOLDS, "2024-03",
          household("household_type", "x", "head_id_number", "123")));
    }
  }

  @Test
  void membersBirthDateMustAgreeWithTheId() {
    String m = id("20100215", "022");
    String[] ok = {"H1", m, "李四", "子女", "女", "2010/2/15", "无劳动力", "N", "是"};
    assertNull(reason(Feed.AGRI_MEMBERS, "2024-03", ok));
    String[] mismatch = ok.clone();
    mismatch[5] = "2010-02-16";
    assertEquals(Reason.BIRTHDATE_MISMATCH, reason(Feed.AGRI_MEMBERS, "2024-03", mismatch));
    String[] badDate = ok.clone();
    badDate[5] = "2010-02-30";
    assertEquals(Reason.BAD_DATE, reason(Feed.AGRI_MEMBERS, "2024-03", badDate));
    String[] badGender = ok.clone();
    badGender[4] = "M";
    assertEquals(Reason.BAD_ENUM, reason(Feed.AGRI_MEMBERS, "2024-03", badGender));
  }

  @Test
  void surveyMoney() {
    String[] ok = {"H1", "1,000.50", "￥200", "50", "0", "300", "0", "-120.5"};
    assertNull(reason(Feed.AGRI_INCOME_SURVEY, "2024-Q1", ok));
    String[] negative = ok.clone();
    negative[1] = "-1";
    assertEquals(Reason.BAD_AMOUNT, reason(Feed.AGRI_INCOME_SURVEY, "2024-Q1", negative));
    String[] threeDecimals = ok.clone();
    threeDecimals[2] = "1.005";
    assertEquals(Reason.BAD_AMOUNT, reason(Feed.AGRI_INCOME_SURVEY, "2024-Q1", threeDecimals));
    RowValidator v = RowValidator.of(Feed.AGRI_INCOME_SURVEY, CONFIG, PSEUDONYMS, IngestStage.silverSchema(Feed.AGRI_INCOME_SURVEY));
    Row row = v.validate(ok, true, "2024-Q1", "d", "f", 2, "raw");
    assertEquals(RowFactory.create("f", 2, "raw", null, "H1", 2024, 1, "H1", new BigDecimal("1000.50"),
        new BigDecimal("200.00"), new BigDecimal("50.00"), new BigDecimal("0.00"), new BigDecimal("300.00"),
        new BigDecimal("0.00"), new BigDecimal("-120.50"), "2024-Q1", "d"), row);
  }

  @Test
  void interventionsMeasureAndDateInPeriod() {
    String[] ok = {"R1", "H1", "", "产业奖补", "2024-03-31", "500", ""};
    assertNull(reason(Feed.AGRI_INTERVENTIONS, "2024-03", ok));
    String[] unknownMeasure = ok.clone();
    unknownMeasure[3] = "发钱";
    assertEquals(Reason.BAD_ENUM, reason(Feed.AGRI_INTERVENTIONS, "2024-03", unknownMeasure));
    String[] outside = ok.clone();
    outside[4] = "2024-04-01";
    assertEquals(Reason.OUT_OF_PERIOD, reason(Feed.AGRI_INTERVENTIONS, "2024-03", outside));
    String[] badOptionalId = ok.clone();
    badOptionalId[2] = "45040319800101001";
    assertEquals(Reason.INVALID_ID, reason(Feed.AGRI_INTERVENTIONS, "2024-03", badOptionalId));
  }

  @Test
  void employmentMonthEqualsThePeriod() {
    String[] ok = {"E1", HEAD, "2024/03", "区外务工", "3000", "", ""};
    assertNull(reason(Feed.HRSS_EMPLOYMENT, "2024-03", ok));
    String[] other = ok.clone();
    other[2] = "2024年2月";
    assertEquals(Reason.OUT_OF_PERIOD, reason(Feed.HRSS_EMPLOYMENT, "2024-03", other));
    String[] oneDigit = ok.clone();
    oneDigit[2] = "2024/3";
    assertEquals(Reason.BAD_DATE, reason(Feed.HRSS_EMPLOYMENT, "2024-03", oneDigit));
    String[] missingId = ok.clone();
    missingId[1] = "";
    assertEquals(Reason.MISSING_VALUE, reason(Feed.HRSS_EMPLOYMENT, "2024-03", missingId));
  }

  @Test
  void assistanceBasis() {
    String[] ok = {"A1", HEAD, "低保", "2024-03", "按户", "600"};
    assertNull(reason(Feed.CIVIL_ASSISTANCE, "2024-03", ok));
    String[] badBasis = ok.clone();
    badBasis[4] = "按月";
    assertEquals(Reason.BAD_ENUM, reason(Feed.CIVIL_ASSISTANCE, "2024-03", badBasis));
  }

  @Test
  void paymentsDueAboveZeroAndPaidMayBeEmpty() {
    String[] unpaid = {"P1", HEAD, "教育资助", "教育局", "500", "", "2024-03-10", "", "待发放"};
    assertNull(reason(Feed.FINANCE_PAYMENTS, "2024-03", unpaid));
    RowValidator v = RowValidator.of(Feed.FINANCE_PAYMENTS, CONFIG, PSEUDONYMS, IngestStage.silverSchema(Feed.FINANCE_PAYMENTS));
    assertEquals(RowFactory.create("f", 3, "raw", null, "P1", "P1", PSEUDONYMS.of(HEAD), "教育资助", "教育局",
        new BigDecimal("500.00"), null, Date.valueOf("2024-03-10"), null, "待发放", "2024-03", "d"),
        v.validate(unpaid, true, "2024-03", "d", "f", 3, "raw"));
    String[] zero = unpaid.clone();
    zero[4] = "0";
    assertEquals(Reason.BAD_AMOUNT, reason(Feed.FINANCE_PAYMENTS, "2024-03", zero));
    String[] badDept = unpaid.clone();
    badDept[3] = "税务局";
    assertEquals(Reason.BAD_ENUM, reason(Feed.FINANCE_PAYMENTS, "2024-03", badDept));
    String[] paidLater = {"P1", HEAD, "教育资助", "教育局", "500", "500", "2024-03-10", "2024-05-02", "已发放"};
    assertNull(reason(Feed.FINANCE_PAYMENTS, "2024-03", paidLater));
  }

  @Test
  void badFieldCountComesFirst() {
    RowValidator v = RowValidator.of(Feed.CIVIL_ASSISTANCE, CONFIG, PSEUDONYMS, IngestStage.silverSchema(Feed.CIVIL_ASSISTANCE));
    Row row = v.validate(new String[] {"A1", "x", null, null, null, null}, false, "2024-03", "d", "f", 5, "A1,x");
    assertEquals(RowFactory.create("f", 5, "A1,x", "BAD_FIELD_COUNT", null, null, null, null, null, null, null, "2024-03", "d"), row);
  }
}
