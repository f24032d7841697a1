package cn.wuzhou.income.etl.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.models.IdNumbers;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Test code: an independent, strict reading of a landing zone against {@code feeds.md}. It
 * knows the headers, enums and accepted formats from the contract (not from the generator's
 * {@link Feed}), decides each row's quarantine reason in the contract's order, then applies the
 * cross-row rules (orphan members, duplicate keys), and tallies reasons per feed and period.
 */
final class StrictFeedReader {
  /** Contract columns per feed: Chinese name → English key, in contract order. */
  static final Map<String, Map<String, String>> HEADERS = new LinkedHashMap<>();
  static final Map<String, Set<String>> ENUMS = Map.of(
      "household_type", Set.of("脱贫户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"),
      "helper_level", Set.of("村级", "乡科级", "县处级"),
      "relation", Set.of("户主", "配偶", "子女", "父母", "兄弟姐妹", "孙子女", "其他"),
      "gender", Set.of("男", "女"),
      "labor_capacity", Set.of("技能劳动力", "普通劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"),
      "measure", Set.of("产业奖补", "代种代养", "庭院经济", "消费帮扶", "农业保险理赔", "小额信贷", "桂惠贷",
          "创业补贴", "务工奖励", "集体经济分红", "约定分红", "闲置资产盘活"),
      "employment_form", Set.of("区外务工", "区内县外务工", "县内务工", "公益性岗位", "帮扶车间", "以工代赈", "灵活就业", "自主创业"),
      "assistance_type", Set.of("低保", "特困供养", "临时救助", "残疾人两项补贴"),
      "basis", Set.of("按户", "按人"),
      "status", Set.of("已发放", "待发放", "退回"));
  static final Set<String> YES_NO = Set.of("willing_to_work", "in_school", "risk_eliminated");
  static final Set<String> OPTIONAL = Set.of("helper_level", "risk_eliminated", "phone", "agri_interventions.id_number",
      "project", "employer", "location", "amount_paid", "paid_date");
  static final Map<String, String> KEYS = Map.of("agri_households", "household_id", "agri_members", "id_number",
      "agri_income_survey", "household_id", "agri_interventions", "record_id", "hrss_employment", "record_id",
      "civil_assistance", "record_id", "finance_payments", "payment_id");

  static {
    HEADERS.put("agri_households", cols("户编号", "household_id", "户主身份证号", "head_id_number", "户主姓名", "head_name",
        "县区", "county", "乡镇", "township", "行政村", "village", "户类型", "household_type", "家庭人口数", "household_size",
        "帮扶责任人层级", "helper_level", "风险是否消除", "risk_eliminated", "联系电话", "phone"));
    HEADERS.put("agri_members", cols("户编号", "household_id", "身份证号", "id_number", "姓名", "name", "与户主关系", "relation",
        "性别", "gender", "出生日期", "birth_date", "劳动技能", "labor_capacity", "务工意愿", "willing_to_work", "在校生", "in_school"));
    HEADERS.put("agri_income_survey", cols("户编号", "household_id", "工资性收入", "wage_income", "生产经营性收入",
        "operating_revenue", "生产经营性支出", "operating_cost", "财产性收入", "property_income", "转移性收入", "transfer_income",
        "合规自付支出", "compliant_expense", "人均纯收入", "reported_per_capita"));
    HEADERS.put("agri_interventions", cols("记录编号", "record_id", "户编号", "household_id", "身份证号", "id_number",
        "措施类型", "measure", "发生日期", "event_date", "金额", "amount", "项目名称", "project"));
    HEADERS.put("hrss_employment", cols("记录编号", "record_id", "身份证号", "id_number", "就业月份", "work_month",
        "就业形式", "employment_form", "月收入", "monthly_income", "用工单位", "employer", "就业地点", "location"));
    HEADERS.put("civil_assistance", cols("记录编号", "record_id", "身份证号", "id_number", "救助类型", "assistance_type",
        "救助月份", "aid_month", "救助方式", "basis", "金额", "amount"));
    HEADERS.put("finance_payments", cols("发放流水号", "payment_id", "身份证号", "id_number", "补贴项目", "subsidy_item",
        "主管部门", "department", "应发金额", "amount_due", "实发金额", "amount_paid", "应发日期", "due_date",
        "实发日期", "paid_date", "发放状态", "status"));
  }

  private static Map<String, String> cols(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static final Pattern MONEY = Pattern.compile("[￥¥]?(-?)(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?");
  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})|(\\d{4})/(\\d{1,2})/(\\d{1,2})|(\\d{4})年(\\d{1,2})月(\\d{1,2})日");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})|(\\d{4})/(\\d{2})|(\\d{4})年(\\d{1,2})月");
  private static final Set<String> YES_NO_VALUES = Set.of("是", "否", "y", "n", "1", "0", "true", "false");

  /** One parsed data row: its values by key, and the reason decided so far (null: passes so far). */
  static final class ParsedRow {
    final Map<String, String> values = new HashMap<>();
    String reason;
  }

  /** Reasons by feed → period → reason code, and rows received by feed → period. */
  final Map<String, Map<String, Map<String, Long>>> reasons = new TreeMap<>();
  final Map<String, Map<String, Long>> received = new TreeMap<>();
  /** Loaded rows' values by feed → period (for realism checks). */
  final Map<String, Map<String, List<Map<String, String>>>> loaded = new TreeMap<>();
  private final Set<String> regionPairs = new HashSet<>();

  StrictFeedReader(List<Region> regions) {
    regions.forEach(r -> regionPairs.add(r.county() + "/" + r.township()));
  }

  /** Reads every {@code <feed>/<period>/<file>} under the landing folder and applies all rules. */
  void read(Path landing) throws IOException {
    Map<String, Map<String, List<ParsedRow>>> rows = new TreeMap<>();
    try (var feeds = Files.list(landing)) {
      for (Path feedDir : feeds.sorted().toList()) {
        String feed = feedDir.getFileName().toString();
        if (feed.startsWith("_") || feed.startsWith(".")) {
          continue;
        }
        assertTrue(HEADERS.containsKey(feed), "unexpected folder " + feed);
        try (var periods = Files.list(feedDir)) {
          for (Path periodDir : periods.sorted().toList()) {
            String period = periodDir.getFileName().toString();
            assertTrue(period.matches(feed.equals("agri_income_survey") ? "\\d{4}-Q[1-4]" : "\\d{4}-(0[1-9]|1[0-2])"),
                feed + " period folder " + period);
            List<ParsedRow> list = rows.computeIfAbsent(feed, k -> new TreeMap<>()).computeIfAbsent(period, k -> new ArrayList<>());
            try (var files = Files.list(periodDir)) {
              for (Path file : files.sorted().toList()) {
                list.addAll(readFile(feed, period, file));
              }
            }
          }
        }
      }
    }
    // ORPHAN_MEMBER against the loaded households of the month, which needs their duplicates settled first.
    for (var e : rows.getOrDefault("agri_households", Map.of()).entrySet()) {
      markDuplicates("household_id", e.getValue());
    }
    for (var e : rows.getOrDefault("agri_members", Map.of()).entrySet()) {
      Set<String> households = new HashSet<>();
      for (ParsedRow r : rows.getOrDefault("agri_households", Map.of()).getOrDefault(e.getKey(), List.of())) {
        if (r.reason == null) {
          households.add(r.values.get("household_id"));
        }
      }
      for (ParsedRow r : e.getValue()) {
        if (r.reason == null && !households.contains(r.values.get("household_id"))) {
          r.reason = "ORPHAN_MEMBER";
        }
      }
    }
    for (var feed : rows.entrySet()) {
      for (var period : feed.getValue().entrySet()) {
        if (!feed.getKey().equals("agri_households")) {
          markDuplicates(KEYS.get(feed.getKey()), period.getValue());
        }
        Map<String, Long> counts = reasons.computeIfAbsent(feed.getKey(), k -> new TreeMap<>())
            .computeIfAbsent(period.getKey(), k -> new TreeMap<>());
        List<Map<String, String>> ok = loaded.computeIfAbsent(feed.getKey(), k -> new TreeMap<>())
            .computeIfAbsent(period.getKey(), k -> new ArrayList<>());
        for (ParsedRow r : period.getValue()) {
          if (r.reason != null) {
            counts.merge(r.reason, 1L, Long::sum);
          } else {
            ok.add(r.values);
          }
        }
        received.computeIfAbsent(feed.getKey(), k -> new TreeMap<>()).put(period.getKey(), (long) period.getValue().size());
      }
    }
  }

  private static void markDuplicates(String key, List<ParsedRow> rows) {
    Map<String, Integer> seen = new HashMap<>();
    for (ParsedRow r : rows) {
      if (r.reason == null) {
        seen.merge(r.values.get(key), 1, Integer::sum);
      }
    }
    for (ParsedRow r : rows) {
      if (r.reason == null && seen.get(r.values.get(key)) > 1) {
        r.reason = "DUPLICATE_KEY";
      }
    }
  }

  private List<ParsedRow> readFile(String feed, String period, Path file) throws IOException {
    List<List<String>> records = file.toString().endsWith(".xlsx") ? readXlsx(file) : readCsv(file);
    Map<String, String> contract = HEADERS.get(feed);
    List<String> header = records.get(0).stream().map(StrictFeedReader::trim).toList();
    List<String> keys = new ArrayList<>();
    for (String h : header) {
      String key = contract.containsKey(h) ? contract.get(h) : contract.containsValue(h) ? h : null;
      if (key == null) {
        fail(file + ": unknown header column '" + h + "'");
      }
      keys.add(key);
    }
    assertEquals(new HashSet<>(contract.values()), new HashSet<>(keys), file + ": header must hold every contract column once");
    assertEquals(contract.size(), keys.size(), file + ": header columns");
    List<ParsedRow> out = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      if (record.stream().allMatch(v -> trim(v).isEmpty())) {
        continue;
      }
      ParsedRow row = new ParsedRow();
      if (record.size() != keys.size()) {
        row.reason = "BAD_FIELD_COUNT";
      } else {
        for (int i = 0; i < keys.size(); i++) {
          row.values.put(keys.get(i), trim(record.get(i)));
        }
        row.reason = reason(feed, period, row.values);
      }
      out.add(row);
    }
    return out;
  }

  /** The first failing check of feeds.md for one row of the right width, or null. */
  String reason(String feed, String period, Map<String, String> v) {
    for (String key : HEADERS.get(feed).values()) {
      boolean optional = OPTIONAL.contains(key) || OPTIONAL.contains(feed + "." + key);
      if (key.equals("risk_eliminated")) {
        String type = v.get("household_type");
        optional = !Set.of("脱贫不稳定户", "边缘易致贫户", "突发严重困难户").contains(type);
      }
      if (!optional && v.get(key).isEmpty()) {
        return "MISSING_VALUE";
      }
    }
    for (String key : HEADERS.get(feed).values()) {
      String value = v.get(key);
      if (value.isEmpty()) {
        continue;
      }
      if (ENUMS.containsKey(key) && !ENUMS.get(key).contains(value)) {
        return "BAD_ENUM";
      }
      if (YES_NO.contains(key) && !YES_NO_VALUES.contains(value.toLowerCase(java.util.Locale.ROOT))) {
        return "BAD_ENUM";
      }
    }
    for (String key : List.of("head_id_number", "id_number")) {
      if (v.containsKey(key) && !v.get(key).isEmpty() && !IdNumbers.isValid(v.get(key))) {
        return "INVALID_ID";
      }
    }
    for (String key : HEADERS.get(feed).values()) {
      String value = v.get(key);
      if (value.isEmpty()) {
        continue;
      }
      if (key.equals("household_size")) {
        if (!value.matches("\\d{1,2}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 20) {
          return "BAD_AMOUNT";
        }
      } else if (isMoney(feed, key)) {
        Long cents = cents(value);
        boolean signed = key.equals("reported_per_capita") || (feed.equals("civil_assistance") && key.equals("amount"));
        if (cents == null || (!signed && cents < 0) || (key.equals("amount_due") && cents <= 0)) {
          return "BAD_AMOUNT";
        }
      }
    }
    for (String key : List.of("birth_date", "event_date", "due_date", "paid_date")) {
      if (v.containsKey(key) && !v.get(key).isEmpty() && date(v.get(key)) == null) {
        return "BAD_DATE";
      }
    }
    for (String key : List.of("work_month", "aid_month")) {
      if (v.containsKey(key) && month(v.get(key)) == null) {
        return "BAD_DATE";
      }
    }
    if (!feed.equals("agri_income_survey")) {
      YearMonth p = YearMonth.parse(period);
      for (String key : List.of("event_date", "due_date")) {
        if (v.containsKey(key) && !YearMonth.from(date(v.get(key))).equals(p)) {
          return "OUT_OF_PERIOD";
        }
      }
      for (String key : List.of("work_month", "aid_month")) {
        if (v.containsKey(key) && !month(v.get(key)).equals(p)) {
          return "OUT_OF_PERIOD";
        }
      }
    }
    if (v.containsKey("county") && !regionPairs.contains(v.get("county") + "/" + v.get("township"))) {
      return "UNKNOWN_REGION";
    }
    if (feed.equals("agri_members") && !IdNumbers.birthDate(v.get("id_number")).equals(java.util.Optional.of(date(v.get("birth_date"))))) {
      return "BIRTHDATE_MISMATCH";
    }
    return null;
  }

  private static boolean isMoney(String feed, String key) {
    return Set.of("wage_income", "operating_revenue", "operating_cost", "property_income", "transfer_income",
        "compliant_expense", "reported_per_capita", "monthly_income", "amount_due", "amount_paid").contains(key)
        || (key.equals("amount") && !feed.equals("agri_households"));
  }

  /** Accepted money in cents, or null. */
  static Long cents(String s) {
    Matcher m = MONEY.matcher(s);
    if (!m.matches()) {
      return null;
    }
    long whole = Long.parseLong(m.group(2).replace(",", ""));
    String frac = m.group(3) == null ? "00" : (m.group(3) + "0").substring(0, 2);
    long c = whole * 100 + Long.parseLong(frac);
    return m.group(1).isEmpty() ? c : -c;
  }

  static LocalDate date(String s) {
    Matcher m = DATE.matcher(s);
    if (!m.matches()) {
      return null;
    }
    int g = m.group(1) != null ? 1 : m.group(4) != null ? 4 : 7;
    try {
      return LocalDate.of(Integer.parseInt(m.group(g)), Integer.parseInt(m.group(g + 1)), Integer.parseInt(m.group(g + 2)));
    } catch (DateTimeException e) {
      return null;
    }
  }

  static YearMonth month(String s) {
    Matcher m = MONTH.matcher(s);
    if (!m.matches()) {
      return null;
    }
    int g = m.group(1) != null ? 1 : m.group(3) != null ? 3 : 5;
    try {
      return YearMonth.of(Integer.parseInt(m.group(g)), Integer.parseInt(m.group(g + 1)));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Trims ASCII whitespace and full-width spaces. */
  static String trim(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && (Character.isWhitespace(s.charAt(a)) || s.charAt(a) == '\u3000')) {
      a++;
    }
    while (b > a && (Character.isWhitespace(s.charAt(b - 1)) || s.charAt(b - 1) == '\u3000')) {
      b--;
    }
    return s.substring(a, b);
  }

  /** The file's text: UTF-8 (BOM dropped) when it decodes strictly, else GB18030. */
  static String decode(byte[] bytes) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      return new String(bytes, Charset.forName("GB18030"));
    }
  }

  private static List<List<String>> readCsv(Path file) throws IOException {
    List<List<String>> out = new ArrayList<>();
    try (Reader in = new StringReader(decode(Files.readAllBytes(file)))) {
      for (CSVRecord r : CSVFormat.DEFAULT.parse(in)) {
        out.add(r.toList());
      }
    }
    return out;
  }

  private static List<List<String>> readXlsx(Path file) throws IOException {
    List<List<String>> out = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile()); var stream = wb.getFirstSheet().openStream()) {
      int width = -1;
      int expectedRow = 1;
      for (Row row : (Iterable<Row>) stream::iterator) {
        for (; expectedRow < row.getRowNum(); expectedRow++) {
          out.add(List.of());
        }
        expectedRow = row.getRowNum() + 1;
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.getCellCount(); i++) {
          Cell c = row.getCell(i);
          cells.add(c == null || c.getRawValue() == null ? "" : c.getRawValue());
        }
        if (width < 0) {
          width = cells.size();
        } else {
          // Beyond the header's last column only a non-empty cell counts (BAD_FIELD_COUNT).
          while (cells.size() > width && cells.get(cells.size() - 1).isEmpty()) {
            cells.remove(cells.size() - 1);
          }
          while (cells.size() < width) {
            cells.add("");
          }
        }
        out.add(cells);
      }
    }
    return out;
  }
}
