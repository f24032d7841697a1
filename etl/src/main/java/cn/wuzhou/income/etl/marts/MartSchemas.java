package cn.wuzhou.income.etl.marts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;

import cn.wuzhou.income.models.MartCatalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Spark schema of each mart (and serving table) as declared in {@code models/marts.yaml} ({@link MartCatalog}). */
public final class MartSchemas {
  private MartSchemas() {}

  /** Spark type of a catalogue column type. */
  public static DataType sparkType(String type) {
    return switch (type) {
      case "int" -> DataTypes.IntegerType;
      case "money" -> DataTypes.createDecimalType(18, 2);
      case "pct" -> DataTypes.createDecimalType(12, 2);
      case "ratio4" -> DataTypes.createDecimalType(12, 4);
      case "string" -> DataTypes.StringType;
      case "boolean" -> DataTypes.BooleanType;
      case "date" -> DataTypes.DateType;
      default -> throw new IllegalStateException("models/marts.yaml: unknown column type '" + type + "'");
    };
  }

  /** The declared schema of a mart (all columns nullable). */
  public static StructType schema(String mart) {
    List<StructField> fields = new ArrayList<>();
    for (MartCatalog.Column c : MartCatalog.get().table(mart).columns()) {
      fields.add(new StructField(c.name(), sparkType(c.type()), true, Metadata.empty()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /**
   * Selects the mart's columns in catalogue order and casts each to its declared type; decimals
   * are rounded half up to their declared scale here and only here.
   */
  public static Dataset<Row> conform(String mart, Dataset<Row> frame) {
    List<Column> cols = new ArrayList<>();
    for (MartCatalog.Column c : MartCatalog.get().table(mart).columns()) {
      Column v = col(c.name());
      if (c.scale() > 0) {
        v = round(v, c.scale());
      }
      cols.add(v.cast(sparkType(c.type())).as(c.name()));
    }
    return frame.select(cols.toArray(Column[]::new));
  }

  /** Throws naming every column whose name, position or type differs from the catalogue. */
  public static void check(String mart, StructType actual) {
    StructType expected = schema(mart);
    List<String> problems = new ArrayList<>();
    StructField[] e = expected.fields();
    StructField[] a = actual.fields();
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String want = i < e.length ? e[i].name() + " " + e[i].dataType().simpleString() : "(none)";
      String got = i < a.length ? a[i].name() + " " + a[i].dataType().simpleString() : "(none)";
      if (!want.equals(got)) {
        problems.add("column " + (i + 1) + ": expected " + want + ", got " + got);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(mart + " does not match models/marts.yaml: " + String.join("; ", problems));
    }
  }
}
