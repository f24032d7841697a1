package cn.wuzhou.income.etl.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.testing.SharedSpark;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LocalFileSystemsTest {
  @Test
  void theSessionsLocalPathsUseTheShellFreeFileSystems() throws Exception {
    Configuration conf = SharedSpark.session().sessionState().newHadoopConf();
    assertInstanceOf(LocalFileSystems.Local.class, FileSystem.get(new java.net.URI("file:///"), conf));
    assertInstanceOf(LocalFileSystems.LocalFs.class, FileContext.getLocalFSFileContext(conf).getDefaultFileSystem());
  }

  /**
   * A Delta table written and committed twice starts no process from Hadoop's code (its shell
   * would start a dozen per commit). Other code may start one while the recording runs: Spark's
   * executor metrics run {@code getconf PAGESIZE} once per JVM, at a moment of their own.
   */
  @Test
  void writingADeltaTableStartsNoProcess() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path home = Files.createTempDirectory("tables");
    WarehouseTables tables = new WarehouseTables(spark, home);
    StructType schema = new StructType().add("year", DataTypes.IntegerType).add("n", DataTypes.IntegerType);
    Path recorded = Files.createTempFile("processes", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart").withStackTrace();
      recording.start();
      tables.overwrite("t", spark.createDataFrame(List.of(RowFactory.create(2024, 1)), schema));
      tables.replaceWhere("t", "year = 2025", spark.createDataFrame(List.of(RowFactory.create(2025, 2)), schema));
      recording.stop();
      recording.dump(recorded);
    }
    List<String> commands = RecordingFile.readAllEvents(recorded).stream()
        .filter(LocalFileSystemsTest::startedByHadoop)
        .map((RecordedEvent e) -> e.getString("command")).toList();
    assertEquals(2L, tables.read("t").count());
    assertEquals(List.of(), commands);
  }

  private static boolean startedByHadoop(RecordedEvent processStart) {
    return processStart.getStackTrace() == null || processStart.getStackTrace().getFrames().stream()
        .anyMatch(f -> f.getMethod().getType().getName().startsWith("org.apache.hadoop."));
  }

  @Test
  void permissionsAreSetWithoutAShell() throws Exception {
    Path file = Files.createTempFile("permissions", ".txt");
    LocalFileSystems.Raw fs = raw();
    fs.setPermission(new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission((short) 0640));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    fs.setPermission(new org.apache.hadoop.fs.Path(file.toUri()), new FsPermission((short) 0604));
    assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void aLinkIsToldFromAFile() throws Exception {
    Path dir = Files.createTempDirectory("links");
    Path file = Files.writeString(dir.resolve("data"), "12345");
    Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    LocalFileSystems.Raw fs = raw();

    FileStatus ofFile = fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(file.toUri()));
    assertFalse(ofFile.isSymlink());
    assertEquals(5L, ofFile.getLen());
    FileStatus ofLink = fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(link.toString()));
    assertTrue(ofLink.isSymlink());
    assertEquals(file.toString(), ofLink.getSymlink().toUri().getPath());
    assertThrows(FileNotFoundException.class,
        () -> fs.getFileLinkStatus(new org.apache.hadoop.fs.Path(dir.resolve("missing").toUri())));
  }

  private static LocalFileSystems.Raw raw() throws Exception {
    LocalFileSystems.Raw fs = new LocalFileSystems.Raw();
    fs.initialize(new java.net.URI("file:///"), new Configuration());
    return fs;
  }
}
