package cn.wuzhou.income.dashboards;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Spark must never reach the dashboards' classpath (interfaces.md; the module stays light). */
class DashboardsClasspathTest {
  @Test
  void noSparkClassIsLoadable() {
    for (String name : new String[] {"org.apache.spark.sql.SparkSession", "org.apache.spark.SparkContext",
        "org.apache.spark.sql.Dataset", "io.delta.tables.DeltaTable"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is on the classpath");
    }
  }
}
