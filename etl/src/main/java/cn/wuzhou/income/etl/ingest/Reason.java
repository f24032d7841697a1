package cn.wuzhou.income.etl.ingest;

/** Reason codes of {@code feeds.md}, in the order they are checked: a row counts under the first that fails. */
public enum Reason {
  BAD_FIELD_COUNT, MISSING_VALUE, BAD_ENUM, INVALID_ID, BAD_AMOUNT, BAD_DATE, OUT_OF_PERIOD,
  UNKNOWN_REGION, BIRTHDATE_MISMATCH, ORPHAN_MEMBER, DUPLICATE_KEY
}
