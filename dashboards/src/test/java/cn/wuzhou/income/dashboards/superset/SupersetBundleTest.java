package cn.wuzhou.income.dashboards.superset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.models.MartCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SupersetBundleTest {
  static final Instant T1 = Instant.parse("2025-03-01T08:00:00Z");
  static final ServingTarget TARGET =
      ServingTarget.fromJdbcUrl("jdbc:postgresql://db.example:5432/warehouse?user=warehouse");
  static final Map<String, String> PASSWORDS = Map.of(SupersetBundle.DATABASE_FILE, "pw");

  static SupersetBundle bundle() {
    return SupersetBundle.build(SupersetAssets.load(), TARGET, T1);
  }

  @Test
  void importsCleanlyAgainstTheServingSchemaOfTheMigrations() throws IOException {
    BundleValidator.Contents contents = BundleValidator.read(bundle().zipBytes());
    assertEquals(Map.of(), BundleValidator.validate(contents, PASSWORDS));
  }

  @Test
  void validatorRejectsAColumnTheServingDatabaseLacks() throws IOException {
    byte[] zip = zipWithReplacement(bundle(), "datasets/warehouse/mart_quintile_trend.yaml",
        "column_name: \"pc_mean\"\n", "column_name: \"pc_average\"\n");
    Map<String, List<String>> problems = BundleValidator.validate(BundleValidator.read(zip), PASSWORDS);
    assertEquals(Map.of("datasets/warehouse/mart_quintile_trend.yaml",
        List.of("column pc_average does not exist in table mart_quintile_trend")), problems);
  }

  @Test
  void validatorRequiresTheDatabasePasswordWhenTheUriIsMasked() throws IOException {
    Map<String, List<String>> problems = BundleValidator.validate(BundleValidator.read(bundle().zipBytes()), Map.of());
    assertEquals(Map.of("databases/warehouse.yaml", List.of("Must provide a password for the database")), problems);
  }

  @Test
  void validatorReadsLikePyYamlAndRejectsAnUnquotedTimestamp() throws IOException {
    byte[] zip = zipWithReplacement(bundle(), "metadata.yaml",
        "timestamp: \"2025-03-01T08:00:00Z\"", "timestamp: 2025-03-01T08:00:00Z");
    assertEquals(Map.of("metadata.yaml", List.of("timestamp: Not a valid datetime.")),
        BundleValidator.validate(BundleValidator.read(zip), PASSWORDS));
  }

  @Test
  void metadataSaysVersionTypeAndTimestamp() {
    assertEquals("version: \"1.0.0\"\ntype: \"Dashboard\"\ntimestamp: \"2025-03-01T08:00:00Z\"\n",
        bundle().files().get("metadata.yaml"));
  }

  @Test
  void everyMartAndTheQualityTablesAreDatasetsOfTheWarehouseDatabase() {
    List<String> expected = new ArrayList<>();
    MartCatalog.get().marts().forEach(m -> expected.add("datasets/warehouse/" + m.name() + ".yaml"));
    expected.add("datasets/warehouse/deliveries.yaml");
    expected.add("datasets/warehouse/quarantine_counts.yaml");
    List<String> actual = bundle().files().keySet().stream().filter(p -> p.startsWith("datasets/")).toList();
    assertEquals(expected.stream().sorted().toList(), actual);
  }

  @Test
  void datasetColumnsCarryChineseLabelsTypesAndThePersonWeightedMetric() throws IOException {
    JsonNode ds = BundleValidator.read(bundle().zipBytes()).files().get("datasets/warehouse/mart_quintile_trend.yaml");
    JsonNode year = ds.path("columns").get(0);
    assertEquals("year", year.path("column_name").asText());
    assertEquals("年度", year.path("verbose_name").asText());
    assertEquals("INTEGER", year.path("type").asText());
    assertFalse(year.path("is_dttm").asBoolean());
    JsonNode incomeTotal = ds.path("columns").get(5);
    assertEquals("income_total", incomeTotal.path("column_name").asText());
    assertEquals("纯收入合计（元）", incomeTotal.path("verbose_name").asText());
    assertEquals("NUMERIC(18, 2)", incomeTotal.path("type").asText());
    JsonNode pcIncome = null;
    for (JsonNode m : ds.path("metrics")) {
      if (m.path("metric_name").asText().equals("pc_income")) {
        pcIncome = m;
      }
    }
    assertEquals("SUM(income_total) / NULLIF(SUM(persons), 0)", pcIncome.path("expression").asText());
    assertEquals("public", ds.path("schema").asText());
    assertEquals(SupersetBundle.uuid("database", "warehouse").toString(), ds.path("database_uuid").asText());
  }

  @Test
  void oneDashboardPerWebPageWithNativeFilters() throws IOException {
    Map<String, JsonNode> files = BundleValidator.read(bundle().zipBytes()).files();
    List<String> titles = new ArrayList<>();
    SupersetAssets.load().dashboards().forEach(d -> titles.add(
        files.get("dashboards/" + d.key() + ".yaml").path("dashboard_title").asText()));
    assertEquals(List.of("总览", "五等份趋势", "乡镇对比", "收入下降户", "补贴发放", "收入佐证", "数据质量"), titles);

    JsonNode township = files.get("dashboards/township_comparison.yaml").path("metadata").path("native_filter_configuration");
    List<String> names = new ArrayList<>();
    township.forEach(f -> names.add(f.path("name").asText() + "=" + f.path("targets").get(0).path("column").path("name").asText()));
    assertEquals(List.of("年度=year", "季度=quarter", "县区=county", "乡镇=township"), names);
    // 乡镇 cascades from 县区
    assertEquals(township.get(2).path("id").asText(), township.get(3).path("cascadeParentIds").get(0).asText());

    // 总览 charts 1..5: quintile card, two declining-household cards, indicators (region, not county),
    // headcount trend (region): only 2 and 3 have a county column
    JsonNode overview = files.get("dashboards/overview.yaml").path("metadata").path("native_filter_configuration");
    JsonNode county = overview.get(2);
    assertEquals("县区", county.path("name").asText());
    assertEquals("[1,4,5]", county.path("scope").path("excluded").toString());
    assertEquals("[2,3]", county.path("chartsInScope").toString());
  }

  @Test
  void everyChartIsOnItsDashboardLayoutByUuid() throws IOException {
    Map<String, JsonNode> files = BundleValidator.read(bundle().zipBytes()).files();
    JsonNode position = files.get("dashboards/subsidy.yaml").path("position");
    assertEquals("v2", position.path("DASHBOARD_VERSION_KEY").asText());
    assertEquals("[\"ROW-subsidy-1\"]", position.path("GRID_ID").path("children").toString());
    assertEquals("[\"CHART-subsidy_rate_by_county\",\"CHART-subsidy_by_item\"]",
        position.path("ROW-subsidy-1").path("children").toString());
    assertEquals(files.get("charts/subsidy_by_item.yaml").path("uuid").asText(),
        position.path("CHART-subsidy_by_item").path("meta").path("uuid").asText());
  }

  @Test
  void chartParamsNameVizMetricsGroupbyAndFilters() throws IOException {
    JsonNode chart = BundleValidator.read(bundle().zipBytes()).files().get("charts/quintile_pc_income.yaml");
    assertEquals("echarts_timeseries_line", chart.path("viz_type").asText());
    JsonNode p = chart.path("params");
    assertEquals("year", p.path("x_axis").asText());
    assertEquals("[\"pc_income\"]", p.path("metrics").toString());
    assertEquals("[\"quintile\"]", p.path("groupby").toString());
    JsonNode filter = p.path("adhoc_filters").get(0);
    assertEquals("method", filter.path("subject").asText());
    assertEquals("==", filter.path("operator").asText());
    assertEquals("households", filter.path("comparator").asText());
  }

  @Nested
  class Stability {
    @Test
    void uuidsAreDerivedFromKeysSoAReImportOverwrites() {
      // Fixed values: a change here would make Superset import duplicates next to the old objects.
      assertEquals("7095a14d-d7d9-3636-9a5c-8f2501b0edfe", SupersetBundle.uuid("dashboard", "overview").toString());
      assertEquals("003ddf23-29e7-337d-b9d5-19fb041d5ce6",
          SupersetBundle.uuid("dataset", "mart_quintile_trend").toString());
      assertEquals("fa3d322d-a4bb-3002-9771-a18f8a2a95eb", SupersetBundle.uuid("database", "warehouse").toString());
    }

    @Test
    void sameDefinitionsGiveTheSameBytes() {
      assertArrayEquals(bundle().zipBytes(), bundle().zipBytes());
    }

    @Test
    void anotherTimestampChangesOnlyMetadata() {
      SortedMap<String, String> a = new TreeMap<>(bundle().files());
      SortedMap<String, String> b = new TreeMap<>(
          SupersetBundle.build(SupersetAssets.load(), TARGET, Instant.parse("2026-01-01T00:00:00Z")).files());
      assertFalse(a.remove("metadata.yaml").equals(b.remove("metadata.yaml")));
      assertEquals(a, b);
    }
  }

  @Nested
  class SqlalchemyUri {
    @Test
    void fromPostgresJdbcUrlWithUserPortAndSchema() {
      ServingTarget t = ServingTarget.fromJdbcUrl(
          "jdbc:postgresql://db.example:5433/warehouse?user=wh&password=secret&currentSchema=marts");
      assertEquals("postgresql://wh:XXXXXXXXXX@db.example:5433/warehouse", t.sqlalchemyUri());
      assertEquals("marts", t.schema());
      assertTrue(t.passwordMasked());
    }

    @Test
    void defaultsUserPortAndSchema() {
      ServingTarget t = ServingTarget.fromJdbcUrl("jdbc:postgresql://localhost/warehouse");
      assertEquals("postgresql://warehouse:XXXXXXXXXX@localhost:5432/warehouse", t.sqlalchemyUri());
      assertEquals("public", t.schema());
    }

    @Test
    void givenUriHasItsPasswordMasked() {
      assertEquals("postgresql://u:XXXXXXXXXX@h:5432/d",
          ServingTarget.fromSqlalchemyUri("postgresql://u:pw@h:5432/d", "public").sqlalchemyUri());
      ServingTarget noPassword = ServingTarget.fromSqlalchemyUri("postgresql://u@h:5432/d", "public");
      assertEquals("postgresql://u:XXXXXXXXXX@h:5432/d", noPassword.sqlalchemyUri());
    }

    @Test
    void h2IsRefusedWithTheOption() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ServingTarget.fromJdbcUrl("jdbc:h2:file:/tmp/x"));
      assertTrue(e.getMessage().contains("--sqlalchemy-uri"), e.getMessage());
    }
  }

  static byte[] zipWithReplacement(SupersetBundle bundle, String path, String from, String to) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> f : bundle.files().entrySet()) {
        String text = f.getValue();
        if (f.getKey().equals(path)) {
          assertTrue(text.contains(from), path + " lacks " + from);
          text = text.replace(from, to);
        }
        zip.putNextEntry(new ZipEntry(SupersetBundle.ROOT + "/" + f.getKey()));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
