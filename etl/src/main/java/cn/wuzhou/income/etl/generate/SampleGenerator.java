package cn.wuzhou.income.etl.generate;

import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a sample landing zone: all seven feeds of {@code feeds.md} for the configured city,
 * household by household with every file of every period open at once, so memory does not grow
 * with the number of households. Ends with {@code _manifest.json} (see {@link Landing}).
 */
public final class SampleGenerator {
  /** What was written. */
  public record Summary(int files, long rows, long quarantined, double seconds) {}

  private SampleGenerator() {}

  public static Summary generate(GeneratorSettings settings, WarehouseConfig config, Progress progress) {
    long start = System.nanoTime();
    try {
      Files.createDirectories(settings.out());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.out(), e);
    }
    List<String> months = settings.months().stream().map(Formats::month).toList();
    List<String> quarters = settings.quarters();
    Landing landing = new Landing(settings.out(), months, quarters, settings.faultRate(), config.regions());
    try {
      HouseholdSimulator simulator = new HouseholdSimulator(settings, config.regions(), config.measures(),
          config.subsidyItems(), landing);
      int step = Math.max(1, settings.households() / 10);
      for (int i = 0; i < settings.households(); i++) {
        simulator.simulate(i);
        if ((i + 1) % step == 0 || i + 1 == settings.households()) {
          progress.info(String.format(Locale.ROOT, "generate: %,d of %,d households, %,d rows (%.1f s)",
              i + 1, settings.households(), landing.rows(), (System.nanoTime() - start) / 1e9));
        }
      }
    } catch (RuntimeException e) {
      landing.close();
      throw e;
    }
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("households", settings.households());
    options.put("seed", settings.seed());
    options.put("from", settings.from().toString());
    options.put("to", settings.to().toString());
    options.put("faults", settings.faultRate());
    options.put("months", months);
    options.put("quarters", quarters);
    landing.finish(options);
    for (Map.Entry<Feed, Long> e : landing.rowsByFeed().entrySet()) {
      Feed feed = e.getKey();
      progress.info(String.format(Locale.ROOT, "generate: %-20s %3d files %,12d rows", feed.folder(),
          landing.fileCount(feed), e.getValue()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Summary(landing.fileCount(), landing.rows(), landing.quarantinedTotal(), seconds);
  }
}
