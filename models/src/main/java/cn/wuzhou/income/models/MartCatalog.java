package cn.wuzhou.income.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The marts of metrics.md as declared in {@code models/marts.yaml}: the single list of mart
 * names, column order, types, Chinese labels and definitions.
 */
public final class MartCatalog {
  private static final MartCatalog INSTANCE = load();

  private final List<Mart> marts;
  private final List<Mart> servingTables;

  private MartCatalog(List<Mart> marts, List<Mart> servingTables) {
    this.marts = List.copyOf(marts);
    this.servingTables = servingTables == null ? List.of() : List.copyOf(servingTables);
  }

  public static MartCatalog get() {
    return INSTANCE;
  }

  public List<Mart> marts() {
    return marts;
  }

  public Mart mart(String name) {
    return marts.stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("unknown mart '" + name + "'; known: "
            + String.join(", ", marts.stream().map(Mart::name).toList())));
  }

  public boolean contains(String name) {
    return marts.stream().anyMatch(m -> m.name().equals(name));
  }

  /**
   * The serving tables that are not marts of metrics.md ({@code serving_tables} of marts.yaml,
   * e.g. {@code household_history}): built and published with the marts, declared the same way,
   * but not listed by {@link #marts()} (so not by the API's mart list, exports or Superset).
   */
  public List<Mart> servingTables() {
    return servingTables;
  }

  /** A mart or a serving table by name. */
  public Mart table(String name) {
    return Stream.concat(marts.stream(), servingTables.stream())
        .filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("unknown mart or serving table '" + name + "'"));
  }

  /** One mart: table name, Chinese title, grain (key columns) and columns in output order. */
  public record Mart(String name, String label, List<String> grain, List<Column> columns) {
    public List<String> columnNames() {
      return columns.stream().map(Column::name).toList();
    }
  }

  /** One mart column: {@code type} is int, money, pct, ratio4, string, boolean or date. */
  public record Column(String name, String type, String label, String definition) {
    /** Decimal places of a numeric type, or -1. */
    public int scale() {
      return switch (type) {
        case "money", "pct" -> 2;
        case "ratio4" -> 4;
        case "int" -> 0;
        default -> -1;
      };
    }
  }

  private record Root(List<Mart> marts,
      @JsonProperty("serving_tables") List<Mart> servingTables) {}

  private static MartCatalog load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    try (InputStream in = MartCatalog.class.getResourceAsStream("/models/marts.yaml")) {
      if (in == null) {
        throw new IllegalStateException("models/marts.yaml is missing from the classpath");
      }
      Root root = yaml.readValue(in, Root.class);
      return new MartCatalog(root.marts(), root.servingTables());
    } catch (IOException e) {
      throw new UncheckedIOException("models/marts.yaml cannot be read", e);
    }
  }
}
