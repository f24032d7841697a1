package cn.wuzhou.income.etl.ingest;

import cn.wuzhou.income.config.Measure;
import cn.wuzhou.income.config.SubsidyItem;
import cn.wuzhou.income.config.WarehouseConfig;
import cn.wuzhou.income.etl.common.Pseudonyms;
import cn.wuzhou.income.etl.ingest.Feed.Column;
import cn.wuzhou.income.etl.ingest.Feed.Kind;
import cn.wuzhou.income.models.IdNumbers;
import cn.wuzhou.income.models.Names;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The row-by-row checks of {@code feeds.md} (every reason code up to {@code BIRTHDATE_MISMATCH};
 * {@code ORPHAN_MEMBER} and {@code DUPLICATE_KEY} need other rows and are set by
 * {@link Validation}) and the conversion of a valid bronze row into its typed silver row, with ID
 * numbers replaced by pseudonyms and the head's name masked. Plain Java, runs inside Spark tasks.
 */
public final class RowValidator implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The three 监测户 types: for them {@code risk_eliminated} is required. */
  static final Set<String> MONITORED_TYPES = Set.of("脱贫不稳定户", "边缘易致贫户", "突发严重困难户");

  private final Feed feed;
  private final Map<String, Set<String>> enums;
  private final Set<String> townships;
  private final Pseudonyms pseudonyms;
  private final StructType silver;

  public RowValidator(Feed feed, Map<String, Set<String>> enums, Set<String> townships,
      Pseudonyms pseudonyms, StructType silver) {
    this.feed = feed;
    this.enums = enums;
    this.townships = townships;
    this.pseudonyms = pseudonyms;
    this.silver = silver;
  }

  /** The validator of {@code feed} with the enums, regions and pseudonym key of a deployment. */
  public static RowValidator of(Feed feed, WarehouseConfig config, Pseudonyms pseudonyms, StructType silver) {
    Set<String> townships = config.regions().stream().map(r -> regionKey(r.county(), r.township()))
        .collect(Collectors.toSet());
    return new RowValidator(feed, enums(config), townships, pseudonyms, silver);
  }

  /** Allowed values of every enum column, by English key; from the contract or from {@code conf/}. */
  public static Map<String, Set<String>> enums(WarehouseConfig config) {
    Map<String, Set<String>> e = new HashMap<>();
    e.put("household_type", Set.of("脱贫户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"));
    e.put("helper_level", Set.of("村级", "乡科级", "县处级"));
    e.put("relation", Set.of("户主", "配偶", "子女", "父母", "兄弟姐妹", "孙子女", "其他"));
    e.put("gender", Set.of("男", "女"));
    e.put("labor_capacity", Set.of("技能劳动力", "普通劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"));
    e.put("employment_form", Set.of("区外务工", "区内县外务工", "县内务工", "公益性岗位", "帮扶车间", "以工代赈", "灵活就业", "自主创业"));
    e.put("assistance_type", Set.of("低保", "特困供养", "临时救助", "残疾人两项补贴"));
    e.put("basis", Set.of("按户", "按人"));
    e.put("status", Set.of("已发放", "待发放", "退回"));
    e.put("measure", config.measures().stream().map(Measure::name).collect(Collectors.toSet()));
    e.put("subsidy_item", config.subsidyItems().stream().map(SubsidyItem::name).collect(Collectors.toSet()));
    e.put("department", new HashSet<>(config.departments()));
    return e;
  }

  static String regionKey(String county, String township) {
    return county + "\u0000" + township;
  }

  /** Columns the validator puts before the silver columns. */
  public static final List<String> FLAG_COLUMNS = List.of("file", "line_number", "raw_line", "reason", "unique_key");

  /**
   * The flagged row of a bronze row: {@code file, line_number, raw_line, reason (null when
   * valid), unique_key}, then the silver columns (typed; null where the row is bad).
   *
   * @param values the feed's columns in {@link Feed#columns()} order, as delivered (null when absent)
   */
  public Row validate(String[] values, boolean fieldCountOk, String period, String deliveryId,
      String file, int lineNumber, String rawLine) {
    String[] v = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      v[i] = values[i] == null ? "" : Values.trim(values[i]);
    }
    Reason reason = fieldCountOk ? check(v, period) : Reason.BAD_FIELD_COUNT;
    Object[] out = new Object[FLAG_COLUMNS.size() + silver.size()];
    out[0] = file;
    out[1] = lineNumber;
    out[2] = rawLine;
    out[3] = reason == null ? null : reason.name();
    StructField[] fields = silver.fields();
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      if (name.equals("period")) {
        out[FLAG_COLUMNS.size() + i] = period;
      } else if (name.equals("delivery_id")) {
        out[FLAG_COLUMNS.size() + i] = deliveryId;
      } else if (reason == null) {
        out[FLAG_COLUMNS.size() + i] = silverValue(name, v, period);
      }
    }
    if (reason == null) {
      String key = v[feed.indexOf(feed.uniqueKey())];
      out[4] = feed.columns().get(feed.indexOf(feed.uniqueKey())).kind() == Kind.ID ? IdNumbers.normalize(key) : key;
    }
    return RowFactory.create(out);
  }

  /** The first reason code (in the order of feeds.md) that {@code v} fails, or null. */
  Reason check(String[] v, String period) {
    List<Column> cols = feed.columns();
    for (int i = 0; i < cols.size(); i++) {
      Column c = cols.get(i);
      if (v[i].isEmpty() && !c.mayBeEmpty() && !c.optionalColumn()) {
        return Reason.MISSING_VALUE;
      }
    }
    // risk_eliminated may be empty only for 脱贫户: required for the three 监测户 types.
    if (feed == Feed.AGRI_HOUSEHOLDS && v[feed.indexOf("risk_eliminated")].isEmpty()
        && MONITORED_TYPES.contains(v[feed.indexOf("household_type")])) {
      return Reason.MISSING_VALUE;
    }
    for (int i = 0; i < cols.size(); i++) {
      Column c = cols.get(i);
      if (v[i].isEmpty()) {
        continue;
      }
      if (c.kind() == Kind.ENUM && !enums.getOrDefault(c.key(), Set.of()).contains(v[i])
          || c.kind() == Kind.YES_NO && Values.yesNo(v[i]).isEmpty()) {
        return Reason.BAD_ENUM;
      }
    }
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).kind() == Kind.ID && !v[i].isEmpty() && !IdNumbers.isValid(v[i])) {
        return Reason.INVALID_ID;
      }
    }
    for (int i = 0; i < cols.size(); i++) {
      if (!v[i].isEmpty() && !amountOk(cols.get(i), v[i])) {
        return Reason.BAD_AMOUNT;
      }
    }
    for (int i = 0; i < cols.size(); i++) {
      Column c = cols.get(i);
      if (!v[i].isEmpty() && (c.kind() == Kind.DATE && Values.date(v[i]).isEmpty()
          || c.kind() == Kind.MONTH && Values.month(v[i]).isEmpty())) {
        return Reason.BAD_DATE;
      }
    }
    for (int i = 0; i < cols.size(); i++) {
      Column c = cols.get(i);
      if (c.inPeriod() && !v[i].isEmpty() && !inPeriod(c, v[i], period)) {
        return Reason.OUT_OF_PERIOD;
      }
    }
    if (feed == Feed.AGRI_HOUSEHOLDS
        && !townships.contains(regionKey(v[feed.indexOf("county")], v[feed.indexOf("township")]))) {
      return Reason.UNKNOWN_REGION;
    }
    if (feed == Feed.AGRI_MEMBERS) {
      Optional<LocalDate> fromId = IdNumbers.birthDate(v[feed.indexOf("id_number")]);
      Optional<LocalDate> given = Values.date(v[feed.indexOf("birth_date")]);
      if (!fromId.equals(given)) {
        return Reason.BIRTHDATE_MISMATCH;
      }
    }
    return null;
  }

  private static boolean amountOk(Column c, String text) {
    if (c.kind() == Kind.COUNT) {
      Optional<Integer> n = Values.count(text);
      return n.isPresent() && n.get() >= 1 && n.get() <= 20;
    }
    if (c.kind() != Kind.MONEY) {
      return true;
    }
    Optional<BigDecimal> m = Values.money(text);
    if (m.isEmpty()) {
      return false;
    }
    if (c.positive()) {
      return m.get().signum() > 0;
    }
    return c.mayBeNegative() || m.get().signum() >= 0;
  }

  private static boolean inPeriod(Column c, String text, String period) {
    if (c.kind() == Kind.MONTH) {
      return Values.month(text).map(period::equals).orElse(false);
    }
    return Values.date(text).map(d -> YearMonth.from(d).toString().equals(period)).orElse(false);
  }

  private Object silverValue(String name, String[] v, String period) {
    switch (name) {
      case "month":
        return period;
      case "year":
        return Integer.parseInt(period.substring(0, 4));
      case "quarter":
        return Integer.parseInt(period.substring(6));
      case "person_id":
        return pseudonym(v[feed.indexOf("id_number")]);
      case "head_person_id":
        return pseudonym(v[feed.indexOf("head_id_number")]);
      case "head_name_masked":
        return Names.mask(v[feed.indexOf("head_name")]);
      default:
        break;
    }
    int i = feed.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("silver column " + name + " has no source in feed " + feed.feedName());
    }
    String text = v[i];
    if (text.isEmpty()) {
      return null;
    }
    return switch (feed.columns().get(i).kind()) {
      case MONEY -> Values.money(text).orElseThrow();
      case COUNT -> Values.count(text).orElseThrow();
      case DATE -> Date.valueOf(Values.date(text).orElseThrow());
      case MONTH -> Values.month(text).orElseThrow();
      case YES_NO -> Values.yesNo(text).orElseThrow();
      case ID -> pseudonym(text);
      case TEXT, ENUM -> text;
    };
  }

  private String pseudonym(String id) {
    return id == null || id.isEmpty() ? null : pseudonyms.of(IdNumbers.normalize(id));
  }
}
