package cn.wuzhou.income.etl.ingest;

import static cn.wuzhou.income.etl.ingest.IngestFixtures.PSEUDONYMS;
import static cn.wuzhou.income.etl.ingest.IngestFixtures.id;
import static cn.wuzhou.income.etl.ingest.IngestFixtures.write;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.wuzhou.income.etl.common.Progress;
import cn.wuzhou.income.etl.common.SilverSchemas;
import cn.wuzhou.income.etl.common.WarehouseTables;
import cn.wuzhou.income.etl.pipeline.RunContext;
import cn.wuzhou.income.etl.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestStageTest {
  static final String HEAD1 = id("19700101", "011");
  static final String HEAD2 = id("19750505", "021");
  static final String KID = id("20100215", "022");

  @TempDir
  Path dir;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @AfterEach
  void removeHook() {
    IngestStage.beforeCommit = step -> { };
  }

  private RunContext ingest(Path landing, Path home) throws Exception {
    SparkSession spark = SharedSpark.session();
    RunContext context = new RunContext(spark, new WarehouseTables(spark, home), IngestFixtures.config(home), landing,
        Optional.empty(), new Progress(new PrintStream(console, true, StandardCharsets.UTF_8)));
    new IngestStage().run(context);
    return context;
  }

  private static Dataset<Row> rows(StructType schema, Row... rows) {
    return SharedSpark.session().createDataFrame(Arrays.asList(rows), schema);
  }

  private static Dataset<Row> table(Path home, String name) {
    return new WarehouseTables(SharedSpark.session(), home).read(name);
  }

  /**
   * Same column names and types and same rows in any order. Delta stores every column as
   * nullable, so nullability is not compared.
   */
  private static void assertRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(nullable(expected.schema()), nullable(actual.schema()));
    SharedSpark.assertEqualsIgnoringOrder(expected,
        SharedSpark.session().createDataFrame(actual.collectAsList(), expected.schema()));
  }

  private static StructType nullable(StructType schema) {
    return new StructType(Arrays.stream(schema.fields())
        .map(f -> new org.apache.spark.sql.types.StructField(f.name(), f.dataType(), true, f.metadata()))
        .toArray(org.apache.spark.sql.types.StructField[]::new));
  }

  private String consoleText() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void loadsGoodRowsAndQuarantinesBadOnesWithLineNumbers() throws Exception {
    Path landing = dir.resolve("landing");
    Path home = dir.resolve("home");
    write(landing, "agri_households", "2024-03", "hh.csv", String.join("\r\n",
        "户编号,户主身份证号,户主姓名,县区,乡镇,行政村,户类型,家庭人口数,帮扶责任人层级,风险是否消除,联系电话",
        "H1," + HEAD1 + ",张三,万秀区,城东镇,东村,脱贫户,3,,,13800000000",
        "",
        "H2," + HEAD2 + ",欧阳小明,万秀区,城东镇,东村,边缘易致贫户,2,村级,是,",
        "H3," + HEAD2 + ",王五,万秀区,无名镇,东村,脱贫户,1,,,",
        "H4," + HEAD1 + ",赵六,万秀区,城东镇,东村,脱贫户,1,,,",
        "H4," + HEAD1 + ",赵六,万秀区,城东镇,东村,脱贫户,1,,,",
        "H5,short",
        ""));
    // members: English keys, other order; M3's household was quarantined, M4's never delivered
    String m3 = id("19900303", "033");
    String m4 = id("19910404", "044");
    write(landing, "agri_members", "2024-03", "members.csv", String.join("\n",
        "id_number,household_id,name,relation,gender,birth_date,labor_capacity,willing_to_work,in_school",
        HEAD1 + ",H1,张三,户主,男,1970-01-01,普通劳动力,是,否",
        KID + ",H1,张小,子女,女,2010年2月15日,无劳动力,否,是",
        m3 + ",H3,王五,户主,男,1990-03-03,普通劳动力,是,否",
        m4 + ",H9,钱七,户主,男,1991-04-04,普通劳动力,是,否"));

    RunContext context = ingest(landing, home);

    assertRows(rows(SilverSchemas.HOUSEHOLD_MONTHS,
        RowFactory.create("2024-03", "H1", PSEUDONYMS.of(HEAD1), "张*", "万秀区", "城东镇", "东村", "脱贫户", 3, null, null,
            "2024-03", deliveryId(home, "agri_households", "2024-03")),
        RowFactory.create("2024-03", "H2", PSEUDONYMS.of(HEAD2), "欧**明", "万秀区", "城东镇", "东村", "边缘易致贫户", 2, "村级", true,
            "2024-03", deliveryId(home, "agri_households", "2024-03"))),
        table(home, "silver_household_months"));
    String hh = deliveryId(home, "agri_households", "2024-03");
    String mm = deliveryId(home, "agri_members", "2024-03");
    assertRows(rows(SilverSchemas.QUARANTINE,
        RowFactory.create("agri_households", "2024-03", hh, "agri_households/2024-03/hh.csv", 5, "UNKNOWN_REGION",
            "H3," + HEAD2 + ",王五,万秀区,无名镇,东村,脱贫户,1,,,"),
        RowFactory.create("agri_households", "2024-03", hh, "agri_households/2024-03/hh.csv", 6, "DUPLICATE_KEY",
            "H4," + HEAD1 + ",赵六,万秀区,城东镇,东村,脱贫户,1,,,"),
        RowFactory.create("agri_households", "2024-03", hh, "agri_households/2024-03/hh.csv", 7, "DUPLICATE_KEY",
            "H4," + HEAD1 + ",赵六,万秀区,城东镇,东村,脱贫户,1,,,"),
        RowFactory.create("agri_households", "2024-03", hh, "agri_households/2024-03/hh.csv", 8, "BAD_FIELD_COUNT", "H5,short"),
        RowFactory.create("agri_members", "2024-03", mm, "agri_members/2024-03/members.csv", 4, "ORPHAN_MEMBER",
            m3 + ",H3,王五,户主,男,1990-03-03,普通劳动力,是,否"),
        RowFactory.create("agri_members", "2024-03", mm, "agri_members/2024-03/members.csv", 5, "ORPHAN_MEMBER",
            m4 + ",H9,钱七,户主,男,1991-04-04,普通劳动力,是,否")),
        table(home, "quarantine"));
    assertRows(rows(SilverSchemas.MEMBERS,
        RowFactory.create("2024-03", "H1", PSEUDONYMS.of(HEAD1), "户主", "男", java.sql.Date.valueOf("1970-01-01"), "普通劳动力",
            true, false, "2024-03", mm),
        RowFactory.create("2024-03", "H1", PSEUDONYMS.of(KID), "子女", "女", java.sql.Date.valueOf("2010-02-15"), "无劳动力",
            false, true, "2024-03", mm)),
        table(home, "silver_members"));
    // deliveries: households 6 rows received (the blank lines are not rows), 2 loaded, 4 quarantined
    assertRows(
        rows(DELIVERY_COUNTS,
            RowFactory.create("agri_households", "2024-03", "agri_households/2024-03/hh.csv", 6, 2, 4, "loaded"),
            RowFactory.create("agri_members", "2024-03", "agri_members/2024-03/members.csv", 4, 2, 2, "loaded")),
        deliveryCounts(home));
    assertEquals(6L, table(home, "bronze_agri_households").count());
    assertEquals(Set.of("agri_households/2024-03", "agri_members/2024-03"), context.changedPeriods());
    // past bronze no raw ID number: not in any silver table
    assertEquals(0L, table(home, "silver_members").filter(col("person_id").equalTo(HEAD1)).count());
    // bronze and quarantine keep file statistics of the columns they are replaced and read by only,
    // silver of its period columns only (not of the ids, names and birth dates spread over every file)
    assertEquals(Set.of("period", "delivery_id"), statsColumns(home, "bronze_agri_households"));
    assertEquals(Set.of("period", "delivery_id"), statsColumns(home, "bronze_agri_members"));
    assertEquals(Set.of("feed", "period", "delivery_id"), statsColumns(home, "quarantine"));
    assertEquals(Set.of("month", "period", "delivery_id"), statsColumns(home, "silver_members"));
  }

  private static final Pattern NULL_COUNTS = Pattern.compile("\\\\\"nullCount\\\\\":\\{([^}]*)\\}");
  private static final Pattern STATS_KEY = Pattern.compile("\\\\\"(\\w+)\\\\\":");

  /** The columns whose null counts the file statistics of {@code table}'s commits hold. */
  private static Set<String> statsColumns(Path home, String table) throws IOException {
    Set<String> columns = new TreeSet<>();
    try (var logs = Files.list(home.resolve("tables").resolve(table).resolve("_delta_log"))) {
      for (Path log : logs.filter(f -> f.toString().endsWith(".json")).toList()) {
        Matcher counts = NULL_COUNTS.matcher(Files.readString(log));
        while (counts.find()) {
          Matcher key = STATS_KEY.matcher(counts.group(1));
          while (key.find()) {
            columns.add(key.group(1));
          }
        }
      }
    }
    return columns;
  }

  static final StructType DELIVERY_COUNTS = new StructType()
      .add("feed", "string", false).add("period", "string", false).add("files", "string", false)
      .add("rows_received", "int", false).add("rows_loaded", "int", false).add("rows_quarantined", "int", false)
      .add("status", "string", false);

  private static Dataset<Row> deliveryCounts(Path home) {
    return table(home, "deliveries").select("feed", "period", "files", "rows_received", "rows_loaded",
        "rows_quarantined", "status");
  }

  private static String deliveryId(Path home, String feed, String period) {
    return table(home, "deliveries").filter(col("feed").equalTo(feed).and(col("period").equalTo(period))
        .and(col("status").equalTo("loaded"))).first().getString(2);
  }

  private static void employment(Path landing, String period, String file, String... records) {
    StringBuilder text = new StringBuilder("记录编号,身份证号,就业月份,就业形式,月收入,用工单位,就业地点\n");
    for (String r : records) {
      text.append(r).append('\n');
    }
    write(landing, "hrss_employment", period, file, text.toString());
  }

  @Test
  void resubmissionReplacesItsPeriodOnlyAndRerunIsANoOp() throws Exception {
    Path landing = dir.resolve("landing");
    Path home = dir.resolve("home");
    employment(landing, "2024-03", "e.csv", "E1," + HEAD1 + ",2024-03,区外务工,3000,,", "E2," + HEAD2 + ",2024-03,县内务工,abc,,");
    employment(landing, "2024-04", "e.csv", "E3," + HEAD1 + ",2024-04,区外务工,3100,,");
    ingest(landing, home);
    String oldMarch = deliveryId(home, "hrss_employment", "2024-03");
    String april = deliveryId(home, "hrss_employment", "2024-04");
    long versionsBefore = history(home, "silver_employment");

    RunContext again = ingest(landing, home);
    assertTrue(consoleText().contains("nothing new"), consoleText());
    assertEquals(Set.of(), again.changedPeriods());
    assertEquals(versionsBefore, history(home, "silver_employment"));

    // corrected March: E1's income fixed, E2 fixed
    employment(landing, "2024-03", "e.csv", "E1," + HEAD1 + ",2024-03,区外务工,3200,,", "E2," + HEAD2 + ",2024-03,县内务工,2500,,");
    RunContext third = ingest(landing, home);
    String newMarch = deliveryId(home, "hrss_employment", "2024-03");
    assertEquals(Set.of("hrss_employment/2024-03"), third.changedPeriods());
    assertRows(rows(SilverSchemas.EMPLOYMENT,
        RowFactory.create("E1", PSEUDONYMS.of(HEAD1), "2024-03", "区外务工", new BigDecimal("3200.00"), null, null, "2024-03", newMarch),
        RowFactory.create("E2", PSEUDONYMS.of(HEAD2), "2024-03", "县内务工", new BigDecimal("2500.00"), null, null, "2024-03", newMarch),
        RowFactory.create("E3", PSEUDONYMS.of(HEAD1), "2024-04", "区外务工", new BigDecimal("3100.00"), null, null, "2024-04", april)),
        table(home, "silver_employment"));
    assertRows(rows(new StructType().add("delivery_id", "string", false)
            .add("status", "string", false).add("rows_quarantined", "int", false),
        RowFactory.create(oldMarch, "replaced", 1),
        RowFactory.create(newMarch, "loaded", 0),
        RowFactory.create(april, "loaded", 0)),
        table(home, "deliveries").select("delivery_id", "status", "rows_quarantined"));
    // the corrected delivery's quarantine replaced the old one's
    assertEquals(0L, table(home, "quarantine").count());
    // check: nobody of the employment feed is in a members snapshot (none delivered): March 2 people, April 1
    assertRows(rows(new StructType().add("feed", "string").add("period", "string").add("status", "string")
            .add("rows_received", "long").add("bad_amount", "long").add("unmatched_people", "long"),
        RowFactory.create("hrss_employment", "2024-03", "loaded", 2L, 0L, 2L),
        RowFactory.create("hrss_employment", "2024-04", "loaded", 1L, 0L, 1L)),
        QualityReport.build(new WarehouseTables(SharedSpark.session(), home))
            .select("feed", "period", "status", "rows_received", "bad_amount", "unmatched_people"));
  }

  private static long history(Path home, String table) {
    return io.delta.tables.DeltaTable.forPath(SharedSpark.session(),
        new WarehouseTables(SharedSpark.session(), home).path(table)).history().count();
  }

  /**
   * Killed in two lanes at once: the assistance lane before its silver commit, the households lane
   * before the SCD2 history's MERGE (the members' checks not run yet); or once every feed's silver
   * is written, before the one quarantine commit. The failure ends the run; running again gives the
   * tables of a run never killed.
   */
  @Test
  void aRunKilledBetweenStepsThenRerunEqualsAnUninterruptedRun() throws Exception {
    Path landing = dir.resolve("landing");
    households(landing, "2024-03", "H1," + HEAD1 + ",张三,万秀区,城东镇,东村,脱贫户,2,,");
    write(landing, "agri_members", "2024-03", "m.csv", "id_number,household_id,name,relation,gender,birth_date,"
        + "labor_capacity,willing_to_work,in_school\n" + HEAD1 + ",H1,张三,户主,男,1970-01-01,普通劳动力,是,否\n"
        + KID + ",H1,张小,子女,女,2010-02-15,无劳动力,否,是\n");
    employment(landing, "2024-03", "e.csv", "E1," + HEAD1 + ",2024-03,区外务工,3000,,", "E1," + HEAD2 + ",2024-03,县内务工,10,,");
    write(landing, "civil_assistance", "2024-03", "a.csv", "记录编号,身份证号,救助类型,救助月份,救助方式,金额\nA1," + HEAD1 + ",低保,2024-03,按户,600\n");
    Path clean = dir.resolve("clean");
    ingest(landing, clean);
    assertTrue(table(clean, "quarantine").count() > 0, "some row is quarantined, so that its commit matters");

    // Killed in two lanes at once; then after every feed's silver, before the one quarantine commit.
    List<Set<String>> kills = List.of(Set.of("silver:civil_assistance", "history:silver_households"), Set.of("quarantine"));
    for (Set<String> killAt : kills) {
      Path killedHome = dir.resolve("killed-" + kills.indexOf(killAt));
      Set<String> killed = ConcurrentHashMap.newKeySet();
      IngestStage.beforeCommit = at -> {
        if (killAt.contains(at)) {
          killed.add(at);
          throw new IllegalStateException("killed at " + at);
        }
      };
      IllegalStateException killing = assertThrows(IllegalStateException.class, () -> ingest(landing, killedHome));
      assertTrue(killing.getMessage().startsWith("killed at "), killing.getMessage());
      assertEquals(killAt, killed);
      IngestStage.beforeCommit = at -> { };
      ingest(landing, killedHome);

      for (String t : List.of("bronze_hrss_employment", "bronze_civil_assistance", "silver_employment",
          "silver_assistance", "bronze_agri_households", "silver_household_months", "silver_households",
          "bronze_agri_members", "silver_members", "quarantine", "deliveries")) {
        SharedSpark.assertEqualsIgnoringOrder(table(clean, t).drop("received_at"), table(killedHome, t).drop("received_at"));
      }
      assertEquals(2L, table(killedHome, "bronze_hrss_employment").count());
      assertEquals(1L, table(killedHome, "silver_households").count());
      assertEquals(2L, table(killedHome, "silver_members").count());
    }
  }

  private static void households(Path landing, String month, String... rows) {
    StringBuilder text = new StringBuilder("household_id,head_id_number,head_name,county,township,village,household_type,"
        + "household_size,helper_level,risk_eliminated\n");
    for (String r : rows) {
      text.append(r).append('\n');
    }
    write(landing, "agri_households", month, "hh.csv", text.toString());
  }

  @Test
  void householdHistoryKeepsEveryVersionWhateverTheDeliveryOrder() throws Exception {
    Path landing = dir.resolve("landing");
    Path home = dir.resolve("home");
    String h1size3 = "H1," + HEAD1 + ",张三,万秀区,城东镇,东村,脱贫户,3,,";
    String h1size4 = "H1," + HEAD1 + ",张三,万秀区,城东镇,东村,脱贫户,4,,";
    String h2 = "H2," + HEAD2 + ",李四,万秀区,城东镇,西村,脱贫户,2,,";
    // delivered out of order: January, February and May first, then March and April
    households(landing, "2024-01", h1size3, h2);
    households(landing, "2024-02", h1size3, h2);
    households(landing, "2024-05", h1size4, h2);
    ingest(landing, home);
    households(landing, "2024-03", h1size4, h2);
    households(landing, "2024-04", h2);
    ingest(landing, home);

    String jan = deliveryId(home, "agri_households", "2024-01");
    String mar = deliveryId(home, "agri_households", "2024-03");
    String may = deliveryId(home, "agri_households", "2024-05");
    // H1: size 3 in Jan-Feb; size 4 in March; absent in April (closes the version); back in May
    assertRows(rows(SilverSchemas.HOUSEHOLDS,
        RowFactory.create("H1", "2024-01", "2024-03", false, PSEUDONYMS.of(HEAD1), "张*", "万秀区", "城东镇", "东村", "脱贫户", 3, null, null, jan),
        RowFactory.create("H1", "2024-03", "2024-04", false, PSEUDONYMS.of(HEAD1), "张*", "万秀区", "城东镇", "东村", "脱贫户", 4, null, null, mar),
        RowFactory.create("H1", "2024-05", null, true, PSEUDONYMS.of(HEAD1), "张*", "万秀区", "城东镇", "东村", "脱贫户", 4, null, null, may),
        RowFactory.create("H2", "2024-01", null, true, PSEUDONYMS.of(HEAD2), "李*", "万秀区", "城东镇", "西村", "脱贫户", 2, null, null, jan)),
        table(home, "silver_households"));

    // A new month, and April resubmitted with H1: the versions are recomputed from March (the
    // month before the earliest change) on; H1's January version, closed in March, is kept. The
    // result equals the versions computed from every month.
    households(landing, "2024-06", h1size4, "H2," + HEAD2 + ",李四,万秀区,城东镇,南村,脱贫户,2,,");
    households(landing, "2024-04", h1size4, h2);
    ingest(landing, home);
    String log = consoleText();
    assertTrue(log.contains("SCD2 over 6 snapshot month(s), versions from 2024-04 on recomputed"), log);
    Dataset<Row> months = table(home, "silver_household_months");
    List<String> all = months.select("month").distinct().collectAsList().stream().map(r -> r.getString(0)).toList();
    Dataset<Row> history = table(home, "silver_households");
    // H1: size 3 Jan-Feb, size 4 from March; H2: 西村 Jan-May, 南村 from June
    assertEquals(4, history.count());
    assertRows(HouseholdHistory.versions(months, all), history);
  }

  @Test
  void encodingsXlsxAndRejectedFiles() throws Exception {
    Path landing = dir.resolve("landing");
    Path home = dir.resolve("home");
    // GB18030, Chinese headers in another order, an unknown extra column, full-width spaces around values
    Path gb = landing.resolve("civil_assistance").resolve("2024-03");
    java.nio.file.Files.createDirectories(gb);
    java.nio.file.Files.write(gb.resolve("gb.csv"), ("金额,记录编号,身份证号,救助类型,救助月份,救助方式,备注\n"
        + "\u3000600\u3000,A1," + HEAD1 + ",低保,2024-03,按户,无\n").getBytes(java.nio.charset.Charset.forName("GB18030")));
    // a second file of the same delivery lacking 金额: rejected whole, the delivery still loads
    write(landing, "civil_assistance", "2024-03", "no-amount.csv", "记录编号,身份证号,救助类型,救助月份,救助方式\nA9," + HEAD1 + ",低保,2024-03,按户\n");
    // a feed-period whose only file is rejected: not delivered
    write(landing, "civil_assistance", "2024-04", "bad.csv", "foo,bar\n1,2\n");
    // xlsx with BOM-free Chinese header
    Path xlsxDir = java.nio.file.Files.createDirectories(landing.resolve("finance_payments").resolve("2024-03"));
    try (var out = java.nio.file.Files.newOutputStream(xlsxDir.resolve("pay.xlsx"));
        org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "test", "1.0")) {
      org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("一卡通");
      String[] header = {"发放流水号", "身份证号", "补贴项目", "主管部门", "应发金额", "实发金额", "应发日期", "实发日期", "发放状态"};
      for (int i = 0; i < header.length; i++) {
        ws.value(0, i, header[i]);
      }
      Object[] p1 = {"P1", HEAD2, "教育资助", "教育局", 500, 500, "2024-03-10", "2024-03-20", "已发放"};
      for (int i = 0; i < p1.length; i++) {
        if (p1[i] instanceof Number n) {
          ws.value(1, i, n);
        } else {
          ws.value(1, i, (String) p1[i]);
        }
      }
      ws.value(2, 0, "P2");
      ws.value(2, 9, "extra");
    }
    ingest(landing, home);

    String a = deliveryId(home, "civil_assistance", "2024-03");
    assertRows(rows(SilverSchemas.ASSISTANCE,
        RowFactory.create("A1", PSEUDONYMS.of(HEAD1), "低保", "2024-03", "按户", new BigDecimal("600.00"), "2024-03", a)),
        table(home, "silver_assistance"));
    String p = deliveryId(home, "finance_payments", "2024-03");
    assertRows(rows(SilverSchemas.PAYMENTS,
        RowFactory.create("P1", PSEUDONYMS.of(HEAD2), "教育资助", "教育局", new BigDecimal("500.00"), new BigDecimal("500.00"),
            java.sql.Date.valueOf("2024-03-10"), java.sql.Date.valueOf("2024-03-20"), "已发放", "2024-03", p)),
        table(home, "silver_payments"));
    assertRows(rows(new StructType().add("file", "string", false).add("line_number", "int", false)
            .add("reason", "string", false),
        RowFactory.create("finance_payments/2024-03/pay.xlsx", 3, "BAD_FIELD_COUNT")),
        table(home, "quarantine").select("file", "line_number", "reason"));
    assertRows(rows(DELIVERY_COUNTS,
        RowFactory.create("civil_assistance", "2024-03", "civil_assistance/2024-03/gb.csv,civil_assistance/2024-03/no-amount.csv", 1, 1, 0, "loaded"),
        RowFactory.create("civil_assistance", "2024-04", "civil_assistance/2024-04/bad.csv", 0, 0, 0, "rejected"),
        RowFactory.create("finance_payments", "2024-03", "finance_payments/2024-03/pay.xlsx", 2, 1, 1, "loaded")),
        deliveryCounts(home));
    assertTrue(consoleText().contains("civil_assistance/2024-03/no-amount.csv rejected: missing required column(s) 金额 (amount)"),
        consoleText());
    assertTrue(consoleText().contains("ignored unknown column(s) 备注"), consoleText());
  }
}
