package cn.wuzhou.income.etl.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
  static final WarehouseConfig CONFIG = WarehouseConfig.load(
      Path.of(System.getProperty("warehouse.repo.root", ".."), "conf"), Map.of(), null);

  static JsonNode generate(Path out, int households, long seed, String from, String to, double faults) throws IOException {
    Progress quiet = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    SampleGenerator.generate(new GeneratorSettings(out, households, seed, YearMonth.parse(from), YearMonth.parse(to), faults),
        CONFIG, quiet);
    return new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
  }

  @Nested
  class StrictReading {
    @Test
    void quarantinedRowsAreExactlyTheOnesTheManifestReports(@TempDir Path out) throws IOException {
      JsonNode manifest = generate(out, 200, 11, "2024-01", "2024-03", 0.05);
      StrictFeedReader reader = new StrictFeedReader(CONFIG.regions());
      reader.read(out);

      Map<String, Map<String, Map<String, Long>>> expected = new TreeMap<>();
      Map<String, Map<String, Long>> expectedReceived = new TreeMap<>();
      manifest.get("feeds").fields().forEachRemaining(feed -> feed.getValue().fields().forEachRemaining(period -> {
        Map<String, Long> reasons = new TreeMap<>();
        period.getValue().get("quarantined").fields().forEachRemaining(r -> reasons.put(r.getKey(), r.getValue().asLong()));
        expected.computeIfAbsent(feed.getKey(), k -> new TreeMap<>()).put(period.getKey(), reasons);
        expectedReceived.computeIfAbsent(feed.getKey(), k -> new TreeMap<>())
            .put(period.getKey(), period.getValue().get("rows_received").asLong());
      }));
      assertEquals(expected, reader.reasons);
      assertEquals(expectedReceived, reader.received);

      // Every reason code of feeds.md is injected somewhere.
      Set<String> seen = new HashSet<>();
      reader.reasons.values().forEach(p -> p.values().forEach(r -> seen.addAll(r.keySet())));
      Set<String> all = new HashSet<>();
      for (Reason r : Reason.values()) {
        all.add(r.name());
      }
      assertEquals(all, seen);
    }

    @Test
    void everyToleratedVariationIsWrittenWhereTheManifestSays(@TempDir Path out) throws IOException {
      JsonNode manifest = generate(out, 60, 3, "2024-01", "2024-03", 0.0);
      JsonNode v = manifest.get("variations");
      assertEquals(List.of("agri_interventions/2024-01/agri_interventions_2024-01.csv"), texts(v.get("gb18030")));
      assertEquals(List.of("hrss_employment/2024-01/hrss_employment_2024-01.csv"), texts(v.get("utf8_bom")));
      assertEquals(List.of("civil_assistance/2024-01/civil_assistance_2024-01.xlsx"), texts(v.get("xlsx")));
      assertEquals(List.of("hrss_employment/2024-02/hrss_employment_2024-02_part1.csv",
          "hrss_employment/2024-02/hrss_employment_2024-02_part2.csv"), texts(v.get("split_delivery")));
      assertEquals(texts(v.get("split_delivery")),
          texts(manifest.get("feeds").get("hrss_employment").get("2024-02").get("files")));
      for (String name : List.of("crlf", "english_header", "column_order", "full_width_spaces", "empty_row",
          "trailing_empty_lines", "quoted_comma")) {
        assertTrue(v.has(name) && v.get(name).size() > 0, name + " written somewhere");
      }
      byte[] gb = Files.readAllBytes(out.resolve("agri_interventions/2024-01/agri_interventions_2024-01.csv"));
      assertNotEquals(new String(gb, StandardCharsets.UTF_8), StrictFeedReader.decode(gb), "GB18030 bytes are not UTF-8");
      assertTrue(StrictFeedReader.decode(gb).startsWith("记录编号,"));
      byte[] bom = Files.readAllBytes(out.resolve("hrss_employment/2024-01/hrss_employment_2024-01.csv"));
      assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(bom[0], bom[1], bom[2]));
      for (JsonNode crlf : v.get("crlf")) {
        String text = Files.readString(out.resolve(crlf.asText()));
        assertEquals(text.split("\n", -1).length - 1, text.split("\r\n", -1).length - 1 + countLoneLf(text), crlf.asText());
        assertTrue(text.contains("\r\n"));
      }
    }

    private static int countLoneLf(String text) {
      int n = 0;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
          n++;
        }
      }
      return n;
    }

    @Test
    void noFaultsMeansNoBadRow(@TempDir Path out) throws IOException {
      JsonNode manifest = generate(out, 120, 5, "2024-02", "2024-04", 0.0);
      StrictFeedReader reader = new StrictFeedReader(CONFIG.regions());
      reader.read(out);
      reader.reasons.forEach((feed, periods) -> periods.forEach((period, reasons) ->
          assertEquals(Map.of(), reasons, feed + " " + period)));
      assertEquals(0, manifest.get("totals").get("rows_quarantined").asLong());
      assertTrue(manifest.get("totals").get("rows_received").asLong() > 1000);
      // 2024-Q1 ends in March (inside the range); Q2 ends in June (outside).
      assertEquals(List.of("2024-Q1"), List.copyOf(reader.received.get("agri_income_survey").keySet()));
    }
  }

  @Nested
  class Realism {
    @Test
    void incomeTypesAndRegionsAreDistributedLikeTheCity(@TempDir Path out) throws IOException {
      generate(out, 400, 21, "2024-10", "2025-12", 0.0);
      StrictFeedReader reader = new StrictFeedReader(CONFIG.regions());
      reader.read(out);
      Map<String, Map<String, String>> dec2024 = byKey(reader.loaded.get("agri_households").get("2024-12"), "household_id");
      Map<String, Map<String, String>> dec2025 = byKey(reader.loaded.get("agri_households").get("2025-12"), "household_id");
      Map<String, Double> pc2024 = perCapita(reader.loaded.get("agri_income_survey").get("2024-Q4"), dec2024);
      Map<String, Double> pc2025 = perCapita(reader.loaded.get("agri_income_survey").get("2025-Q4"), dec2025);

      double mean = pc2024.values().stream().mapToDouble(d -> d).average().orElseThrow();
      assertTrue(mean > 12_000 && mean < 17_000, "mean per-capita income " + mean);
      long below = pc2024.values().stream().filter(d -> d < 8000).count();
      assertTrue(below >= 3 && below < pc2024.size() * 0.15, below + " of " + pc2024.size() + " below 8000");
      long declined = pc2025.keySet().stream().filter(pc2024::containsKey).filter(h -> pc2025.get(h) < pc2024.get(h)).count();
      assertTrue(declined > pc2025.size() * 0.05 && declined < pc2025.size() * 0.3, declined + " declined");

      Set<String> townships = new HashSet<>();
      Map<String, Integer> byCounty = new HashMap<>();
      long tuopin = 0;
      List<Map<String, String>> october = reader.loaded.get("agri_households").get("2024-10");
      for (Map<String, String> h : october) {
        townships.add(h.get("county") + h.get("township"));
        byCounty.merge(h.get("county"), 1, Integer::sum);
        tuopin += h.get("household_type").equals("脱贫户") ? 1 : 0;
      }
      // 400 households over 66 townships: nearly all are hit (every one at city scale).
      assertTrue(townships.size() >= 55, townships.size() + " townships");
      // Weights 28 (藤县) vs 8 (万秀区): the larger county has far more households.
      assertTrue(byCounty.get("藤县") > 2 * byCounty.get("万秀区"), byCounty.toString());
      assertTrue(tuopin > 0.7 * october.size() && tuopin < 0.9 * october.size(), tuopin + " 脱贫户");
      Set<Integer> nameLengths = new HashSet<>();
      reader.loaded.get("agri_members").get("2024-10").forEach(m -> nameLengths.add(m.get("name").length()));
      assertEquals(Set.of(2, 3, 4), nameLengths);
      Set<String> forms = new HashSet<>();
      reader.loaded.get("hrss_employment").get("2025-06").forEach(e -> forms.add(e.get("employment_form")));
      assertTrue(forms.contains("公益性岗位") && forms.size() >= 6, forms.toString());
      Set<String> statuses = new HashSet<>();
      reader.loaded.get("finance_payments").values().forEach(l -> l.forEach(p -> statuses.add(p.get("status"))));
      assertEquals(Set.of("已发放", "待发放", "退回"), statuses);
    }

    private Map<String, Map<String, String>> byKey(List<Map<String, String>> rows, String key) {
      Map<String, Map<String, String>> m = new HashMap<>();
      rows.forEach(r -> m.put(r.get(key), r));
      return m;
    }

    /** net / size per household, as metrics.md defines it. */
    private Map<String, Double> perCapita(List<Map<String, String>> survey, Map<String, Map<String, String>> households) {
      Map<String, Double> pc = new HashMap<>();
      for (Map<String, String> s : survey) {
        Map<String, String> h = households.get(s.get("household_id"));
        if (h == null) {
          continue;
        }
        long net = StrictFeedReader.cents(s.get("wage_income")) + StrictFeedReader.cents(s.get("operating_revenue"))
            - StrictFeedReader.cents(s.get("operating_cost")) + StrictFeedReader.cents(s.get("property_income"))
            + StrictFeedReader.cents(s.get("transfer_income"));
        pc.put(s.get("household_id"), net / 100.0 / Integer.parseInt(h.get("household_size")));
      }
      return pc;
    }
  }

  @Nested
  class Determinism {
    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path a, @TempDir Path b, @TempDir Path c)
        throws IOException {
      generate(a, 80, 42, "2024-01", "2024-03", 0.05);
      generate(b, 80, 42, "2024-01", "2024-03", 0.05);
      generate(c, 80, 43, "2024-01", "2024-03", 0.05);
      Map<String, String> first = checksums(a);
      // 3 months x 6 monthly feeds + 1 quarter + the second month's hrss_employment in two parts + the manifest.
      assertEquals(21, first.size(), first.keySet().toString());
      assertEquals(first, checksums(b));
      Map<String, String> other = checksums(c);
      assertEquals(first.keySet(), other.keySet());
      for (String file : first.keySet()) {
        assertNotEquals(first.get(file), other.get(file), file);
      }
      assertFalse(first.get("civil_assistance/2024-01/civil_assistance_2024-01.xlsx").isEmpty());
    }

    private Map<String, String> checksums(Path root) throws IOException {
      Map<String, String> sums = new TreeMap<>();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          sums.put(root.relativize(f).toString().replace('\\', '/'), sha256(Files.readAllBytes(f)));
        }
      }
      return sums;
    }

    private String sha256(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    return array == null ? List.of() : Stream.of(array).flatMap(a -> {
      List<String> l = new java.util.ArrayList<>();
      a.forEach(x -> l.add(x.asText()));
      return l.stream();
    }).toList();
  }
}
