package cn.wuzhou.income.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The deployment settings of {@code conf/}, read once at the edge and passed on as values.
 *
 * <p>Every value is checked at load time; a bad or missing one throws {@link ConfigException}
 * naming the key and what would be accepted. Environment variables {@code WAREHOUSE_HOME},
 * {@code WAREHOUSE_TABLES_ROOT}, {@code WAREHOUSE_SERVING_URL} and {@code WAREHOUSE_SPARK_MASTER}
 * override the file.
 */
public record WarehouseConfig(
    Path confDir,
    Path home,
    String tablesRoot,
    String city,
    String sparkMaster,
    Map<String, String> sparkSettings,
    String servingUrl,
    Optional<String> servingPassword,
    Optional<String> pseudonymKeyHex,
    Map<Integer, BigDecimal> monitoringLines,
    QuintileMethod quintileMethod,
    Map<Integer, List<BigDecimal>> officialCutPoints,
    List<Region> regions,
    List<Measure> measures,
    List<SubsidyItem> subsidyItems,
    List<String> departments) {

  public static final String FILE_NAME = "warehouse.yaml";
  private static final Set<String> TOP_KEYS = Set.of("home", "tables_root", "pseudonym_key_env", "city", "spark",
      "serving", "monitoring_lines", "quintiles", "regions_file", "measures", "subsidy_items",
      "departments");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64,}");
  /** A URI scheme of two or more characters (so that a Windows drive letter stays a path). */
  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+:.*");

  public WarehouseConfig {
    sparkSettings = Collections.unmodifiableMap(new LinkedHashMap<>(sparkSettings));
    monitoringLines = Collections.unmodifiableMap(new TreeMap<>(monitoringLines));
    officialCutPoints = Collections.unmodifiableMap(new TreeMap<>(officialCutPoints));
    regions = List.copyOf(regions);
    measures = List.copyOf(measures);
    subsidyItems = List.copyOf(subsidyItems);
    departments = List.copyOf(departments);
  }

  /** Loads {@code confDir/warehouse.yaml} with the process environment. */
  public static WarehouseConfig load(Path confDir) {
    return load(confDir, System.getenv(), null);
  }

  /**
   * Loads {@code confDir/warehouse.yaml}.
   *
   * @param env environment variables (overrides and secrets)
   * @param homeOverride the {@code --home} option, or null
   */
  public static WarehouseConfig load(Path confDir, Map<String, String> env, Path homeOverride) {
    Path file = confDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " not found (set WAREHOUSE_CONF to the conf/ folder)");
    }
    JsonNode root;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new ConfigException(file + " is not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + " must be a YAML mapping of keys");
    }
    return new Parser(confDir, env).parse(root, homeOverride);
  }

  /** The monitoring line of a year, if configured. */
  public Optional<BigDecimal> monitoringLine(int year) {
    return Optional.ofNullable(monitoringLines.get(year));
  }

  /** Counties in region-list order (distinct). */
  public List<String> counties() {
    Set<String> seen = new LinkedHashSet<>();
    regions.forEach(r -> seen.add(r.county()));
    return List.copyOf(seen);
  }

  public boolean isKnownTownship(String county, String township) {
    return regions.stream().anyMatch(r -> r.county().equals(county) && r.township().equals(township));
  }

  /**
   * Where the Delta tables live: the configured {@code tables_root} (a Hadoop path such as
   * {@code hdfs://namenode:8020/warehouse/tables} or {@code s3a://bucket/tables}, or a local
   * folder, made absolute), or {@code <home>/tables}.
   */
  public String effectiveTablesRoot() {
    if (tablesRoot.isBlank()) {
      return tablesUnder(home);
    }
    if (SCHEME.matcher(tablesRoot).matches()) {
      return tablesRoot.replaceFirst("/+$", "");
    }
    return Path.of(tablesRoot).toAbsolutePath().normalize().toString();
  }

  /** The default tables root of {@code home}: {@code <home>/tables}, absolute. */
  public static String tablesUnder(Path home) {
    return home.resolve("tables").toAbsolutePath().normalize().toString();
  }

  /** The JDBC URL of the serving database: the configured one, or an H2 file under home. */
  public String effectiveServingUrl() {
    if (!servingUrl.isBlank()) {
      return servingUrl;
    }
    return "jdbc:h2:file:" + home.resolve("serving").resolve("marts").toAbsolutePath()
        + ";AUTO_SERVER=TRUE";
  }

  /** Same settings with other monitoring lines (tests of the no-line rules). */
  public WarehouseConfig withMonitoringLines(Map<Integer, BigDecimal> lines) {
    return new WarehouseConfig(confDir, home, tablesRoot, city, sparkMaster, sparkSettings, servingUrl,
        servingPassword, pseudonymKeyHex, lines, quintileMethod, officialCutPoints, regions,
        measures, subsidyItems, departments);
  }

  /** Reads and checks the YAML tree; every failure names its key. */
  private static final class Parser {
    private final Path confDir;
    private final Map<String, String> env;

    Parser(Path confDir, Map<String, String> env) {
      this.confDir = confDir;
      this.env = env;
    }

    WarehouseConfig parse(JsonNode root, Path homeOverride) {
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!TOP_KEYS.contains(key)) {
          throw new ConfigException("unknown key '" + key + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(TOP_KEYS)));
        }
      }
      Path home = homeOverride != null ? homeOverride
          : Path.of(envOr("WAREHOUSE_HOME", text(root, "home", "./warehouse-home")));
      String tablesRoot = envOr("WAREHOUSE_TABLES_ROOT", text(root, "tables_root", "")).strip();
      if (SCHEME.matcher(tablesRoot).matches()) {
        try {
          URI uri = new URI(tablesRoot);
          if (uri.getPath() == null || uri.getPath().replace("/", "").isEmpty()) {
            throw new URISyntaxException(tablesRoot, "no folder after the scheme and host");
          }
        } catch (URISyntaxException e) {
          throw new ConfigException("tables_root is '" + tablesRoot + "' (" + e.getReason()
              + "); allowed: empty (<home>/tables), a local folder, or a Hadoop URI such as"
              + " hdfs://namenode:8020/warehouse/tables or s3a://bucket/warehouse/tables");
        }
      }
      String city = text(root, "city", "梧州市");
      JsonNode spark = object(root, "spark");
      String master = envOr("WAREHOUSE_SPARK_MASTER", text(spark, "spark.master", "master", "local[*]"));
      if (!master.matches("local(\\[(\\*|\\d+)])?|spark://.+|yarn|k8s://.+|mesos://.+")) {
        throw new ConfigException("spark.master is '" + master
            + "'; allowed: local, local[N], local[*], spark://HOST:PORT, yarn, k8s://URL");
      }
      Map<String, String> settings = new LinkedHashMap<>();
      JsonNode s = spark.path("settings");
      if (!s.isMissingNode() && !s.isNull()) {
        if (!s.isObject()) {
          throw new ConfigException("spark.settings must be a mapping of Spark keys to values");
        }
        s.fields().forEachRemaining(e -> {
          if (!e.getValue().isValueNode()) {
            throw new ConfigException("spark.settings." + e.getKey() + " must be a single value");
          }
          settings.put(e.getKey(), e.getValue().asText());
        });
      }
      JsonNode serving = object(root, "serving");
      String url = envOr("WAREHOUSE_SERVING_URL", text(serving, "serving.url", "url", ""));
      if (!url.isBlank() && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
        throw new ConfigException("serving.url is '" + url + "'; allowed: empty (embedded H2), jdbc:h2:… or jdbc:postgresql:…");
      }
      String pwEnv = text(serving, "serving.password_env", "password_env", "");
      Optional<String> password = pwEnv.isBlank() ? Optional.empty() : Optional.ofNullable(env.get(pwEnv));

      String keyEnv = text(root, "pseudonym_key_env", "");
      Optional<String> key = keyEnv.isBlank() ? Optional.empty() : Optional.ofNullable(env.get(keyEnv));
      if (key.isPresent() && !HEX.matcher(key.get()).matches()) {
        throw new ConfigException("pseudonym_key_env: the variable " + keyEnv
            + " must hold at least 64 hexadecimal characters (32 bytes)");
      }

      Map<Integer, BigDecimal> lines = new TreeMap<>();
      JsonNode ml = root.path("monitoring_lines");
      if (!ml.isMissingNode() && !ml.isNull()) {
        if (!ml.isObject()) {
          throw new ConfigException("monitoring_lines must map a year to yuan per person, e.g. 2024: 8000");
        }
        ml.fields().forEachRemaining(e -> {
          int year = year("monitoring_lines." + e.getKey(), e.getKey());
          lines.put(year, positiveAmount("monitoring_lines." + e.getKey(), e.getValue()));
        });
      }

      JsonNode q = object(root, "quintiles");
      String methodText = text(q, "quintiles.method", "method", "households");
      QuintileMethod method;
      try {
        method = QuintileMethod.valueOf(methodText.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("quintiles.method is '" + methodText + "'; allowed: households, persons");
      }
      Map<Integer, List<BigDecimal>> cuts = new TreeMap<>();
      JsonNode cp = q.path("official_cut_points");
      if (!cp.isMissingNode() && !cp.isNull()) {
        if (!cp.isObject()) {
          throw new ConfigException("quintiles.official_cut_points must map a year to four ascending amounts");
        }
        cp.fields().forEachRemaining(e -> {
          String k = "quintiles.official_cut_points." + e.getKey();
          int year = year(k, e.getKey());
          if (!e.getValue().isArray() || e.getValue().size() != 4) {
            throw new ConfigException(k + " must be a list of exactly four ascending amounts");
          }
          List<BigDecimal> values = new ArrayList<>();
          for (JsonNode v : e.getValue()) {
            BigDecimal d = amount(k, v);
            if (!values.isEmpty() && d.compareTo(values.get(values.size() - 1)) <= 0) {
              throw new ConfigException(k + " must be strictly ascending; got " + e.getValue());
            }
            values.add(d);
          }
          cuts.put(year, List.copyOf(values));
        });
      }

      String regionsFile = text(root, "regions_file", "regions.csv");
      List<Region> regions = readRegions(confDir.resolve(regionsFile));

      List<Measure> measures = new ArrayList<>();
      for (JsonNode m : list(root, "measures")) {
        String k = "measures[" + measures.size() + "]";
        String name = text(m, k + ".name", "name", null);
        IncomeCategory cat = IncomeCategory.fromChinese(k + ".category", text(m, k + ".category", "category", null));
        List<Integer> items = new ArrayList<>();
        JsonNode pi = m.path("plan_items");
        if (!pi.isArray() || pi.isEmpty()) {
          throw new ConfigException(k + ".plan_items must list the action-plan item numbers (1..22)");
        }
        for (JsonNode i : pi) {
          if (!i.canConvertToInt() || i.asInt() < 1 || i.asInt() > 22) {
            throw new ConfigException(k + ".plan_items holds '" + i.asText() + "'; allowed: item numbers 1..22");
          }
          items.add(i.asInt());
        }
        measures.add(new Measure(name, cat, List.copyOf(items)));
      }
      requireUnique("measures", measures.stream().map(Measure::name).toList());

      List<String> departments = new ArrayList<>();
      for (JsonNode d : list(root, "departments")) {
        if (!d.isTextual() || d.asText().isBlank()) {
          throw new ConfigException("departments must be a list of department names");
        }
        departments.add(d.asText().trim());
      }
      requireUnique("departments", departments);

      List<SubsidyItem> items = new ArrayList<>();
      for (JsonNode it : list(root, "subsidy_items")) {
        String k = "subsidy_items[" + items.size() + "]";
        String name = text(it, k + ".name", "name", null);
        IncomeCategory cat = IncomeCategory.fromChinese(k + ".category", text(it, k + ".category", "category", null));
        if (cat == IncomeCategory.NONE) {
          throw new ConfigException(k + ".category is '无'; allowed: 工资性, 经营性, 财产性, 转移性");
        }
        String dept = text(it, k + ".department", "department", null);
        if (!departments.contains(dept)) {
          throw new ConfigException(k + ".department is '" + dept + "'; allowed: " + String.join(", ", departments));
        }
        items.add(new SubsidyItem(name, cat, dept));
      }
      requireUnique("subsidy_items", items.stream().map(SubsidyItem::name).toList());

      return new WarehouseConfig(confDir, home, tablesRoot, city, master, settings, url, password, key, lines,
          method, cuts, regions, measures, items, departments);
    }

    private String envOr(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v;
    }

    private static JsonNode object(JsonNode parent, String key) {
      JsonNode n = parent.path(key);
      if (n.isMissingNode() || n.isNull()) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      }
      if (!n.isObject()) {
        throw new ConfigException(key + " must be a mapping of keys");
      }
      return n;
    }

    private static List<JsonNode> list(JsonNode parent, String key) {
      JsonNode n = parent.path(key);
      if (!n.isArray() || n.isEmpty()) {
        throw new ConfigException(key + " is missing or empty; it must be a non-empty list");
      }
      List<JsonNode> out = new ArrayList<>();
      n.forEach(out::add);
      return out;
    }

    private static String text(JsonNode parent, String key, String fallback) {
      return text(parent, key, key, fallback);
    }

    /** A scalar value; {@code fallback} null means required. */
    private static String text(JsonNode parent, String fullKey, String key, String fallback) {
      JsonNode n = parent.path(key);
      if (n.isMissingNode() || n.isNull()) {
        if (fallback == null) {
          throw new ConfigException(fullKey + " is missing");
        }
        return fallback;
      }
      if (!n.isValueNode()) {
        throw new ConfigException(fullKey + " must be a single value, not a list or mapping");
      }
      String v = n.asText().trim();
      if (v.isEmpty() && fallback == null) {
        throw new ConfigException(fullKey + " is empty");
      }
      return v;
    }

    private static int year(String key, String text) {
      try {
        int y = Integer.parseInt(text.trim());
        if (y >= 2000 && y <= 2100) {
          return y;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigException(key + ": '" + text + "' is not a year; allowed: 2000..2100");
    }

    private static BigDecimal amount(String key, JsonNode v) {
      try {
        if (v.isNumber() || v.isTextual()) {
          return new BigDecimal(v.asText().trim());
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigException(key + ": '" + v.asText() + "' is not an amount in yuan");
    }

    private static BigDecimal positiveAmount(String key, JsonNode v) {
      BigDecimal d = amount(key, v);
      if (d.signum() <= 0 || d.scale() > 2) {
        throw new ConfigException(key + ": '" + v.asText() + "' must be a positive amount in yuan with at most 2 decimals");
      }
      return d;
    }

    private static void requireUnique(String key, List<String> names) {
      Set<String> seen = new LinkedHashSet<>();
      for (String n : names) {
        if (!seen.add(n)) {
          throw new ConfigException(key + " lists '" + n + "' twice");
        }
      }
    }

    private static List<Region> readRegions(Path file) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("regions_file: " + file + " not found");
      }
      List<Region> regions = new ArrayList<>();
      CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (CSVRecord r : format.parse(in)) {
          if (!r.isMapped("county_code") || !r.isMapped("county") || !r.isMapped("township")) {
            throw new ConfigException("regions_file: " + file + " needs the columns county_code,county,township");
          }
          String code = r.get("county_code");
          if (!code.matches("\\d{6}") || r.get("county").isBlank() || r.get("township").isBlank()) {
            throw new ConfigException("regions_file: " + file + " line " + (r.getRecordNumber() + 1) + " needs a 6-digit county_code, a county and a township");
          }
          regions.add(new Region(code, r.get("county"), r.get("township")));
        }
      } catch (IOException e) {
        throw new ConfigException("regions_file: cannot read " + file + ": " + e.getMessage());
      }
      if (regions.isEmpty()) {
        throw new ConfigException("regions_file: " + file + " lists no township");
      }
      return regions;
    }
  }
}
