package cn.wuzhou.income.etl.generate;

import java.util.SplittableRandom;

/** Chinese personal names: common surnames of Guangxi first, a few compound ones, 1–2 given characters. */
final class Names {
  private static final String COMMON = "李黄陈梁莫韦覃周何刘张林吴罗王杨钟邓冯卢蒙谢苏曾潘蔡胡彭赖欧廖";
  private static final String OTHER = "赵徐孙马朱郭高郑宋唐许韩曹肖田董袁于蒋余杜叶程魏吕丁任沈姚姜崔谭陆汪范金石贾夏付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛龚邵万钱严武戴孔向汤甘农植练";
  private static final String[] COMPOUND = {"欧阳", "司马", "上官", "诸葛", "司徒"};
  private static final String MALE = "伟强军明华建国平志勇杰峰斌海林超辉刚文波宏俊飞鹏宇浩云春德福贵祥东亮";
  private static final String FEMALE = "芳娟丽敏静燕艳霞玲红梅英兰琴凤秀莲桂珍萍雪婷慧月娜洁美玉春小";

  private Names() {}

  static String surname(SplittableRandom rng) {
    int r = rng.nextInt(1000);
    if (r < 8) {
      return COMPOUND[rng.nextInt(COMPOUND.length)];
    }
    if (r < 700) {
      return String.valueOf(COMMON.charAt(rng.nextInt(COMMON.length())));
    }
    return String.valueOf(OTHER.charAt(rng.nextInt(OTHER.length())));
  }

  static String given(boolean male, SplittableRandom rng) {
    String chars = male ? MALE : FEMALE;
    String first = String.valueOf(chars.charAt(rng.nextInt(chars.length())));
    if (rng.nextInt(100) < 28) {
      return first;
    }
    return first + chars.charAt(rng.nextInt(chars.length()));
  }
}
