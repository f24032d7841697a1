package cn.wuzhou.income.dashboards.superset;

import cn.wuzhou.income.models.MartCatalog;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Superset dashboards as declared in {@code superset/datasets.yaml} and
 * {@code superset/dashboards.yaml} (classpath, from {@code dashboards/src/main/resources}),
 * joined with the mart catalogue: one dataset per mart (columns, types and Chinese labels from
 * {@code models/marts.yaml}) plus the data-quality tables, and the dashboards with their charts.
 * Every reference (dataset of a chart, metric, column) is checked at load time.
 */
public record SupersetAssets(List<Dataset> datasets, List<Dashboard> dashboards) {
  static final String DATASETS_FILE = "superset/datasets.yaml";
  static final String DASHBOARDS_FILE = "superset/dashboards.yaml";

  public SupersetAssets {
    datasets = List.copyOf(datasets);
    dashboards = List.copyOf(dashboards);
  }

  /** A table of the serving database as a Superset dataset. */
  public record Dataset(String table, String label, List<Column> columns, List<Metric> metrics) {
    public Optional<Column> column(String name) {
      return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public boolean hasColumn(String name) {
      return column(name).isPresent();
    }

    public boolean hasMetric(String name) {
      return metrics.stream().anyMatch(m -> m.name().equals(name));
    }
  }

  /** A column: {@code type} as in marts.yaml (int, money, pct, ratio4, string, boolean, date) or bigint, timestamp. */
  public record Column(String name, String type, String label, String definition) {}

  /** A saved metric: SQL aggregate over the dataset's columns. */
  public record Metric(String name, String label, String expression, String format) {}

  /** A fixed WHERE condition of a chart. */
  public record Filter(String column, String op, Object value) {}

  /** One chart; see dashboards.yaml for the meaning of each key. */
  public record Chart(String key, String title, String dataset, String viz, List<String> metrics,
      String x, List<String> groupby, List<String> columns, List<Filter> filters, Integer width) {
    public Chart {
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
      groupby = groupby == null ? List.of() : List.copyOf(groupby);
      columns = columns == null ? List.of() : List.copyOf(columns);
      filters = filters == null ? List.of() : List.copyOf(filters);
      width = width == null ? 6 : width;
    }
  }

  /** One dashboard: rows of charts. */
  public record Dashboard(String key, String title, String slug, List<List<Chart>> rows) {
    public List<Chart> charts() {
      return rows.stream().flatMap(List::stream).toList();
    }
  }

  private record MetricsFile(Map<String, List<Metric>> metrics, List<TableDef> tables) {}

  private record TableDef(String name, String label, List<Column> columns) {}

  private record DashboardsFile(List<Dashboard> dashboards) {}

  static final Set<String> VIZ = Set.of("big_number", "line", "bar", "pie", "table", "list");

  /** Loads and checks the definitions on the classpath against the mart catalogue. */
  public static SupersetAssets load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    MetricsFile metricsFile = read(yaml, DATASETS_FILE, MetricsFile.class);
    DashboardsFile dashboardsFile = read(yaml, DASHBOARDS_FILE, DashboardsFile.class);

    Map<String, Dataset> datasets = new LinkedHashMap<>();
    for (MartCatalog.Mart mart : MartCatalog.get().marts()) {
      List<Column> columns = mart.columns().stream()
          .map(c -> new Column(c.name(), c.type(), c.label(), c.definition())).toList();
      datasets.put(mart.name(), new Dataset(mart.name(), mart.label(), columns,
          metricsOf(metricsFile, mart.name())));
    }
    for (TableDef t : metricsFile.tables()) {
      datasets.put(t.name(), new Dataset(t.name(), t.label(), t.columns(), metricsOf(metricsFile, t.name())));
    }
    for (String table : metricsFile.metrics().keySet()) {
      if (!datasets.containsKey(table)) {
        throw new IllegalStateException(DATASETS_FILE + ": metrics of '" + table
            + "', which is neither a mart of models/marts.yaml nor a table under 'tables'");
      }
    }
    SupersetAssets assets = new SupersetAssets(List.copyOf(datasets.values()), dashboardsFile.dashboards());
    assets.check();
    return assets;
  }

  public Dataset dataset(String table) {
    return datasets.stream().filter(d -> d.table().equals(table)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dataset '" + table + "'"));
  }

  private static List<Metric> metricsOf(MetricsFile file, String table) {
    List<Metric> metrics = new ArrayList<>();
    metrics.add(new Metric("count", "行数", "COUNT(*)", null));
    metrics.addAll(file.metrics().getOrDefault(table, List.of()));
    return List.copyOf(metrics);
  }

  private void check() {
    Set<String> dashboardKeys = new HashSet<>();
    Set<String> chartKeys = new HashSet<>();
    for (Dashboard d : dashboards) {
      String where = DASHBOARDS_FILE + ": dashboard '" + d.key() + "'";
      if (!dashboardKeys.add(d.key())) {
        throw new IllegalStateException(where + " is declared twice; keys must be unique");
      }
      for (List<Chart> row : d.rows()) {
        int width = row.stream().mapToInt(Chart::width).sum();
        if (width > 12) {
          throw new IllegalStateException(where + ": a row is " + width + " grid columns wide; at most 12");
        }
      }
      for (Chart c : d.charts()) {
        String at = where + ", chart '" + c.key() + "'";
        if (!chartKeys.add(c.key())) {
          throw new IllegalStateException(at + " is declared twice; chart keys must be unique in the file");
        }
        if (!VIZ.contains(c.viz())) {
          throw new IllegalStateException(at + ": viz '" + c.viz() + "'; accepted: " + VIZ);
        }
        Dataset ds = datasets.stream().filter(x -> x.table().equals(c.dataset())).findFirst()
            .orElseThrow(() -> new IllegalStateException(at + ": dataset '" + c.dataset()
                + "' is neither a mart nor a table of " + DATASETS_FILE));
        for (String m : c.metrics()) {
          if (!ds.hasMetric(m)) {
            throw new IllegalStateException(at + ": metric '" + m + "' is not a metric of " + ds.table()
                + " in " + DATASETS_FILE);
          }
        }
        List<String> cols = new ArrayList<>(c.groupby());
        cols.addAll(c.columns());
        c.filters().forEach(f -> cols.add(f.column()));
        if (c.x() != null) {
          cols.add(c.x());
        }
        for (String col : cols) {
          if (!ds.hasColumn(col)) {
            throw new IllegalStateException(at + ": column '" + col + "' is not a column of " + ds.table());
          }
        }
        for (Filter f : c.filters()) {
          if (!(f.value() instanceof Boolean) && !"==".equals(f.op()) && !"!=".equals(f.op())) {
            throw new IllegalStateException(at + ": filter on '" + f.column() + "' has op '" + f.op()
                + "'; accepted: ==, != (or a boolean value)");
          }
        }
        boolean needsMetric = !c.viz().equals("list");
        if (needsMetric && c.metrics().isEmpty()) {
          throw new IllegalStateException(at + ": viz " + c.viz() + " needs at least one metric");
        }
        if ((c.viz().equals("line") || c.viz().equals("bar")) && c.x() == null) {
          throw new IllegalStateException(at + ": viz " + c.viz() + " needs x (the category axis)");
        }
        if (c.viz().equals("list") && c.columns().isEmpty()) {
          throw new IllegalStateException(at + ": viz list needs columns");
        }
      }
    }
  }

  private static <T> T read(ObjectMapper yaml, String resource, Class<T> type) {
    try (InputStream in = SupersetAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return yaml.readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(resource + " cannot be read: " + e.getMessage(), e);
    }
  }
}
