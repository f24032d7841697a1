package cn.wuzhou.income.config;

/** One township of the region list ({@code conf/regions.csv}). */
public record Region(String countyCode, String county, String township) {}
