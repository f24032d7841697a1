package cn.wuzhou.income.etl.common;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without the commands it runs in a shell.
 *
 * <p>Without Hadoop's native library (libhadoop, which no Maven artifact ships), Hadoop's
 * {@link RawLocalFileSystem} runs {@code chmod} for every file and directory it creates (every
 * Parquet file of a table, every Delta log file, and the {@code .crc} file beside each). Its
 * {@code FileContext} form runs {@code readlink} on both sides of every rename: a Delta commit
 * renames its log file and its checksum into place, 8 {@code readlink} and 4 {@code chmod} per
 * commit. Each command is a process started from the JVM, about 6 ms on this machine, and a
 * month's run started 470 to 830 of them (docs/scaling.md, session 26).
 *
 * <p>The classes here do the same through {@code java.nio}: {@link Raw#setPermission} sets the
 * POSIX permissions directly, and {@link Raw#getFileLinkStatus} asks whether the path is a link
 * before Hadoop's way (which runs {@code readlink}) is taken for a link. Everything else is
 * Hadoop's. {@link #SETTINGS} names them to Spark for the {@code file:} scheme only; other
 * schemes (HDFS, S3) are untouched.
 */
public final class LocalFileSystems {
  /** The Spark settings that make {@code file:} paths use the classes below. */
  public static final Map<String, String> SETTINGS = Map.of(
      "spark.hadoop.fs.file.impl", Local.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl", LocalFs.class.getName());

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private LocalFileSystems() {}

  /** {@link RawLocalFileSystem} that changes permissions and tells links apart without a shell. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (!POSIX || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(
          permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL));
    }

    /** A path that is not a link has the status of its file; a link is left to Hadoop. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      return Files.isSymbolicLink(pathToFile(f).toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
    }
  }

  /** {@code fs.file.impl}: Hadoop's {@link LocalFileSystem} (checksums) over {@link Raw}. */
  public static class Local extends LocalFileSystem {
    public Local() {
      super(new Raw());
    }
  }

  /** {@code fs.AbstractFileSystem.file.impl} (the {@code FileContext} API Delta commits through): checksums over {@link RawFs}. */
  public static class LocalFs extends ChecksumFs {
    public LocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}: its link status comes from {@link Raw#getFileLinkStatus}. */
  public static class RawFs extends DelegateToFileSystem {
    public RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      // As Hadoop's RawLocalFs: the operating system judges local names.
      return true;
    }
  }
}
