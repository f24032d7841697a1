package cn.wuzhou.income.dashboards.marts;

import java.util.List;
import org.jooq.Record;

/** One page of a mart list and the number of rows matching the filters. */
public record MartPage(long total, List<Record> rows) {}
