package cn.wuzhou.income.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The marts of metrics.md as declared in {@code models/marts.yaml}: the single list of mart
 * names, column order, types, Chinese labels and definitions.
 */
public final class MartCatalog {
  private static final MartCatalog INSTANCE = load();

  private final List<Mart> marts;

  private MartCatalog(List<Mart> marts) {
    this.marts = List.copyOf(marts);
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

  private record Root(List<Mart> marts) {}

  private static MartCatalog load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    try (InputStream in = MartCatalog.class.getResourceAsStream("/models/marts.yaml")) {
      if (in == null) {
        throw new IllegalStateException("models/marts.yaml is missing from the classpath");
      }
      return new MartCatalog(yaml.readValue(in, Root.class).marts());
    } catch (IOException e) {
      throw new UncheckedIOException("models/marts.yaml cannot be read", e);
    }
  }
}
