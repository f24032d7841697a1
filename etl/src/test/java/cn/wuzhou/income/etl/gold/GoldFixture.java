package cn.wuzhou.income.etl.gold;

import cn.wuzhou.income.config.IncomeCategory;
import cn.wuzhou.income.config.Measure;
import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.config.SubsidyItem;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-made silver rows of two households over 2024 Q1-Q2, used by the gold and CLI tests.
 *
 * <p>H1 (head p1) is in the 2024-03 snapshot with 3 members (p1, p2, p5) in 城东镇, then in the
 * 2024-06 snapshot with 2 members (p5 left) in 龙湖镇 as a new type: two versions. H2 (p3) is
 * one person in both snapshots. H9 has a survey row but is in no snapshot. pX is known only to
 * the employment feed.
 */
public final class GoldFixture {
  private GoldFixture() {}

  public static final GoldTransforms.Catalogues CATALOGUES = new GoldTransforms.Catalogues(
      List.of(new Region("450403", "万秀区", "城东镇"), new Region("450403", "万秀区", "龙湖镇")),
      List.of(new Measure("产业奖补", IncomeCategory.OPERATING, List.of(6)),
          new Measure("小额信贷", IncomeCategory.NONE, List.of(5, 7)),
          new Measure("集体经济分红", IncomeCategory.PROPERTY, List.of(16))),
      List.of(new SubsidyItem("最低生活保障补助", IncomeCategory.TRANSFER, "民政局"),
          new SubsidyItem("公益性岗位补贴", IncomeCategory.WAGE, "人社局")),
      List.of("民政局", "人社局", "农业农村局", "财政局"));

  public static GoldTransforms.Silver silver() {
    Dataset<Row> members = frame(SilverSchemas.MEMBERS,
        row("2024-03", "H1", "p1", "户主", "男", date("1970-01-01"), "普通劳动力", true, false, "2024-03", "d-m-03"),
        row("2024-03", "H1", "p2", "配偶", "女", date("1972-05-05"), "普通劳动力", true, false, "2024-03", "d-m-03"),
        row("2024-03", "H1", "p5", "子女", "女", date("2005-09-09"), "普通劳动力", true, false, "2024-03", "d-m-03"),
        row("2024-03", "H2", "p3", "户主", "男", date("1950-02-02"), "丧失劳动力", false, false, "2024-03", "d-m-03"),
        row("2024-06", "H1", "p1", "户主", "男", date("1970-01-01"), "技能劳动力", true, false, "2024-06", "d-m-06"),
        row("2024-06", "H1", "p2", "配偶", "女", date("1972-05-05"), "普通劳动力", false, false, "2024-06", "d-m-06"),
        row("2024-06", "H2", "p3", "户主", "男", date("1950-02-02"), "丧失劳动力", false, false, "2024-06", "d-m-06"));
    Dataset<Row> households = frame(SilverSchemas.HOUSEHOLDS,
        row("H1", "2024-03", "2024-06", false, "p1", "张*", "万秀区", "城东镇", "东村", "脱贫户", 3, "村级", null, "d-h-03"),
        row("H1", "2024-06", null, true, "p1", "张*", "万秀区", "龙湖镇", "湖村", "脱贫不稳定户", 2, "乡科级", false, "d-h-06"),
        row("H2", "2024-03", null, true, "p3", "李*", "万秀区", "城东镇", "东村", "边缘易致贫户", 1, null, true, "d-h-03"));
    Dataset<Row> survey = frame(SilverSchemas.INCOME_SURVEY,
        row(2024, 1, "H1", m("3000"), m("1000"), m("400"), m("100"), m("500"), m("0"), m("1400"), "2024-Q1", "d-s-q1"),
        row(2024, 1, "H9", m("1"), m("0"), m("0"), m("0"), m("0"), m("0"), m("1"), "2024-Q1", "d-s-q1"),
        row(2024, 2, "H1", m("7000"), m("2000"), m("500"), m("200"), m("1200"), m("0"), m("4950"), "2024-Q2", "d-s-q2"),
        row(2024, 2, "H2", m("0"), m("0"), m("0"), m("0"), m("900"), m("50"), m("900"), "2024-Q2", "d-s-q2"));
    Dataset<Row> interventions = frame(SilverSchemas.INTERVENTIONS,
        row("i1", "H1", null, "产业奖补", date("2024-02-15"), m("800"), "茶叶", "2024-02", "d-i-02"),
        row("i2", "H1", "p1", "小额信贷", date("2024-05-20"), m("50000"), null, "2024-05", "d-i-05"),
        row("i3", "H2", "p3", "集体经济分红", date("2024-06-30"), m("150"), null, "2024-06", "d-i-06"));
    Dataset<Row> employment = frame(SilverSchemas.EMPLOYMENT,
        row("e1", "p1", "2024-01", "区外务工", m("2500"), "广州某厂", "广州", "2024-01", "d-e-01"),
        row("e2", "p5", "2024-02", "县内务工", m("500"), null, null, "2024-02", "d-e-02"),
        row("e3", "p1", "2024-05", "区外务工", m("3000"), "广州某厂", "广州", "2024-05", "d-e-05"),
        row("e4", "pX", "2024-05", "灵活就业", m("800"), null, null, "2024-05", "d-e-05"));
    Dataset<Row> assistance = frame(SilverSchemas.ASSISTANCE,
        row("a1", "p3", "低保", "2024-05", "按户", m("300"), "2024-05", "d-a-05"));
    Dataset<Row> payments = frame(SilverSchemas.PAYMENTS,
        row("pay1", "p2", "最低生活保障补助", "民政局", m("300"), m("300"), date("2024-02-10"), date("2024-02-10"), "已发放", "2024-02", "d-p-02"),
        row("pay2", "p3", "最低生活保障补助", "民政局", m("300"), null, date("2024-05-10"), null, "待发放", "2024-05", "d-p-05"),
        row("pay3", "p1", "公益性岗位补贴", "人社局", m("500"), m("500"), date("2024-04-10"), date("2024-04-12"), "已发放", "2024-04", "d-p-04"),
        row("pay4", "p3", "最低生活保障补助", "民政局", m("300"), m("300"), date("2024-04-10"), date("2024-04-09"), "已发放", "2024-04", "d-p-04"));
    Dataset<Row> householdMonths = SharedSpark.session().sql("select * from values ('2024-03'), ('2024-06') as t(month)");
    return new GoldTransforms.Silver(householdMonths, households, members, survey, interventions, employment,
        assistance, payments);
  }

  public static Dataset<Row> frame(StructType schema, Row... rows) {
    return SharedSpark.session().createDataFrame(Arrays.asList(rows), schema);
  }

  public static Row row(Object... values) {
    return RowFactory.create(values);
  }

  public static BigDecimal m(String yuan) {
    return new BigDecimal(yuan).setScale(2);
  }

  public static Date date(String iso) {
    return Date.valueOf(iso);
  }
}
