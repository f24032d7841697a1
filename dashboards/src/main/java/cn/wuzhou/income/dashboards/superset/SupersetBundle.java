package cn.wuzhou.income.dashboards.superset;

import cn.wuzhou.income.dashboards.superset.SupersetAssets.Chart;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Column;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Dashboard;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Dataset;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Filter;
import cn.wuzhou.income.dashboards.superset.SupersetAssets.Metric;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Superset import bundle (ImportV1, format version 1.0.0) of the warehouse's dashboards: one top
 * folder with {@code metadata.yaml}, {@code databases/warehouse.yaml}, {@code datasets/warehouse/
 * <table>.yaml} per dataset, {@code charts/<key>.yaml} and {@code dashboards/<key>.yaml}.
 *
 * <p>Objects are linked by UUIDs derived from their keys ({@link #uuid}), so the same definitions
 * give the same UUIDs on every run and a re-import overwrites instead of duplicating. The ZIP is
 * deterministic: entries sorted by path with a fixed time; only {@code metadata.yaml}'s
 * {@code timestamp} changes between runs of the same definitions.
 */
public final class SupersetBundle {
  public static final String VERSION = "1.0.0";
  public static final String ROOT = "wuzhou_income_warehouse";
  public static final String DATABASE_NAME = "warehouse";
  /** Path of the database file inside the bundle, as the {@code passwords} field names it. */
  public static final String DATABASE_FILE = "databases/" + DATABASE_NAME + ".yaml";
  private static final String UUID_NAMESPACE = "cn.wuzhou.income/superset/";
  private static final FileTime ENTRY_TIME = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
  private static final List<String> NATIVE_FILTERS = List.of("year", "quarter", "county", "township");
  private static final Map<String, String> FILTER_LABELS =
      Map.of("year", "年度", "quarter", "季度", "county", "县区", "township", "乡镇");

  private final SortedMap<String, String> files;

  private SupersetBundle(SortedMap<String, String> files) {
    this.files = files;
  }

  /** The UUID of an object of a kind (database, dataset, chart, dashboard) with a stable key. */
  public static UUID uuid(String kind, String key) {
    return UUID.nameUUIDFromBytes((UUID_NAMESPACE + kind + "/" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** Builds the bundle of {@code assets} reading from {@code target}, stamped {@code timestamp}. */
  public static SupersetBundle build(SupersetAssets assets, ServingTarget target, Instant timestamp) {
    SortedMap<String, String> files = new TreeMap<>();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("version", VERSION);
    metadata.put("type", "Dashboard");
    metadata.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp.truncatedTo(ChronoUnit.SECONDS)));
    files.put("metadata.yaml", yaml(metadata));
    files.put(DATABASE_FILE, yaml(database(target)));
    for (Dataset ds : assets.datasets()) {
      files.put("datasets/" + DATABASE_NAME + "/" + ds.table() + ".yaml", yaml(dataset(ds, target)));
    }
    int chartId = 0;
    for (Dashboard d : assets.dashboards()) {
      Map<String, Integer> chartIds = new LinkedHashMap<>();
      for (Chart c : d.charts()) {
        chartIds.put(c.key(), ++chartId);
        files.put("charts/" + c.key() + ".yaml", yaml(chart(c)));
      }
      files.put("dashboards/" + d.key() + ".yaml", yaml(dashboard(d, chartIds, assets)));
    }
    return new SupersetBundle(files);
  }

  /** Paths (below the top folder) to YAML text, sorted by path. */
  public SortedMap<String, String> files() {
    return files;
  }

  public byte[] zipBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeZip(out);
    return out.toByteArray();
  }

  /** Writes the ZIP: entries in path order, each with the same fixed time. */
  public void writeZip(OutputStream out) {
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        ZipEntry entry = new ZipEntry(ROOT + "/" + f.getKey());
        entry.setCreationTime(ENTRY_TIME);
        entry.setLastModifiedTime(ENTRY_TIME);
        entry.setLastAccessTime(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Superset bundle: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> database(ServingTarget target) {
    Map<String, Object> db = new LinkedHashMap<>();
    db.put("database_name", DATABASE_NAME);
    db.put("sqlalchemy_uri", target.sqlalchemyUri());
    db.put("cache_timeout", null);
    db.put("expose_in_sqllab", true);
    db.put("allow_run_async", false);
    db.put("allow_ctas", false);
    db.put("allow_cvas", false);
    db.put("allow_dml", false);
    db.put("extra", ordered("allows_virtual_table_explore", true));
    db.put("uuid", uuid("database", DATABASE_NAME).toString());
    db.put("version", VERSION);
    return db;
  }

  private static Map<String, Object> dataset(Dataset ds, ServingTarget target) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("table_name", ds.table());
    out.put("main_dttm_col", ds.columns().stream().filter(c -> isTemporal(c.type()))
        .map(Column::name).findFirst().orElse(null));
    out.put("description", ds.label());
    out.put("default_endpoint", null);
    out.put("offset", 0);
    out.put("cache_timeout", null);
    out.put("schema", target.schema());
    out.put("sql", null);
    out.put("params", null);
    out.put("template_params", null);
    out.put("filter_select_enabled", true);
    out.put("fetch_values_predicate", null);
    out.put("extra", null);
    out.put("uuid", uuid("dataset", ds.table()).toString());
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (Metric m : ds.metrics()) {
      Map<String, Object> metric = new LinkedHashMap<>();
      metric.put("metric_name", m.name());
      metric.put("verbose_name", m.label());
      metric.put("metric_type", null);
      metric.put("expression", m.expression());
      metric.put("description", null);
      metric.put("d3format", m.format());
      metric.put("extra", Map.of());
      metric.put("warning_text", null);
      metrics.add(metric);
    }
    out.put("metrics", metrics);
    List<Map<String, Object>> columns = new ArrayList<>();
    for (Column c : ds.columns()) {
      Map<String, Object> col = new LinkedHashMap<>();
      col.put("column_name", c.name());
      col.put("verbose_name", c.label());
      col.put("is_dttm", isTemporal(c.type()));
      col.put("is_active", true);
      col.put("type", sqlType(c.type()));
      col.put("groupby", true);
      col.put("filterable", true);
      col.put("expression", null);
      col.put("description", c.definition());
      col.put("python_date_format", null);
      col.put("extra", Map.of());
      columns.add(col);
    }
    out.put("columns", columns);
    out.put("version", VERSION);
    out.put("database_uuid", uuid("database", DATABASE_NAME).toString());
    return out;
  }

  private static boolean isTemporal(String type) {
    return type.equals("date") || type.equals("timestamp");
  }

  /** The column type as Superset records it for PostgreSQL. */
  static String sqlType(String type) {
    return switch (type) {
      case "int" -> "INTEGER";
      case "bigint" -> "BIGINT";
      case "money" -> "NUMERIC(18, 2)";
      case "pct" -> "NUMERIC(12, 2)";
      case "ratio4" -> "NUMERIC(12, 4)";
      case "string" -> "VARCHAR";
      case "boolean" -> "BOOLEAN";
      case "date" -> "DATE";
      case "timestamp" -> "TIMESTAMP WITHOUT TIME ZONE";
      default -> throw new IllegalArgumentException("unknown column type '" + type + "'");
    };
  }

  private static Map<String, Object> chart(Chart c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("slice_name", c.title());
    out.put("description", null);
    String viz = vizType(c.viz());
    out.put("viz_type", viz);
    out.put("params", params(c, viz));
    out.put("query_context", null);
    out.put("cache_timeout", null);
    out.put("uuid", uuid("chart", c.key()).toString());
    out.put("version", VERSION);
    out.put("dataset_uuid", uuid("dataset", c.dataset()).toString());
    return out;
  }

  private static String vizType(String viz) {
    return switch (viz) {
      case "big_number" -> "big_number_total";
      case "line" -> "echarts_timeseries_line";
      case "bar" -> "echarts_timeseries_bar";
      case "pie" -> "pie";
      case "table", "list" -> "table";
      default -> throw new IllegalArgumentException("unknown viz '" + viz + "'");
    };
  }

  /** The chart's form data as Superset's explore view saves it for the viz type. */
  private static Map<String, Object> params(Chart c, String vizType) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("viz_type", vizType);
    List<Map<String, Object>> adhoc = new ArrayList<>();
    for (int i = 0; i < c.filters().size(); i++) {
      adhoc.add(adhocFilter(c.filters().get(i), c.key() + "_" + i));
    }
    switch (c.viz()) {
      case "big_number" -> {
        p.put("metric", c.metrics().get(0));
        p.put("header_font_size", 0.4);
        p.put("subheader_font_size", 0.15);
        p.put("y_axis_format", "SMART_NUMBER");
      }
      case "line", "bar" -> {
        p.put("x_axis", c.x());
        p.put("x_axis_sort_asc", true);
        p.put("metrics", c.metrics());
        p.put("groupby", c.groupby());
        p.put("order_desc", true);
        p.put("row_limit", 10000);
        p.put("truncate_metric", true);
        p.put("show_legend", true);
        p.put("rich_tooltip", true);
        if (c.viz().equals("bar")) {
          p.put("orientation", "vertical");
        }
      }
      case "pie" -> {
        p.put("metric", c.metrics().get(0));
        p.put("groupby", c.groupby());
        p.put("row_limit", 100);
        p.put("show_labels", true);
        p.put("label_type", "key_percent");
      }
      case "table" -> {
        p.put("query_mode", "aggregate");
        p.put("groupby", c.groupby());
        p.put("metrics", c.metrics());
        p.put("all_columns", List.of());
        p.put("order_desc", true);
        p.put("row_limit", 10000);
        p.put("include_search", true);
      }
      case "list" -> {
        p.put("query_mode", "raw");
        p.put("groupby", List.of());
        p.put("metrics", List.of());
        p.put("all_columns", c.columns());
        p.put("row_limit", 10000);
        p.put("include_search", true);
      }
      default -> throw new IllegalArgumentException("unknown viz '" + c.viz() + "'");
    }
    p.put("adhoc_filters", adhoc);
    p.put("time_range", "No filter");
    return p;
  }

  private static Map<String, Object> adhocFilter(Filter f, String id) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("clause", "WHERE");
    a.put("expressionType", "SIMPLE");
    a.put("subject", f.column());
    if (f.value() instanceof Boolean b) {
      a.put("operator", b ? "IS TRUE" : "IS FALSE");
      a.put("comparator", null);
    } else {
      a.put("operator", f.op());
      a.put("comparator", f.value());
    }
    a.put("isExtra", false);
    a.put("isNew", false);
    a.put("filterOptionName", "filter_" + id);
    return a;
  }

  private static Map<String, Object> dashboard(Dashboard d, Map<String, Integer> chartIds, SupersetAssets assets) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dashboard_title", d.title());
    out.put("description", null);
    out.put("css", "");
    out.put("slug", d.slug());
    out.put("uuid", uuid("dashboard", d.key()).toString());
    out.put("position", position(d, chartIds));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("native_filter_configuration", nativeFilters(d, chartIds, assets));
    metadata.put("chart_configuration", Map.of());
    metadata.put("timed_refresh_immune_slices", List.of());
    metadata.put("expanded_slices", Map.of());
    metadata.put("refresh_frequency", 0);
    metadata.put("default_filters", "{}");
    metadata.put("color_scheme", "supersetColors");
    metadata.put("label_colors", Map.of());
    metadata.put("cross_filters_enabled", true);
    out.put("metadata", metadata);
    out.put("version", VERSION);
    out.put("published", true);
    return out;
  }

  /** Layout v2: ROOT_ID → GRID_ID → ROW-… → CHART-…, with the header. */
  private static Map<String, Object> position(Dashboard d, Map<String, Integer> chartIds) {
    Map<String, Object> pos = new LinkedHashMap<>();
    pos.put("DASHBOARD_VERSION_KEY", "v2");
    pos.put("ROOT_ID", node("ROOT", "ROOT_ID", List.of("GRID_ID"), List.of(), null));
    List<String> rowIds = new ArrayList<>();
    for (int r = 0; r < d.rows().size(); r++) {
      rowIds.add("ROW-" + d.key() + "-" + (r + 1));
    }
    pos.put("GRID_ID", node("GRID", "GRID_ID", rowIds, List.of("ROOT_ID"), null));
    pos.put("HEADER_ID", ordered("id", "HEADER_ID", "type", "HEADER", "meta", ordered("text", d.title())));
    for (int r = 0; r < d.rows().size(); r++) {
      List<Chart> row = d.rows().get(r);
      String rowId = rowIds.get(r);
      List<String> chartNodes = row.stream().map(c -> "CHART-" + c.key()).toList();
      pos.put(rowId, node("ROW", rowId, chartNodes, List.of("ROOT_ID", "GRID_ID"),
          ordered("background", "BACKGROUND_TRANSPARENT")));
      for (Chart c : row) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("chartId", chartIds.get(c.key()));
        meta.put("height", c.viz().equals("big_number") ? 30 : 60);
        meta.put("sliceName", c.title());
        meta.put("uuid", uuid("chart", c.key()).toString());
        meta.put("width", c.width());
        pos.put("CHART-" + c.key(), node("CHART", "CHART-" + c.key(), List.of(),
            List.of("ROOT_ID", "GRID_ID", rowId), meta));
      }
    }
    return pos;
  }

  private static Map<String, Object> node(String type, String id, List<String> children,
      List<String> parents, Map<String, Object> meta) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("type", type);
    n.put("id", id);
    n.put("children", children);
    if (!parents.isEmpty()) {
      n.put("parents", parents);
    }
    if (meta != null) {
      n.put("meta", meta);
    }
    return n;
  }

  /**
   * Select filters on year, quarter, county and township. Each targets the column in the first
   * chart's dataset that has it and applies to the charts whose dataset has the column; the
   * others are excluded from its scope (Superset would otherwise filter them on a missing column).
   */
  private static List<Map<String, Object>> nativeFilters(Dashboard d, Map<String, Integer> chartIds,
      SupersetAssets assets) {
    List<Map<String, Object>> filters = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (String column : NATIVE_FILTERS) {
      List<Chart> inScope = d.charts().stream()
          .filter(c -> assets.dataset(c.dataset()).hasColumn(column)).toList();
      if (inScope.isEmpty()) {
        continue;
      }
      List<Integer> excluded = d.charts().stream().filter(c -> !inScope.contains(c))
          .map(c -> chartIds.get(c.key())).toList();
      String id = "NATIVE_FILTER-" + uuid("filter", d.key() + "/" + column).toString().substring(0, 8);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("id", id);
      f.put("name", FILTER_LABELS.get(column));
      f.put("filterType", "filter_select");
      f.put("targets", List.of(ordered(
          "column", ordered("name", column),
          "datasetUuid", uuid("dataset", inScope.get(0).dataset()).toString())));
      f.put("defaultDataMask", ordered("extraFormData", Map.of(), "filterState", Map.of(), "ownState", Map.of()));
      // the township list follows the chosen county
      f.put("cascadeParentIds", column.equals("township") && ids.containsKey("county")
          ? List.of(ids.get("county")) : List.of());
      f.put("scope", ordered("rootPath", List.of("ROOT_ID"), "excluded", excluded));
      Map<String, Object> controls = new LinkedHashMap<>();
      controls.put("enableEmptyFilter", false);
      controls.put("defaultToFirstItem", false);
      controls.put("multiSelect", !column.equals("year"));
      controls.put("searchAllOptions", false);
      controls.put("inverseSelection", false);
      f.put("controlValues", controls);
      f.put("type", "NATIVE_FILTER");
      f.put("description", "");
      f.put("chartsInScope", inScope.stream().map(c -> chartIds.get(c.key())).toList());
      f.put("tabsInScope", List.of());
      filters.add(f);
      ids.put(column, id);
    }
    return filters;
  }

  /** A map keeping the order of its keys (Map.of iterates in an order that changes per JVM run). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * Every string double-quoted: Superset reads the files with PyYAML (YAML 1.1), which would
   * turn an unquoted ISO timestamp into a datetime (rejected by the metadata schema) and words
   * like yes/no/on/off into booleans.
   */
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML: " + e.getMessage(), e);
    }
  }
}
