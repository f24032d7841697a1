package cn.wuzhou.income.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WarehouseConfigTest {
  private static final Path SHIPPED = Path.of(System.getProperty("warehouse.repo.root", ".."), "conf");

  @TempDir Path dir;

  private String shippedYaml() throws IOException {
    return Files.readString(SHIPPED.resolve(WarehouseConfig.FILE_NAME), StandardCharsets.UTF_8);
  }

  private WarehouseConfig load(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(dir.resolve(WarehouseConfig.FILE_NAME), yaml, StandardCharsets.UTF_8);
    if (!Files.exists(dir.resolve("regions.csv"))) {
      Files.copy(SHIPPED.resolve("regions.csv"), dir.resolve("regions.csv"));
    }
    return WarehouseConfig.load(dir, env, null);
  }

  @Test
  void theShippedConfigurationLoads() {
    WarehouseConfig c = WarehouseConfig.load(SHIPPED, Map.of(), null);
    assertEquals(Map.of(2024, new BigDecimal("8000")), c.monitoringLines());
    assertEquals(QuintileMethod.HOUSEHOLDS, c.quintileMethod());
    assertEquals(65, c.regions().size()); // regions.csv: 65 townships in 7 counties
    assertEquals(List.of("万秀区", "长洲区", "龙圩区", "苍梧县", "藤县", "蒙山县", "岑溪市"), c.counties());
    assertEquals(12, c.measures().size());
    assertEquals(new Measure("小额信贷", IncomeCategory.NONE, List.of(5, 7)), c.measures().get(5));
    assertEquals(IncomeCategory.WAGE, c.subsidyItems().stream()
        .filter(i -> i.name().equals("公益性岗位补贴")).findFirst().orElseThrow().category());
    assertEquals("local[*]", c.sparkMaster());
    assertTrue(c.effectiveServingUrl().startsWith("jdbc:h2:file:"));
    assertTrue(c.isKnownTownship("万秀区", "城东镇"));
  }

  @Test
  void environmentVariablesOverrideTheFile() throws IOException {
    WarehouseConfig c = load(shippedYaml(), Map.of("WAREHOUSE_HOME", "/tmp/wh",
        "WAREHOUSE_SERVING_URL", "jdbc:postgresql://127.0.0.1:5432/test",
        "WAREHOUSE_SPARK_MASTER", "spark://127.0.0.1:7077"));
    assertEquals(Path.of("/tmp/wh"), c.home());
    assertEquals("jdbc:postgresql://127.0.0.1:5432/test", c.effectiveServingUrl());
    assertEquals("spark://127.0.0.1:7077", c.sparkMaster());
  }

  @Test
  void theTablesLiveUnderHomeUnlessARootIsConfigured() throws IOException {
    WarehouseConfig byDefault = load(shippedYaml(), Map.of("WAREHOUSE_HOME", "/srv/wh"));
    assertEquals("", byDefault.tablesRoot());
    assertEquals("/srv/wh/tables", byDefault.effectiveTablesRoot());

    String hdfs = shippedYaml().replace("tables_root: \"\"", "tables_root: hdfs://namenode:8020/warehouse/tables/");
    assertEquals("hdfs://namenode:8020/warehouse/tables", load(hdfs, Map.of()).effectiveTablesRoot());
    assertEquals("s3a://bucket/wuzhou", load(hdfs, Map.of("WAREHOUSE_TABLES_ROOT", "s3a://bucket/wuzhou"))
        .effectiveTablesRoot());
    assertEquals("file:/data/tables", load(shippedYaml(), Map.of("WAREHOUSE_TABLES_ROOT", "file:/data/tables"))
        .effectiveTablesRoot());
    assertEquals(Path.of("rel/tables").toAbsolutePath().toString(),
        load(shippedYaml(), Map.of("WAREHOUSE_TABLES_ROOT", "rel/./tables")).effectiveTablesRoot());
  }

  @Test
  void officialCutPointsAreRead() throws IOException {
    WarehouseConfig c = load(shippedYaml().replace("official_cut_points: {}",
        "official_cut_points:\n    2024: [9000, 12000, 15000, 20000]"), Map.of());
    assertEquals(List.of(new BigDecimal("9000"), new BigDecimal("12000"), new BigDecimal("15000"),
        new BigDecimal("20000")), c.officialCutPoints().get(2024));
  }

  /** Each bad value is rejected at start-up with its key named in the message. */
  @Nested
  class BadValues {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "quintiles.method|method: households|method: deciles",
        "spark.master|master: local[*]|master: cluster-please",
        "serving.url|url: \"\"|url: \"mysql://x\"",
        "monitoring_lines.2024|2024: 8000|2024: -5",
        "monitoring_lines.20x4|2024: 8000|20x4: 8000",
        "unknown key 'colour'|city: 梧州市|colour: blue",
        "measures[0].category|{name: 产业奖补, category: 经营性|{name: 产业奖补, category: 工资",
        "measures[0].plan_items|plan_items: [6]}|plan_items: [23]}",
        "measures lists '代种代养' twice|{name: 庭院经济|{name: 代种代养",
        "subsidy_items[0].department|department: 民政局}|department: 外交部}",
        "subsidy_items[3].category|{name: 产业奖补, category: 经营性, department|{name: 产业奖补, category: 无, department",
        "regions_file|regions_file: regions.csv|regions_file: nowhere.csv",
        "departments is missing|departments: [|# departments: [",
    })
    void rejectedNamingItsKey(String expectedInMessage, String from, String to) throws IOException {
      String yaml = shippedYaml();
      assertTrue(yaml.contains(from), "test setup: '" + from + "' not in the shipped file");
      ConfigException e = assertThrows(ConfigException.class, () -> load(yaml.replace(from, to), Map.of()));
      assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void cutPointsMustBeFourAscending() throws IOException {
      String yaml = shippedYaml().replace("official_cut_points: {}",
          "official_cut_points:\n    2024: [9000, 8000, 15000, 20000]");
      ConfigException e = assertThrows(ConfigException.class, () -> load(yaml, Map.of()));
      assertTrue(e.getMessage().contains("quintiles.official_cut_points.2024"), e.getMessage());
      String three = shippedYaml().replace("official_cut_points: {}",
          "official_cut_points:\n    2024: [9000, 12000, 15000]");
      assertTrue(assertThrows(ConfigException.class, () -> load(three, Map.of())).getMessage()
          .contains("exactly four"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs://namenode:8020", "s3a://bucket/", "hdfs://name node/tables"})
    void aTablesRootWithoutAFolderOrNotAUriIsRejected(String root) throws IOException {
      ConfigException e = assertThrows(ConfigException.class,
          () -> load(shippedYaml(), Map.of("WAREHOUSE_TABLES_ROOT", root)));
      assertTrue(e.getMessage().startsWith("tables_root is '" + root + "'"), e.getMessage());
    }

    @Test
    void aPseudonymKeyThatIsNotHexIsRejected() throws IOException {
      ConfigException e = assertThrows(ConfigException.class,
          () -> load(shippedYaml(), Map.of("WAREHOUSE_PSEUDONYM_KEY", "secret")));
      assertTrue(e.getMessage().contains("pseudonym_key_env"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
      ConfigException e = assertThrows(ConfigException.class, () -> WarehouseConfig.load(dir.resolve("none"), Map.of(), null));
      assertTrue(e.getMessage().contains("warehouse.yaml"), e.getMessage());
    }

    @Test
    void aBrokenRegionLineIsNamed() throws IOException {
      Files.writeString(dir.resolve("regions.csv"), "county_code,county,township\n4504,万秀区,城东镇\n");
      ConfigException e = assertThrows(ConfigException.class, () -> load(shippedYaml(), Map.of()));
      assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
  }
}
