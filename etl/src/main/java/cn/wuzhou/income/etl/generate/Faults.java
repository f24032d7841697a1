package cn.wuzhou.income.etl.generate;

import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.models.IdNumbers;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a valid row into one the ingest quarantines for exactly one reason: every check that
 * comes earlier in the order of {@code feeds.md} still passes.
 */
final class Faults {
  private static final Map<String, List<String>> BAD_ENUMS = Map.of(
      "household_type", List.of("贫困户", "一般户", "低保户"),
      "relation", List.of("邻居", "朋友", "户主之妻"),
      "gender", List.of("未知", "M", "男性"),
      "labor_capacity", List.of("半劳动力", "强劳动力"),
      "measure", List.of("技能培训", "危房改造"),
      "employment_form", List.of("外出务工", "务农"),
      "assistance_type", List.of("五保", "救济"),
      "basis", List.of("按月", "按次"),
      "status", List.of("已支付", "失败", "处理中"));
  private static final List<String> BAD_DATES = List.of("不详", "0000-00-00", "2024-13-45", "待补");
  private static final List<String> BAD_MONTHS = List.of("不详", "2024-00", "13月");

  private final List<Region> regions;

  Faults(List<Region> regions) {
    this.regions = regions;
  }

  /** The reasons that can be injected into rows of a feed. */
  static List<Reason> kinds(Feed feed) {
    EnumSet<Reason> kinds = EnumSet.of(Reason.BAD_FIELD_COUNT, Reason.MISSING_VALUE, Reason.DUPLICATE_KEY);
    for (Feed.Column c : feed.columns()) {
      switch (c.kind()) {
        case ENUM -> kinds.add(Reason.BAD_ENUM);
        case ID, OPTIONAL_ID -> kinds.add(Reason.INVALID_ID);
        case MONEY, SIGNED_MONEY, POSITIVE_MONEY, COUNT -> kinds.add(Reason.BAD_AMOUNT);
        case DATE -> kinds.add(Reason.BAD_DATE);
        case PERIOD_DATE, PERIOD_MONTH -> {
          kinds.add(Reason.BAD_DATE);
          kinds.add(Reason.OUT_OF_PERIOD);
        }
        case REGION -> kinds.add(Reason.UNKNOWN_REGION);
        default -> { }
      }
    }
    if (feed == Feed.AGRI_MEMBERS) {
      kinds.add(Reason.BIRTHDATE_MISMATCH);
      kinds.add(Reason.ORPHAN_MEMBER);
    }
    return List.copyOf(kinds);
  }

  /**
   * Spoils {@code values} (contract column order) for {@code reason}; returns the row's shape.
   * {@link Reason#DUPLICATE_KEY} leaves the row as it is: the caller writes it twice.
   */
  FeedFile.Shape apply(Feed feed, Reason reason, String[] values, String period, SplittableRandom rng) {
    switch (reason) {
      case BAD_FIELD_COUNT -> {
        return rng.nextBoolean() ? FeedFile.Shape.EXTRA_FIELD : FeedFile.Shape.SHORT_FIELD;
      }
      case MISSING_VALUE -> values[pick(feed, rng, EnumSet.of(Feed.Kind.TEXT, Feed.Kind.ID,
          Feed.Kind.ENUM, Feed.Kind.YES_NO, Feed.Kind.COUNT, Feed.Kind.MONEY, Feed.Kind.SIGNED_MONEY,
          Feed.Kind.POSITIVE_MONEY, Feed.Kind.DATE, Feed.Kind.PERIOD_DATE, Feed.Kind.PERIOD_MONTH,
          Feed.Kind.REGION))] = "";
      case BAD_ENUM -> {
        int c = pick(feed, rng, EnumSet.of(Feed.Kind.ENUM));
        values[c] = one(BAD_ENUMS.get(feed.columns().get(c).key()), rng);
      }
      case INVALID_ID -> {
        int c = pick(feed, rng, EnumSet.of(Feed.Kind.ID, Feed.Kind.OPTIONAL_ID));
        String id = values[c].isEmpty() ? "45042219800101" + (100 + rng.nextInt(900)) + "0" : values[c];
        values[c] = spoilCheck(id, rng);
      }
      case BAD_AMOUNT -> {
        int c = pick(feed, rng, EnumSet.of(Feed.Kind.MONEY, Feed.Kind.SIGNED_MONEY,
            Feed.Kind.POSITIVE_MONEY, Feed.Kind.COUNT));
        values[c] = badAmount(feed.columns().get(c).kind(), rng);
      }
      case BAD_DATE -> {
        int c = pick(feed, rng, EnumSet.of(Feed.Kind.DATE, Feed.Kind.PERIOD_DATE, Feed.Kind.PERIOD_MONTH));
        values[c] = one(feed.columns().get(c).kind() == Feed.Kind.PERIOD_MONTH ? BAD_MONTHS : BAD_DATES, rng);
      }
      case OUT_OF_PERIOD -> {
        int c = pick(feed, rng, EnumSet.of(Feed.Kind.PERIOD_DATE, Feed.Kind.PERIOD_MONTH));
        YearMonth other = YearMonth.parse(period).plusMonths(rng.nextBoolean() ? 1 : -1);
        values[c] = feed.columns().get(c).kind() == Feed.Kind.PERIOD_MONTH ? Formats.month(other)
            : Formats.date(other.atDay(1 + rng.nextInt(other.lengthOfMonth())));
      }
      case UNKNOWN_REGION -> {
        int county = feed.index("county");
        int township = feed.index("township");
        if (rng.nextBoolean()) {
          values[county] = "梧州新区";
        } else {
          List<Region> elsewhere = new ArrayList<>();
          for (Region r : regions) {
            if (!r.county().equals(values[county])) {
              elsewhere.add(r);
            }
          }
          values[township] = elsewhere.get(rng.nextInt(elsewhere.size())).township();
        }
      }
      case BIRTHDATE_MISMATCH -> {
        int c = feed.index("birth_date");
        LocalDate born = IdNumbers.birthDate(values[feed.index("id_number")]).orElseThrow();
        int shift = 1 + rng.nextInt(400);
        values[c] = Formats.date(rng.nextBoolean() ? born.plusDays(shift) : born.minusDays(shift));
      }
      case ORPHAN_MEMBER -> values[feed.index("household_id")] = "HX" + (100_000_000 + rng.nextInt(900_000_000));
      case DUPLICATE_KEY -> { }
      default -> throw new IllegalArgumentException(reason.name());
    }
    return FeedFile.Shape.WHOLE;
  }

  private static int pick(Feed feed, SplittableRandom rng, EnumSet<Feed.Kind> kinds) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < feed.columns().size(); i++) {
      if (kinds.contains(feed.columns().get(i).kind())) {
        candidates.add(i);
      }
    }
    return candidates.get(rng.nextInt(candidates.size()));
  }

  private static String one(List<String> values, SplittableRandom rng) {
    return values.get(rng.nextInt(values.size()));
  }

  /** Same 17 digits, any check character but the right one. */
  private static String spoilCheck(String id, SplittableRandom rng) {
    char right = IdNumbers.checkCharacter(id.substring(0, 17));
    String checks = "0123456789X".replace(String.valueOf(right), "");
    return id.substring(0, 17) + checks.charAt(rng.nextInt(checks.length()));
  }

  private static String badAmount(Feed.Kind kind, SplittableRandom rng) {
    int r = rng.nextInt(3);
    return switch (kind) {
      case COUNT -> List.of("0", "21", "3.5", "三").get(rng.nextInt(4));
      case MONEY -> r == 0 ? "-" + (1 + rng.nextInt(5000)) + ".00" : r == 1 ? "120.345" : "约500元";
      case POSITIVE_MONEY -> r == 0 ? "0.00" : r == 1 ? "-35.50" : "一百元";
      default -> r == 0 ? "88.888" : "不详";
    };
  }
}
