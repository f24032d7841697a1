package cn.wuzhou.income.etl.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  private static final String NETTY = "-Dio.netty.tryReflectionSetAccessible=true";

  @Test
  void localMastersNeedNothingMore() {
    assertEquals(Map.of(), SparkSessions.clusterSettings("local[*]", "/a.jar:/b", key -> false));
    assertEquals(Map.of(), SparkSessions.clusterSettings("local", "/a.jar:/b", key -> false));
  }

  @Test
  void aStandaloneMasterOnThisMachineGivesExecutorsTheDriverClasspath() {
    Map<String, String> expected = Map.of(
        "spark.executor.extraClassPath", "/a.jar:/b",
        "spark.executor.extraJavaOptions", NETTY);
    assertEquals(expected, SparkSessions.clusterSettings("spark://127.0.0.1:7077", "/a.jar:/b", key -> false));
    assertEquals(expected, SparkSessions.clusterSettings("spark://localhost:7077", "/a.jar:/b", key -> false));
  }

  @Test
  void submittedJarsOrSettingsAreLeftAlone() {
    Set<String> submitted = Set.of("spark.jars", "spark.executor.extraJavaOptions");
    assertEquals(Map.of(), SparkSessions.clusterSettings("spark://127.0.0.1:7077", "/a.jar", submitted::contains));
    assertEquals(Map.of("spark.executor.extraJavaOptions", NETTY),
        SparkSessions.clusterSettings("spark://127.0.0.1:7077", "/a.jar",
            Set.of("spark.executor.extraClassPath")::contains));
  }

  @Test
  void remoteMastersGetOnlyTheNettyFlag() {
    // The driver's file paths mean nothing on other machines: code goes there by spark-submit.
    Map<String, String> expected = Map.of("spark.executor.extraJavaOptions", NETTY);
    assertEquals(expected, SparkSessions.clusterSettings("spark://10.0.0.5:7077", "/a.jar", key -> false));
    assertEquals(expected, SparkSessions.clusterSettings("yarn", "/a.jar", key -> false));
    assertEquals(expected, SparkSessions.clusterSettings("k8s://https://10.0.0.1:6443", "/a.jar", key -> false));
  }
}
