package cn.wuzhou.income.config;

import java.util.List;

/** An intervention measure of the catalogue: 措施类型, its income category and action-plan items. */
public record Measure(String name, IncomeCategory category, List<Integer> planItems) {}
