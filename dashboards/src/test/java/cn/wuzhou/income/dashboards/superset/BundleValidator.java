package cn.wuzhou.income.dashboards.superset;

import cn.wuzhou.income.models.serving.ServingMigrations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks an import bundle as Superset's ImportV1 dashboard importer would, plus the serving
 * schema: the schema is the real one, read from an in-memory H2 brought up by the project's own
 * migrations ({@code models/src/main/resources/db/migration}), never a copy of the column list.
 * Problems are collected per file, as Superset's 422 answer lists them.
 */
final class BundleValidator {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Map<String, String>> SCHEMA = servingSchema();

  /** The parsed bundle: files by path below the top folder. */
  record Contents(Map<String, JsonNode> files, Map<String, Object> asPyYaml) {
    List<JsonNode> ofKind(String folder) {
      return files.entrySet().stream().filter(e -> e.getKey().startsWith(folder + "/"))
          .map(Map.Entry::getValue).toList();
    }
  }

  /** Tables → column → type as Superset would record it, from INFORMATION_SCHEMA. */
  static Map<String, Map<String, String>> servingSchema() {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:superset_schema_" + UUID.randomUUID())) {
      ServingMigrations.migrate(c);
      Map<String, Map<String, String>> tables = new TreeMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, "
              + "NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' "
              + "ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
        while (rs.next()) {
          String type = switch (rs.getString(3)) {
            case "CHARACTER VARYING" -> "VARCHAR";
            case "NUMERIC", "DECIMAL" -> "NUMERIC(" + rs.getInt(4) + ", " + rs.getInt(5) + ")";
            case "TIMESTAMP" -> "TIMESTAMP WITHOUT TIME ZONE";
            default -> rs.getString(3);
          };
          tables.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).put(rs.getString(2), type);
        }
      }
      return tables;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot build the serving schema from the migrations", e);
    }
  }

  static Contents read(byte[] zip) throws IOException {
    Map<String, JsonNode> files = new TreeMap<>();
    Map<String, Object> typed = new TreeMap<>();
    Set<String> roots = new HashSet<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.isDirectory()) {
          continue;
        }
        String name = e.getName();
        int slash = name.indexOf('/');
        if (slash < 0) {
          throw new IOException("file " + name + " is not inside a top folder");
        }
        roots.add(name.substring(0, slash));
        byte[] bytes = in.readAllBytes();
        files.put(name.substring(slash + 1), YAML.readTree(bytes));
        // YAML 1.1 typing as PyYAML's safe_load, which Superset uses: unquoted timestamps become dates
        typed.put(name.substring(slash + 1), new org.yaml.snakeyaml.Yaml().load(new String(bytes, StandardCharsets.UTF_8)));
      }
    }
    if (roots.size() != 1) {
      throw new IOException("the bundle must have exactly one top folder, has " + roots);
    }
    return new Contents(files, typed);
  }

  /** Problems per file (empty when Superset would import it); {@code passwords} as the API field. */
  static Map<String, List<String>> validate(Contents bundle, Map<String, String> passwords) {
    Map<String, List<String>> problems = new TreeMap<>();
    JsonNode metadata = bundle.files().get("metadata.yaml");
    if (metadata == null) {
      add(problems, "metadata.yaml", "Missing metadata.yaml");
    } else {
      if (!"1.0.0".equals(metadata.path("version").asText())) {
        add(problems, "metadata.yaml", "Unsupported version " + metadata.path("version"));
      }
      if (!"Dashboard".equals(metadata.path("type").asText())) {
        add(problems, "metadata.yaml", "Not a Dashboard bundle: type " + metadata.path("type"));
      }
      Object timestamp = ((Map<?, ?>) bundle.asPyYaml().get("metadata.yaml")).get("timestamp");
      if (!(timestamp instanceof String t) || !t.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*")) {
        add(problems, "metadata.yaml", "timestamp: Not a valid datetime.");
      }
    }
    Map<String, JsonNode> databases = new HashMap<>();
    Map<String, JsonNode> datasets = new HashMap<>();
    Set<String> charts = new HashSet<>();
    for (Map.Entry<String, JsonNode> f : bundle.files().entrySet()) {
      String path = f.getKey();
      JsonNode y = f.getValue();
      Object typed = bundle.asPyYaml().get(path);
      if (typed instanceof Map<?, ?> m && m.containsKey("version") && !(m.get("version") instanceof String)) {
        add(problems, path, "version: Not a valid string.");
      }
      if (path.startsWith("databases/")) {
        required(problems, path, y, "database_name", "sqlalchemy_uri", "uuid", "version");
        if (y.path("sqlalchemy_uri").asText().contains(":XXXXXXXXXX@") && !passwords.containsKey(path)) {
          add(problems, path, "Must provide a password for the database");
        }
        databases.put(y.path("uuid").asText(), y);
      } else if (path.startsWith("datasets/")) {
        required(problems, path, y, "table_name", "uuid", "version", "database_uuid", "columns");
        datasets.put(y.path("uuid").asText(), y);
      } else if (path.startsWith("charts/")) {
        required(problems, path, y, "slice_name", "viz_type", "uuid", "version", "dataset_uuid");
        charts.add(y.path("uuid").asText());
      } else if (path.startsWith("dashboards/")) {
        required(problems, path, y, "dashboard_title", "uuid", "version", "position");
      }
    }
    for (Map.Entry<String, JsonNode> f : bundle.files().entrySet()) {
      String path = f.getKey();
      JsonNode y = f.getValue();
      if (path.startsWith("datasets/")) {
        if (!databases.containsKey(y.path("database_uuid").asText())) {
          add(problems, path, "database_uuid " + y.path("database_uuid") + " resolves to no database of the bundle");
        }
        checkDatasetAgainstSchema(problems, path, y);
      } else if (path.startsWith("charts/")) {
        JsonNode ds = datasets.get(y.path("dataset_uuid").asText());
        if (ds == null) {
          add(problems, path, "dataset_uuid " + y.path("dataset_uuid") + " resolves to no dataset of the bundle");
        } else {
          checkChartAgainstDataset(problems, path, y, ds);
        }
      } else if (path.startsWith("dashboards/")) {
        checkDashboard(problems, path, y, charts, datasets);
      }
    }
    return problems;
  }

  private static void checkDatasetAgainstSchema(Map<String, List<String>> problems, String path, JsonNode y) {
    Map<String, String> columns = SCHEMA.get(y.path("table_name").asText());
    if (columns == null) {
      add(problems, path, "table " + y.path("table_name") + " does not exist in the serving database");
      return;
    }
    for (JsonNode col : y.path("columns")) {
      String name = col.path("column_name").asText();
      if (!columns.containsKey(name)) {
        add(problems, path, "column " + name + " does not exist in table " + y.path("table_name").asText());
      } else if (!columns.get(name).equals(col.path("type").asText())) {
        add(problems, path, "column " + name + " has type " + col.path("type").asText() + " but the table has "
            + columns.get(name));
      }
    }
  }

  private static void checkChartAgainstDataset(Map<String, List<String>> problems, String path, JsonNode chart,
      JsonNode dataset) {
    Set<String> columns = new HashSet<>();
    dataset.path("columns").forEach(c -> columns.add(c.path("column_name").asText()));
    Set<String> metrics = new HashSet<>();
    dataset.path("metrics").forEach(m -> metrics.add(m.path("metric_name").asText()));
    JsonNode p = chart.path("params");
    if (!chart.path("viz_type").asText().equals(p.path("viz_type").asText())) {
      add(problems, path, "params.viz_type differs from viz_type");
    }
    List<String> usedColumns = new ArrayList<>();
    p.path("groupby").forEach(c -> usedColumns.add(c.asText()));
    p.path("all_columns").forEach(c -> usedColumns.add(c.asText()));
    p.path("adhoc_filters").forEach(f -> usedColumns.add(f.path("subject").asText()));
    if (p.has("x_axis")) {
      usedColumns.add(p.path("x_axis").asText());
    }
    for (String c : usedColumns) {
      if (!columns.contains(c)) {
        add(problems, path, "column " + c + " is not a column of dataset " + dataset.path("table_name").asText());
      }
    }
    List<String> usedMetrics = new ArrayList<>();
    p.path("metrics").forEach(m -> usedMetrics.add(m.asText()));
    if (p.has("metric")) {
      usedMetrics.add(p.path("metric").asText());
    }
    for (String m : usedMetrics) {
      if (!metrics.contains(m)) {
        add(problems, path, "metric " + m + " is not a saved metric of dataset " + dataset.path("table_name").asText());
      }
    }
  }

  private static void checkDashboard(Map<String, List<String>> problems, String path, JsonNode y, Set<String> charts,
      Map<String, JsonNode> datasets) {
    JsonNode position = y.path("position");
    if (!"v2".equals(position.path("DASHBOARD_VERSION_KEY").asText()) || !position.has("ROOT_ID")
        || !position.has("GRID_ID")) {
      add(problems, path, "position is not a v2 layout with ROOT_ID and GRID_ID");
    }
    Set<Integer> chartIds = new HashSet<>();
    position.fields().forEachRemaining(e -> {
      JsonNode node = e.getValue();
      if (!node.isObject()) {
        return;
      }
      for (JsonNode child : node.path("children")) {
        if (!position.has(child.asText())) {
          add(problems, path, "position: " + e.getKey() + " has child " + child.asText() + " that is not in the layout");
        }
      }
      if ("CHART".equals(node.path("type").asText())) {
        String uuid = node.path("meta").path("uuid").asText();
        if (!charts.contains(uuid)) {
          add(problems, path, "position: chart " + uuid + " resolves to no chart of the bundle");
        }
        if (!chartIds.add(node.path("meta").path("chartId").asInt())) {
          add(problems, path, "position: chartId " + node.path("meta").path("chartId") + " is used twice");
        }
      }
    });
    for (JsonNode filter : y.path("metadata").path("native_filter_configuration")) {
      for (JsonNode target : filter.path("targets")) {
        JsonNode ds = datasets.get(target.path("datasetUuid").asText());
        if (ds == null) {
          add(problems, path, "native filter " + filter.path("name").asText() + ": dataset "
              + target.path("datasetUuid") + " is not in the bundle");
          continue;
        }
        String column = target.path("column").path("name").asText();
        boolean has = false;
        for (JsonNode c : ds.path("columns")) {
          has |= c.path("column_name").asText().equals(column);
        }
        if (!has) {
          add(problems, path, "native filter " + filter.path("name").asText() + ": column " + column
              + " is not in dataset " + ds.path("table_name").asText());
        }
      }
      for (JsonNode id : filter.path("scope").path("excluded")) {
        if (!chartIds.contains(id.asInt())) {
          add(problems, path, "native filter " + filter.path("name").asText() + ": excluded chart " + id
              + " is not on the dashboard");
        }
      }
    }
  }

  private static void required(Map<String, List<String>> problems, String path, JsonNode y, String... keys) {
    for (String k : keys) {
      if (!y.hasNonNull(k)) {
        add(problems, path, k + ": Missing data for required field.");
      }
    }
    for (String k : List.of("uuid", "database_uuid", "dataset_uuid")) {
      if (y.hasNonNull(k)) {
        try {
          UUID.fromString(y.get(k).asText());
        } catch (IllegalArgumentException e) {
          add(problems, path, k + ": Not a valid UUID.");
        }
      }
    }
  }

  private static void add(Map<String, List<String>> problems, String path, String message) {
    problems.computeIfAbsent(path, p -> new ArrayList<>()).add(message);
  }
}
