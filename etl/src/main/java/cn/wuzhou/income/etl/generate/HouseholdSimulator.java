package cn.wuzhou.income.etl.generate;

import cn.wuzhou.income.config.IncomeCategory;
import cn.wuzhou.income.config.Measure;
import cn.wuzhou.income.config.Region;
import cn.wuzhou.income.config.SubsidyItem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One household's life over the generated months: registry snapshots (with changes, joins,
 * departures, a rare move), members, the quarterly year-to-date income survey, and the
 * department rows that evidence it (employment, civil assistance, interventions, 一卡通
 * payments). Each household draws from its own random streams seeded by (seed, index), so
 * its data does not depend on the others; only ID numbers are made unique city-wide.
 */
final class HouseholdSimulator {
  static final String[] TYPES = {"脱贫户", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"};
  private static final int[] TYPE_WEIGHTS = {80, 9, 8, 3};
  private static final String[] HELPER_LEVELS = {"村级", "乡科级", "县处级", ""};
  private static final int[] HELPER_WEIGHTS = {50, 30, 10, 10};
  private static final int[] SIZE_WEIGHTS = {0, 8, 15, 20, 24, 16, 9, 5, 3};
  private static final String[] FORMS = {"区外务工", "区内县外务工", "县内务工", "帮扶车间", "以工代赈", "灵活就业", "自主创业"};
  private static final int[] FORM_WEIGHTS = {30, 20, 25, 8, 4, 10, 3};
  private static final String[] EMPLOYERS = {"东莞市长安镇电子厂", "佛山市顺德区家具有限公司", "梧州市扶贫车间",
      "深圳市宝安区物流园", "藤县陶瓷产业园", "岑溪市石材加工厂", "广州市白云区服装厂", "梧州市城区保洁队",
      "南宁市建筑工地", "苍梧县六堡茶合作社", "梧州市某物流公司, 分拣中心", ""};
  private static final String[] LOCATIONS = {"广东省东莞市", "广东省佛山市", "广东省深圳市", "广东省广州市",
      "广西南宁市", "梧州市万秀区", "藤县", "岑溪市", "苍梧县", ""};
  private static final String[] VILLAGE_STEMS = {"石桥", "大塘", "新安", "六堡", "古凤", "龙湾", "上林", "下岭",
      "平安", "金鸡", "白石", "长坪", "东岸", "西江", "双龙", "水口", "黄村", "竹山", "岭脚", "良田"};
  private static final String[] PROJECTS = {"百香果种植基地项目", "六堡茶产业扶持项目", "肉牛养殖项目", "砂糖橘示范园",
      "桑蚕养殖项目", "光伏扶贫电站", "村集体经济入股项目", "庭院经济示范户"};
  private static final Map<String, Integer> COUNTY_WEIGHTS = Map.of(
      "藤县", 28, "岑溪市", 22, "苍梧县", 13, "蒙山县", 10, "龙圩区", 10, "万秀区", 8, "长洲区", 9);

  private final long seed;
  private final List<YearMonth> months;
  private final LocalDate lastDay;
  private final List<String> counties = new ArrayList<>();
  private final Map<String, List<Region>> townships = new LinkedHashMap<>();
  private final int[] countyWeights;
  private final List<Measure> measures;
  private final Map<String, SubsidyItem> items = new HashMap<>();
  private final IdAllocator ids;
  private final Landing landing;

  HouseholdSimulator(GeneratorSettings settings, List<Region> regions, List<Measure> measures,
      List<SubsidyItem> subsidyItems, Landing landing) {
    this.seed = settings.seed();
    this.months = settings.months();
    this.lastDay = settings.to().atEndOfMonth();
    for (Region r : regions) {
      townships.computeIfAbsent(r.county(), k -> new ArrayList<>()).add(r);
    }
    counties.addAll(townships.keySet());
    countyWeights = new int[counties.size()];
    for (int i = 0; i < counties.size(); i++) {
      countyWeights[i] = COUNTY_WEIGHTS.getOrDefault(counties.get(i), townships.get(counties.get(i)).size());
    }
    this.measures = measures;
    subsidyItems.forEach(i -> items.put(i.name(), i));
    List<String> codes = new ArrayList<>();
    for (Region r : regions) {
      if (!codes.contains(r.countyCode())) {
        codes.add(r.countyCode());
      }
    }
    this.ids = new IdAllocator(codes);
    this.landing = landing;
  }

  /** A member of the household and the months (indices) in which they belong to it. */
  private static final class Person {
    String id;
    String name;
    String relation;
    boolean male;
    LocalDate born;
    String labor;
    boolean willing;
    boolean inSchool;
    boolean disabled;
    int from;
    int to;
    String form;
    boolean employed;

    boolean presentAt(int month) {
      return month >= from && month <= to;
    }
  }

  private static final class Household {
    String id;
    Region region;
    String village;
    String type;
    String helper;
    String risk;
    String phone;
    int from;
    int to;
    final List<Person> people = new ArrayList<>();
    boolean dibao;
    long dibaoCents;
    boolean tekun;
    long farmlandCents;
    String surname;
  }

  /** Income plan of one calendar year: annual components in cents and YTD fractions. */
  private record YearPlan(long wage, long revenue, long cost, long property, long transfer, long expense,
      double[] ytd, double pc) {}

  /** Generates and writes everything about household {@code index} (0-based). */
  void simulate(int index) {
    SplittableRandom rng = new SplittableRandom(mix(seed, index));
    SplittableRandom faultRng = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, index));
    Household h = create(index, rng);
    Map<Integer, YearPlan> plans = plan(h, rng);
    for (int m = h.from; m <= h.to; m++) {
      YearMonth ym = months.get(m);
      String period = Formats.month(ym);
      evolve(h, m, rng);
      Reason householdReason = writeHousehold(h, m, period, rng, faultRng);
      for (Person p : h.people) {
        if (p.presentAt(m)) {
          writeMember(h, p, period, householdReason, rng, faultRng);
        }
      }
      YearPlan plan = plans.get(ym.getYear());
      writeMonthEvents(h, m, ym, plan, rng, faultRng);
      if (ym.getMonthValue() % 3 == 0) {
        writeSurvey(h, m, ym, plan, rng, faultRng);
      }
    }
  }

  static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private Household create(int index, SplittableRandom rng) {
    Household h = new Household();
    String county = counties.get(weighted(countyWeights, rng));
    List<Region> towns = townships.get(county);
    h.region = towns.get(rng.nextInt(towns.size()));
    h.id = "H" + h.region.countyCode() + Formats.zeroPadded(index + 1, 8);
    h.village = VILLAGE_STEMS[rng.nextInt(VILLAGE_STEMS.length)] + "村";
    h.type = TYPES[weighted(TYPE_WEIGHTS, rng)];
    h.helper = HELPER_LEVELS[weighted(HELPER_WEIGHTS, rng)];
    h.risk = riskFor(h.type, rng);
    h.phone = rng.nextInt(100) < 70 ? "1" + (3 + rng.nextInt(7)) + Formats.zeroPadded(rng.nextInt(1_000_000_000), 9) : "";
    int last = months.size() - 1;
    h.from = last > 0 && rng.nextInt(100) < 3 ? 1 + rng.nextInt(last) : 0;
    h.to = h.from < last && rng.nextInt(100) < 2 ? h.from + rng.nextInt(last - h.from) : last;
    h.surname = Names.surname(rng);

    LocalDate start = months.get(0).atDay(1);
    int size = weighted(SIZE_WEIGHTS, rng);
    int headAge = clamp((int) Math.round(52 + 12 * rng.nextGaussian()), 24, 85);
    boolean headMale = rng.nextInt(100) < 82;
    Person head = person(h, "户主", headMale, birth(start, headAge, rng), rng);
    head.name = h.surname + Names.given(headMale, rng);
    h.people.add(head);
    if (size >= 2 && rng.nextInt(100) < 85) {
      h.people.add(person(h, "配偶", !headMale, birth(start, clamp(headAge + rng.nextInt(9) - 4, 20, 90), rng), rng));
    }
    if (size >= 3 && headAge < 55 && rng.nextInt(100) < 25 && h.people.size() < size) {
      h.people.add(person(h, "父母", rng.nextBoolean(), birth(start, clamp(headAge + 22 + rng.nextInt(10), 45, 95), rng), rng));
    }
    while (h.people.size() < size) {
      int r = rng.nextInt(100);
      String relation;
      int age;
      if (headAge >= 55 && r < 35) {
        relation = "孙子女";
        age = rng.nextInt(Math.max(1, Math.min(18, headAge - 38)));
      } else if (r < 88) {
        relation = "子女";
        age = clamp(headAge - 20 - rng.nextInt(16), 0, 60);
      } else if (r < 95) {
        relation = "兄弟姐妹";
        age = clamp(headAge + rng.nextInt(11) - 5, 16, 90);
      } else {
        relation = "其他";
        age = 10 + rng.nextInt(60);
      }
      h.people.add(person(h, relation, rng.nextBoolean(), birth(start, age, rng), rng));
    }
    h.tekun = size == 1 && headAge >= 60 && rng.nextInt(100) < 50;
    h.dibaoCents = size * (250 + rng.nextInt(150)) * 100L;
    h.farmlandCents = rng.nextInt(100) < 70 ? (100 + rng.nextInt(500)) * 100L + rng.nextInt(100) : 0;
    return h;
  }

  private Person person(Household h, String relation, boolean male, LocalDate born, SplittableRandom rng) {
    Person p = new Person();
    p.relation = relation;
    p.male = male;
    p.born = born;
    p.id = ids.allocate(h.region.countyCode(), born, male, rng);
    boolean sharesSurname = relation.equals("子女") || relation.equals("孙子女") || (relation.equals("兄弟姐妹"))
        || (relation.equals("父母") && male);
    p.name = (sharesSurname ? h.surname : Names.surname(rng)) + Names.given(male, rng);
    int age = months.get(0).getYear() - born.getYear();
    p.inSchool = (age >= 6 && age <= 18 && rng.nextInt(100) < 95) || (age >= 19 && age <= 22 && rng.nextInt(100) < 40);
    p.labor = labor(age, p.inSchool, rng);
    p.willing = !p.inSchool && age >= 16 && age <= 64
        && (p.labor.equals("技能劳动力") || p.labor.equals("普通劳动力") || p.labor.equals("弱劳动力或半劳动力"))
        && rng.nextInt(100) < 88;
    p.disabled = rng.nextInt(100) < 3;
    p.from = 0;
    p.to = Integer.MAX_VALUE;
    return p;
  }

  private static String labor(int age, boolean inSchool, SplittableRandom rng) {
    int r = rng.nextInt(100);
    if (age < 16 || inSchool) {
      return "无劳动力";
    }
    if (age <= 55) {
      return r < 25 ? "技能劳动力" : r < 85 ? "普通劳动力" : r < 95 ? "弱劳动力或半劳动力" : "丧失劳动力";
    }
    if (age <= 65) {
      return r < 40 ? "普通劳动力" : r < 80 ? "弱劳动力或半劳动力" : "丧失劳动力";
    }
    return r < 30 ? "弱劳动力或半劳动力" : r < 60 ? "丧失劳动力" : "无劳动力";
  }

  private static LocalDate birth(LocalDate start, int age, SplittableRandom rng) {
    return start.minusYears(age).minusDays(rng.nextInt(365));
  }

  private static String riskFor(String type, SplittableRandom rng) {
    if (type.equals("脱贫户")) {
      return rng.nextInt(100) < 80 ? "" : "否";
    }
    return rng.nextInt(100) < 60 ? "是" : "否";
  }

  /** Registry changes at the start of month m: type, helper level, births, departures, a rare move. */
  private void evolve(Household h, int m, SplittableRandom rng) {
    if (m == h.from) {
      for (Person p : h.people) {
        p.from = Math.max(p.from, h.from);
      }
      return;
    }
    if (rng.nextInt(1000) < 5) {
      h.type = TYPES[weighted(TYPE_WEIGHTS, rng)];
      h.risk = riskFor(h.type, rng);
    } else if (!h.type.equals("脱贫户") && h.risk.equals("否") && rng.nextInt(1000) < 20) {
      h.risk = "是";
    }
    if (rng.nextInt(1000) < 5) {
      h.helper = HELPER_LEVELS[weighted(HELPER_WEIGHTS, rng)];
    }
    if (rng.nextInt(1000) < 2) {
      List<Region> towns = townships.get(h.region.county());
      h.region = towns.get(rng.nextInt(towns.size()));
    }
    long present = h.people.stream().filter(p -> p.presentAt(m)).count();
    if (present < 9 && rng.nextInt(1000) < 3) {
      YearMonth ym = months.get(m);
      Person baby = person(h, h.people.get(0).born.getYear() < ym.getYear() - 50 ? "孙子女" : "子女",
          rng.nextBoolean(), ym.atDay(1).minusDays(1 + rng.nextInt(27)), rng);
      baby.from = m;
      h.people.add(baby);
    }
    if (present > 1 && rng.nextInt(1000) < 3) {
      Person leaving = h.people.get(1 + rng.nextInt(h.people.size() - 1));
      if (leaving.presentAt(m)) {
        leaving.to = m - 1;
      }
    }
  }

  private int size(Household h, int m) {
    int n = 0;
    for (Person p : h.people) {
      if (p.presentAt(m)) {
        n++;
      }
    }
    return n;
  }

  private Reason writeHousehold(Household h, int m, String period, SplittableRandom rng, SplittableRandom faultRng) {
    Person head = h.people.get(0);
    String[] v = {h.id, head.id, head.name, h.region.county(), h.region.township(), h.village, h.type,
        Integer.toString(size(h, m)), h.helper, h.risk, h.phone};
    return landing.write(Feed.AGRI_HOUSEHOLDS, period, v, faultRng, rng.nextInt(100) < 2);
  }

  private void writeMember(Household h, Person p, String period, Reason householdReason,
      SplittableRandom rng, SplittableRandom faultRng) {
    String[] v = {h.id, p.id, p.name, p.relation, p.male ? "男" : "女", Formats.date(p.born, rng), p.labor,
        Formats.yesNo(p.willing, rng), Formats.yesNo(p.inSchool, rng)};
    boolean decorate = rng.nextInt(100) < 2;
    if (householdReason != null) {
      landing.writeCascaded(Feed.AGRI_MEMBERS, period, v, Reason.ORPHAN_MEMBER);
    } else {
      landing.write(Feed.AGRI_MEMBERS, period, v, faultRng, decorate);
    }
  }

  /** Plans the income of every calendar year touched by the range, chained by yearly growth. */
  private Map<Integer, YearPlan> plan(Household h, SplittableRandom rng) {
    Map<Integer, YearPlan> plans = new HashMap<>();
    double typeFactor = switch (h.type) {
      case "脱贫不稳定户" -> 0.85;
      case "边缘易致贫户" -> 0.9;
      case "突发严重困难户" -> 0.8;
      default -> 1.0;
    };
    double pc = Math.exp(Math.log(13_500) + 0.3 * rng.nextGaussian()) * typeFactor;
    int workers = 0;
    for (Person p : h.people) {
      if (p.willing) {
        p.employed = rng.nextInt(100) < 80;
        if (p.employed) {
          workers++;
          p.form = pc < 11_000 && rng.nextInt(100) < 35 ? "公益性岗位" : FORMS[weighted(FORM_WEIGHTS, rng)];
        }
      }
    }
    h.dibao = (pc < 11_000 && rng.nextInt(100) < 50) || rng.nextInt(100) < 4;
    boolean losesOperating = rng.nextInt(100) < 8;
    for (int year = months.get(0).getYear(); year <= months.get(months.size() - 1).getYear(); year++) {
      if (year > months.get(0).getYear()) {
        pc *= rng.nextInt(100) < 11 ? 1 - (0.02 + 0.2 * rng.nextDouble()) : 1.04 + 0.07 * rng.nextDouble();
      }
      int december = months.indexOf(YearMonth.of(year, 12));
      int lastMonth = december >= 0 ? december : months.size() - 1;
      long net = Math.round(pc * Math.max(1, size(h, lastMonth)) * 100);
      double wageShare = workers > 0 ? 0.45 + 0.3 * rng.nextDouble() : 0.1 * rng.nextDouble();
      double transferShare = 0.12 + 0.16 * rng.nextDouble() + (workers > 0 ? 0 : 0.2);
      double propertyShare = 0.06 * rng.nextDouble();
      long wage = Math.round(net * wageShare);
      long transfer = Math.round(net * transferShare);
      long property = Math.round(net * propertyShare);
      long operating = net - wage - transfer - property;
      if (losesOperating) {
        long loss = Math.round(net * (0.02 + 0.08 * rng.nextDouble()));
        wage += operating + loss;
        operating = -loss;
      }
      long revenue;
      long cost;
      if (operating >= 0) {
        revenue = Math.round(operating / (0.4 + 0.4 * rng.nextDouble()));
        cost = revenue - operating;
      } else {
        revenue = (300 + rng.nextInt(2700)) * 100L;
        cost = revenue - operating;
      }
      long expense = rng.nextInt(250_000);
      double f1 = 0.21 + 0.06 * rng.nextDouble();
      double f2 = f1 + 0.23 + 0.04 * rng.nextDouble();
      double f3 = f2 + 0.23 + 0.04 * rng.nextDouble();
      plans.put(year, new YearPlan(wage, revenue, cost, property, transfer, expense,
          new double[] {f1, f2, f3, 1.0}, pc));
    }
    return plans;
  }

  private void writeSurvey(Household h, int m, YearMonth ym, YearPlan plan, SplittableRandom rng,
      SplittableRandom faultRng) {
    int q = ym.getMonthValue() / 3;
    double f = plan.ytd()[q - 1];
    long wage = Math.round(plan.wage() * f);
    long revenue = Math.round(plan.revenue() * f);
    long cost = Math.round(plan.cost() * f);
    long property = Math.round(plan.property() * f);
    long transfer = Math.round(plan.transfer() * f);
    long expense = Math.round(plan.expense() * f);
    long net = wage + revenue - cost + property + transfer;
    long pc = BigDecimal.valueOf(net).divide(BigDecimal.valueOf(size(h, m)), 0, RoundingMode.HALF_UP).longValue();
    if (rng.nextInt(100) < 2) {
      pc += (rng.nextBoolean() ? 1 : -1) * (200 + rng.nextInt(50_000));
    }
    String[] v = {h.id, Formats.money(wage, rng), Formats.money(revenue, rng), Formats.money(cost, rng),
        Formats.money(property, rng), Formats.money(transfer, rng), Formats.money(expense, rng),
        Formats.money(pc, rng)};
    landing.write(Feed.AGRI_INCOME_SURVEY, Formats.quarter(ym.getYear(), q), v, faultRng, false);
  }

  /** Employment, civil assistance, interventions and payments of month m (record IDs unique per month). */
  private void writeMonthEvents(Household h, int m, YearMonth ym, YearPlan plan, SplittableRandom rng,
      SplittableRandom faultRng) {
    int counter = 0;
    String period = Formats.month(ym);
    String prefix = ym.getYear() + (ym.getMonthValue() < 10 ? "0" : "") + ym.getMonthValue() + h.id.substring(7);
    Person head = h.people.get(0);
    int workers = 0;
    for (Person p : h.people) {
      if (p.employed && p.presentAt(m)) {
        workers++;
      }
    }
    for (Person p : h.people) {
      if (!p.employed || !p.presentAt(m) || rng.nextInt(100) >= 92) {
        continue;
      }
      long monthly = Math.round(plan.wage() / 12.0 / workers * (0.85 + 0.3 * rng.nextDouble()));
      if (p.form.equals("公益性岗位")) {
        monthly = Math.min(monthly, (1000 + rng.nextInt(500)) * 100L);
      }
      boolean local = p.form.equals("公益性岗位") || p.form.equals("帮扶车间") || p.form.equals("以工代赈");
      String employer = local ? h.region.township() + "人民政府" : EMPLOYERS[rng.nextInt(EMPLOYERS.length)];
      String location = local ? h.region.county() + h.region.township() : LOCATIONS[rng.nextInt(LOCATIONS.length)];
      String[] v = {"RS" + prefix + Formats.zeroPadded(counter++, 3), p.id, Formats.month(ym, rng), p.form,
          Formats.money(monthly, rng), employer, location};
      landing.write(Feed.HRSS_EMPLOYMENT, period, v, faultRng, false);
      if (p.form.equals("公益性岗位")) {
        payment(h, p, "公益性岗位补贴", monthly, ym, 15, period, prefix, counter++, rng, faultRng);
      } else if (p.form.equals("区外务工") && ym.getMonthValue() == 2) {
        payment(h, p, "跨省就业一次性往返交通补助", (300 + rng.nextInt(500)) * 100L, ym, 20, period, prefix, counter++, rng, faultRng);
      } else if (p.form.equals("县内务工") && ym.getMonthValue() == 7) {
        payment(h, p, "县域内稳定就业劳务补助", (500 + rng.nextInt(500)) * 100L, ym, 20, period, prefix, counter++, rng, faultRng);
      }
    }
    if (rng.nextInt(1000) < 3) {
      // Someone registered in no household (e.g. a relative living elsewhere): the ingest loads
      // the row and counts it as unmatched.
      LocalDate born = ym.atDay(1).minusYears(20 + rng.nextInt(30)).minusDays(rng.nextInt(365));
      String stranger = ids.allocate(h.region.countyCode(), born, rng.nextBoolean(), rng);
      String[] v = {"RS" + prefix + Formats.zeroPadded(counter++, 3), stranger, Formats.month(ym, rng),
          FORMS[weighted(FORM_WEIGHTS, rng)], Formats.money((1500 + rng.nextInt(3000)) * 100L, rng), "", ""};
      landing.write(Feed.HRSS_EMPLOYMENT, period, v, faultRng, false);
    }
    boolean poor = plan.pc() < 11_000 || !h.type.equals("脱贫户");
    if (h.dibao) {
      civil(head, "低保", "按户", h.dibaoCents, ym, period, prefix, counter++, rng, faultRng);
      payment(h, head, "最低生活保障补助", h.dibaoCents, ym, 10, period, prefix, counter++, rng, faultRng);
    }
    if (h.tekun) {
      civil(head, "特困供养", "按人", 90_000, ym, period, prefix, counter++, rng, faultRng);
    }
    if (poor && rng.nextInt(1000) < 15) {
      civil(head, "临时救助", "按户", (500 + rng.nextInt(2500)) * 100L, ym, period, prefix, counter++, rng, faultRng);
    }
    for (Person p : h.people) {
      if (!p.presentAt(m)) {
        continue;
      }
      if (p.disabled) {
        long cents = (90 + rng.nextInt(70)) * 100L;
        civil(p, "残疾人两项补贴", "按人", cents, ym, period, prefix, counter++, rng, faultRng);
        payment(h, p, "残疾人补助", cents, ym, 25, period, prefix, counter++, rng, faultRng);
      }
      if (p.inSchool && (ym.getMonthValue() == 3 || ym.getMonthValue() == 9)) {
        payment(h, p, "教育资助", (500 + rng.nextInt(1000)) * 100L, ym, 18, period, prefix, counter++, rng, faultRng);
      }
    }
    if (ym.getMonthValue() == 5 && h.farmlandCents > 0) {
      payment(h, head, "耕地地力保护补贴", h.farmlandCents, ym, 28, period, prefix, counter++, rng, faultRng);
    }
    if (rng.nextInt(1000) < 10) {
      payment(h, head, rng.nextBoolean() ? "健康帮扶补助" : "医疗救助", (200 + rng.nextInt(4800)) * 100L, ym, 1 + rng.nextInt(28),
          period, prefix, counter++, rng, faultRng);
    }
    if (rng.nextInt(1000) < 2) {
      payment(h, head, "住房保障补助", (5000 + rng.nextInt(15_000)) * 100L, ym, 1 + rng.nextInt(28), period, prefix, counter++, rng, faultRng);
    }
    if (rng.nextInt(1000) < (poor ? 45 : 25)) {
      Measure measure = measures.get(rng.nextInt(measures.size()));
      long cents = measure.category() == IncomeCategory.NONE ? (10 + rng.nextInt(41)) * 100_000L
          : measure.name().equals("产业奖补") ? (1000 + rng.nextInt(4000)) * 100L : (200 + rng.nextInt(2800)) * 100L;
      LocalDate day = ym.atDay(1 + rng.nextInt(ym.lengthOfMonth()));
      String project = rng.nextInt(100) < 60 ? PROJECTS[rng.nextInt(PROJECTS.length)] : "";
      if (rng.nextInt(100) < 2) {
        project = h.village + "光伏电站,二期\n收益分配";
      }
      String[] v = {"NY" + prefix + Formats.zeroPadded(counter++, 3), h.id, rng.nextInt(100) < 60 ? head.id : "",
          measure.name(), Formats.date(day, rng), Formats.money(cents, rng), project};
      landing.write(Feed.AGRI_INTERVENTIONS, period, v, faultRng, false);
      if (measure.name().equals("产业奖补") && items.containsKey("产业奖补")) {
        payment(h, head, "产业奖补", cents, ym, day.getDayOfMonth(), period, prefix, counter++, rng, faultRng);
      }
    }
  }

  private void civil(Person p, String type, String basis, long cents, YearMonth ym, String period, String prefix,
      int counter, SplittableRandom rng, SplittableRandom faultRng) {
    String[] v = {"MZ" + prefix + Formats.zeroPadded(counter, 3), p.id, type, Formats.month(ym, rng), basis,
        Formats.money(cents, rng)};
    landing.write(Feed.CIVIL_ASSISTANCE, period, v, faultRng, false);
  }

  private void payment(Household h, Person p, String itemName, long cents, YearMonth ym, int dueDay, String period,
      String prefix, int counter, SplittableRandom rng, SplittableRandom faultRng) {
    SubsidyItem item = items.get(itemName);
    if (item == null) {
      return;
    }
    LocalDate due = ym.atDay(Math.min(dueDay, ym.lengthOfMonth()));
    int r = rng.nextInt(100);
    String status = "已发放";
    long paid = cents;
    LocalDate paidDate = due.plusDays(rng.nextInt(8));
    if (r >= 83 && r < 89) {
      paidDate = due.plusDays(20 + rng.nextInt(56));
    } else if (r >= 89 && r < 92) {
      paid = Math.max(1, Math.round(cents * (0.5 + 0.45 * rng.nextDouble())));
    } else if (r >= 92 && r < 97) {
      status = "待发放";
    } else if (r >= 97) {
      status = "退回";
    }
    if (status.equals("已发放") && paidDate.isAfter(lastDay)) {
      status = "待发放";
    }
    boolean isPaid = status.equals("已发放");
    String[] v = {"CZ" + prefix + Formats.zeroPadded(counter, 3), p.id, item.name(), item.department(),
        Formats.money(cents, rng), isPaid ? Formats.money(paid, rng) : "", Formats.date(due, rng),
        isPaid ? Formats.date(paidDate, rng) : "", status};
    landing.write(Feed.FINANCE_PAYMENTS, period, v, faultRng, false);
  }

  private static int weighted(int[] weights, SplittableRandom rng) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = rng.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
