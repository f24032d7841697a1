package cn.wuzhou.income.models.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeriodSliceTest {
  @Test
  void theSparkFormReadsBackAndTheServingFormQuotesColumns() {
    PeriodSlice quarters = PeriodSlice.of("year", 10, "quarter", 20244);
    assertEquals("year * 10 + quarter >= 20244", quarters.toString());
    assertEquals("\"year\" * 10 + \"quarter\" >= 20244", quarters.sql(c -> "\"" + c + "\""));
    assertEquals(Optional.of(quarters), PeriodSlice.parse(quarters.toString()));
    assertEquals(Optional.of(PeriodSlice.of("base_year", 2023)), PeriodSlice.parse("base_year >= 2023"));
  }

  @Test
  void theIndexedFormBoundsTheMajorColumnFirst() {
    PeriodSlice quarters = PeriodSlice.of("year", 10, "quarter", 20244);
    assertEquals("\"year\" >= 2024 AND \"year\" * 10 + \"quarter\" >= 20244", quarters.indexedSql(c -> "\"" + c + "\""));
    assertEquals("base_year >= 2023", PeriodSlice.of("base_year", 2023).indexedSql(c -> c));
    PeriodSlice months = PeriodSlice.of("year", 100, "due_month", 202501);
    assertEquals("year >= 2025 AND year * 100 + due_month >= 202501", months.indexedSql(c -> c));
  }

  @Test
  void anyOtherConditionIsNotASlice() {
    assertEquals(Optional.empty(), PeriodSlice.parse("period IN ('2024-01')"));
    assertEquals(Optional.empty(), PeriodSlice.parse("year >= 2024 OR 1 = 1"));
    assertEquals(Optional.empty(), PeriodSlice.parse(null));
    assertThrows(IllegalArgumentException.class, () -> PeriodSlice.of("year; DROP TABLE x", 1));
  }

  @Test
  void theUnionOfTwoSlicesOfOneFormStartsAtTheEarlier() {
    PeriodSlice q3 = PeriodSlice.of("year", 10, "quarter", 20243);
    PeriodSlice q1 = PeriodSlice.of("year", 10, "quarter", 20241);
    assertEquals(Optional.of(q1), q3.union(q1));
    assertEquals(Optional.of(q1), q1.union(q3));
    assertEquals(Optional.empty(), q1.union(PeriodSlice.of("year", 2024)));
  }
}
