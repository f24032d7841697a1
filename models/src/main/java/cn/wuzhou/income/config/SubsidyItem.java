package cn.wuzhou.income.config;

/** A 一卡通 subsidy item: 补贴项目, its income category and usual paying department. */
public record SubsidyItem(String name, IncomeCategory category, String department) {}
