package cn.wuzhou.income.etl.gold;

import static cn.wuzhou.income.etl.common.DataTests.accepted;
import static cn.wuzhou.income.etl.common.DataTests.holds;
import static cn.wuzhou.income.etl.common.DataTests.query;
import static cn.wuzhou.income.etl.common.DataTests.references;
import static cn.wuzhou.income.etl.common.DataTests.unique;

import cn.wuzhou.income.etl.common.DataTests.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The data tests of the gold star, run on every build before anything is written: keys unique
 * and not null, every fact key resolves to its dimension, enums in their lists (feeds.md), and
 * the arithmetic of the income fact (components add up to net, operating = revenue - cost,
 * evidenced = the sum of its bridge rows).
 */
public final class GoldDataTests {
  /**
   * Screens the two rules between {@code fact_household_income} and its bridge (columns: evidenced
   * amounts, bridge rows without their income row) in one join of the bridge's sums by income row;
   * its counts are exact.
   */
  private static final String EVIDENCE_SCREEN = "select "
      + "count_if(f.present and (f.evidenced_amount is not null and f.evidenced_amount <> coalesce(b.bridged, 0) "
      + "or f.evidenced_amount is null and b.bridged is not null)), "
      + "coalesce(sum(if(f.present is null, b.n, 0)), 0) "
      + "from (select household_sk, year, quarter, source_sk, sum(amount) as bridged, count(*) as n "
      + "from bridge_income_evidence group by household_sk, year, quarter, source_sk) b "
      + "full join (select household_sk, year, quarter, source_sk, evidenced_amount, true as present "
      + "from fact_household_income) f "
      + "on b.household_sk = f.household_sk and b.year = f.year and b.quarter = f.quarter and b.source_sk = f.source_sk";

  private GoldDataTests() {}

  /** The rules over whole tables (a full build). */
  public static List<Rule> rules() {
    return rules("");
  }

  /**
   * The rules; the bridge's records are looked up in {@code <fact><recordsSuffix>} (an
   * incremental build tests the rebuilt fact rows, and registers under that suffix the fact rows
   * a rebuilt bridge row may name, as they will be after the write: a bridge row of the rebuilt
   * quarters may rest on a record of an earlier month of its year).
   */
  public static List<Rule> rules(String recordsSuffix) {
    List<Rule> r = new ArrayList<>();
    for (GoldTables.GoldTable t : GoldTables.ALL) {
      String required = t.columns().stream().filter(c -> !c.nullable()).map(c -> c.name() + " is not null")
          .collect(Collectors.joining(" and "));
      r.add(holds(t.name(), "declared non-null columns are filled", required));
    }
    r.add(unique("dim_region", "region_sk"));
    r.add(unique("dim_region", "county", "township"));
    r.add(unique("dim_household", "household_sk"));
    r.add(unique("dim_household", "household_id", "valid_from"));
    r.add(query("dim_household", "one current version per household",
        "select household_id, count(*) as current_versions from dim_household where is_current "
            + "group by household_id having count(*) > 1"));
    r.add(holds("dim_household", "versions are ordered and current = open",
        "(valid_to is null or valid_from < valid_to) and is_current = (valid_to is null)"));
    r.add(holds("dim_household", "household size in range", "household_size between 1 and 20"));
    r.add(accepted("dim_household", "household_type", List.of("脱贫户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户")));
    r.add(accepted("dim_household", "helper_level", List.of("村级", "乡科级", "县处级")));
    r.add(references("dim_household", "region_sk", "dim_region", "region_sk"));
    r.add(references("dim_household", "head_person_sk", "dim_person", "person_sk"));
    r.add(unique("dim_person", "person_sk"));
    r.add(unique("dim_person", "person_id"));
    r.add(accepted("dim_person", "gender", List.of("男", "女")));
    r.add(holds("dim_person", "named by a members snapshot or a record", "is_registered or first_record_month is not null"));
    r.add(unique("dim_date", "date_sk"));
    r.add(unique("dim_income_source", "source_sk"));
    r.add(unique("dim_intervention_type", "intervention_type_sk"));
    r.add(unique("dim_department", "department_sk"));

    r.add(unique("fact_household_income", "household_sk", "year", "quarter", "source_sk"));
    r.add(holds("fact_household_income", "quarter in 1..4", "quarter between 1 and 4"));
    r.add(references("fact_household_income", "household_sk", "dim_household", "household_sk"));
    r.add(references("fact_household_income", "date_sk", "dim_date", "date_sk"));
    r.add(references("fact_household_income", "source_sk", "dim_income_source", "source_sk"));
    String components = GoldTransforms.WAGE + ", " + GoldTransforms.OPERATING + ", " + GoldTransforms.PROPERTY + ", "
        + GoldTransforms.TRANSFER;
    r.add(query("fact_household_income", "the four components add up to net income",
        "select f.household_id, f.year, f.quarter, f.declared_amount as net, c.components from fact_household_income f "
            + "join (select household_sk, year, quarter, sum(declared_amount) as components from fact_household_income "
            + "where source_sk in (" + components + ") group by household_sk, year, quarter) c "
            + "on f.household_sk = c.household_sk and f.year = c.year and f.quarter = c.quarter "
            + "where f.source_sk = " + GoldTransforms.NET + " and f.declared_amount <> c.components"));
    r.add(query("fact_household_income", "operating = operating_revenue - operating_cost",
        "select household_id, year, quarter, operating, revenue, cost from (select household_id, household_sk, year, quarter, "
            + "sum(case when source_sk = " + GoldTransforms.OPERATING + " then declared_amount end) as operating, "
            + "sum(case when source_sk = " + GoldTransforms.OPERATING_REVENUE + " then declared_amount end) as revenue, "
            + "sum(case when source_sk = " + GoldTransforms.OPERATING_COST + " then declared_amount end) as cost "
            + "from fact_household_income group by household_id, household_sk, year, quarter) "
            + "where not coalesce(operating = revenue - cost, false)"));
    r.add(query("fact_household_income", "evidenced_amount = sum of its bridge_income_evidence rows",
        "select f.household_id, f.year, f.quarter, f.source_sk, f.evidenced_amount, b.bridged "
            + "from fact_household_income f left join (select household_sk, year, quarter, source_sk, sum(amount) as bridged "
            + "from bridge_income_evidence group by household_sk, year, quarter, source_sk) b "
            + "on f.household_sk = b.household_sk and f.year = b.year and f.quarter = b.quarter and f.source_sk = b.source_sk "
            + "where f.evidenced_amount is not null and f.evidenced_amount <> coalesce(b.bridged, 0) "
            + "or f.evidenced_amount is null and b.bridged is not null")
        .screenedBy(EVIDENCE_SCREEN, 0));

    r.add(unique("bridge_income_evidence", "household_sk", "year", "quarter", "source_sk", "record_table", "record_id", "delivery_id"));
    r.add(accepted("bridge_income_evidence", "record_table", List.of("fact_employment", "fact_subsidy_payment", "fact_intervention")));
    r.add(query("bridge_income_evidence", "every bridge row has its fact_household_income row",
        "select b.* from bridge_income_evidence b left anti join fact_household_income f "
            + "on b.household_sk = f.household_sk and b.year = f.year and b.quarter = f.quarter and b.source_sk = f.source_sk")
        .screenedBy(EVIDENCE_SCREEN, 1));
    r.add(query("bridge_income_evidence", "every bridge row's record exists in its fact table",
        "select b.* from bridge_income_evidence b left anti join ("
            + "select 'fact_employment' as record_table, record_id, delivery_id from fact_employment" + recordsSuffix
            + " union all select 'fact_subsidy_payment', payment_id, delivery_id from fact_subsidy_payment" + recordsSuffix
            + " union all select 'fact_intervention', record_id, delivery_id from fact_intervention" + recordsSuffix + ") r "
            + "on b.record_table = r.record_table and b.record_id = r.record_id and b.delivery_id = r.delivery_id"));

    r.add(unique("fact_intervention", "record_id", "delivery_id"));
    r.add(references("fact_intervention", "household_sk", "dim_household", "household_sk"));
    r.add(references("fact_intervention", "person_sk", "dim_person", "person_sk"));
    r.add(references("fact_intervention", "intervention_type_sk", "dim_intervention_type", "intervention_type_sk"));
    r.add(references("fact_intervention", "department_sk", "dim_department", "department_sk"));
    r.add(references("fact_intervention", "date_sk", "dim_date", "date_sk"));
    r.add(holds("fact_intervention", "amount is not negative", "amount >= 0"));

    r.add(unique("fact_employment", "record_id"));
    r.add(references("fact_employment", "person_sk", "dim_person", "person_sk"));
    r.add(references("fact_employment", "household_sk", "dim_household", "household_sk"));
    r.add(references("fact_employment", "department_sk", "dim_department", "department_sk"));
    r.add(references("fact_employment", "date_sk", "dim_date", "date_sk"));
    r.add(accepted("fact_employment", "employment_form",
        List.of("区外务工", "区内县外务工", "县内务工", "公益性岗位", "帮扶车间", "以工代赈", "灵活就业", "自主创业")));
    r.add(holds("fact_employment", "income is not negative", "monthly_income >= 0"));

    r.add(unique("fact_subsidy_payment", "payment_id"));
    r.add(references("fact_subsidy_payment", "person_sk", "dim_person", "person_sk"));
    r.add(references("fact_subsidy_payment", "household_sk", "dim_household", "household_sk"));
    r.add(references("fact_subsidy_payment", "department_sk", "dim_department", "department_sk"));
    r.add(references("fact_subsidy_payment", "due_date_sk", "dim_date", "date_sk"));
    r.add(references("fact_subsidy_payment", "paid_date_sk", "dim_date", "date_sk"));
    r.add(accepted("fact_subsidy_payment", "status", List.of("已发放", "待发放", "退回")));
    r.add(holds("fact_subsidy_payment", "amount due is positive", "amount_due > 0"));
    r.add(holds("fact_subsidy_payment", "on time and full implies paid", "not is_on_time_full or is_paid"));

    r.add(unique("fact_assistance", "record_id"));
    r.add(references("fact_assistance", "person_sk", "dim_person", "person_sk"));
    r.add(references("fact_assistance", "household_sk", "dim_household", "household_sk"));
    r.add(references("fact_assistance", "department_sk", "dim_department", "department_sk"));
    r.add(references("fact_assistance", "date_sk", "dim_date", "date_sk"));
    r.add(accepted("fact_assistance", "assistance_type", List.of("低保", "特困供养", "临时救助", "残疾人两项补贴")));
    r.add(accepted("fact_assistance", "basis", List.of("按户", "按人")));
    return List.copyOf(r);
  }
}
