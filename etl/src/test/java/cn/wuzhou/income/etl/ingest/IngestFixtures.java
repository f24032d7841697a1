package cn.wuzhou.income.etl.ingest;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Pseudonyms;
import cn.wuzhou.income.models.IdNumbers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

/** Shared test values: the project's conf/, a fixed pseudonym key, valid ID numbers, landing files. */
final class IngestFixtures {
  /** 32 bytes 0x01..0x20 as hex: a fixed test key. */
  static final String KEY_HEX = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
  static final Pseudonyms PSEUDONYMS = new Pseudonyms(HexFormat.of().parseHex(KEY_HEX));

  private IngestFixtures() {}

  static WarehouseConfig config(Path home) {
    return WarehouseConfig.load(Path.of("..", "conf"), Map.of("WAREHOUSE_PSEUDONYM_KEY", KEY_HEX), home);
  }

  /** A valid ID number: 6-digit area, birth date yyyymmdd, 3-digit sequence, check character. */
  static String id(String birth, String seq) {
    String first17 = "450403" + birth + seq;
    return first17 + IdNumbers.checkCharacter(first17);
  }

  /** The same ID with a wrong check character. */
  static String badId(String birth, String seq) {
    String good = id(birth, seq);
    char wrong = good.charAt(17) == '0' ? '1' : '0';
    return good.substring(0, 17) + wrong;
  }

  static Path write(Path landing, String feed, String period, String file, String text) {
    try {
      Path dir = Files.createDirectories(landing.resolve(feed).resolve(period));
      return Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
