package cn.wuzhou.income.etl.common;

import cn.wuzhou.income.config.WarehouseConfig;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of ID numbers: HMAC-SHA-256 in lower-case hex. The key comes from the
 * configuration ({@code pseudonym_key_env}) or from {@code <home>/secret.key}, generated on first
 * use with owner-only permissions; it never lives in the repository.
 */
public final class Pseudonyms implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String KEY_FILE = "secret.key";

  private final byte[] key;
  private transient Mac mac;

  public Pseudonyms(byte[] key) {
    this.key = key.clone();
  }

  /** The pseudonyms of this deployment: configured key, else {@code <home>/secret.key} (created if missing). */
  public static Pseudonyms forConfig(WarehouseConfig config) {
    if (config.pseudonymKeyHex().isPresent()) {
      return new Pseudonyms(HexFormat.of().parseHex(config.pseudonymKeyHex().get()));
    }
    return new Pseudonyms(HexFormat.of().parseHex(keyFile(config.home().resolve(KEY_FILE))));
  }

  private static String keyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException raced) {
          // another process created it first: use its key
        }
      }
      String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (!hex.matches("[0-9a-fA-F]{64,}")) {
        throw new IllegalStateException(file + " must hold at least 64 hexadecimal characters (the pseudonym key)");
      }
      return hex;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the pseudonym key " + file, e);
    }
  }

  /** The pseudonym of an ID number (upper-cased first, so {@code x} and {@code X} agree); null stays null. */
  public String of(String idNumber) {
    if (idNumber == null) {
      return null;
    }
    try {
      if (mac == null) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      }
      return HexFormat.of().formatHex(mac.doFinal(idNumber.toUpperCase(java.util.Locale.ROOT)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }
}
