package cn.wuzhou.income.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MartCatalogTest {
  private static final Set<String> TYPES = Set.of("int", "money", "pct", "ratio4", "string", "boolean", "date");

  @Test
  void listsTheNineMartsOfMetricsMdInOrder() {
    assertEquals(List.of("mart_quintile_trend", "mart_quintile_transition", "mart_cohort_progress",
        "mart_declining_households", "mart_township_comparison", "mart_subsidy_timeliness",
        "mart_income_evidence", "mart_poverty_indices", "mart_evaluation_metrics"),
        MartCatalog.get().marts().stream().map(MartCatalog.Mart::name).toList());
  }

  @Test
  void columnsOfTheDecliningHouseholdsMartAreThoseOfMetricsMd() {
    assertEquals(List.of("year", "quarter", "household_id", "county", "township", "village",
        "household_type", "household_size", "head_name_masked", "base_quintile", "pc_current",
        "pc_prior", "change_pct", "declined", "below_line", "main_decline_source",
        "employed_months_current", "employed_months_prior", "assistance_months",
        "escalation_required", "escalated", "helper_level"),
        MartCatalog.get().mart("mart_declining_households").columnNames());
  }

  @Test
  void everyColumnHasAKnownTypeALabelAndEveryGrainColumnExists() {
    List<MartCatalog.Mart> all = new java.util.ArrayList<>(MartCatalog.get().marts());
    all.addAll(MartCatalog.get().servingTables());
    for (MartCatalog.Mart m : all) {
      assertTrue(m.columnNames().containsAll(m.grain()), m.name() + " grain " + m.grain());
      for (MartCatalog.Column c : m.columns()) {
        assertTrue(TYPES.contains(c.type()), m.name() + "." + c.name() + " type " + c.type());
        assertTrue(c.label() != null && !c.label().isBlank(), m.name() + "." + c.name() + " label");
      }
    }
  }

  @Test
  void servingTablesAreFoundByNameButAreNotMarts() {
    MartCatalog catalog = MartCatalog.get();
    assertEquals(List.of("year", "quarter", "household_id"), catalog.table("household_history").grain());
    assertEquals(catalog.mart("mart_income_evidence"), catalog.table("mart_income_evidence"));
    assertTrue(!catalog.contains("household_history"));
    // the history holds no name column (interfaces.md: analysts never see a name)
    assertTrue(!catalog.table("household_history").columnNames().contains("head_name_masked"));
  }
}
