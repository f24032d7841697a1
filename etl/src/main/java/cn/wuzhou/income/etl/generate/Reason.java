package cn.wuzhou.income.etl.generate;

/** The quarantine reason codes of {@code feeds.md}, in the order the ingest checks them. */
public enum Reason {
  BAD_FIELD_COUNT, MISSING_VALUE, BAD_ENUM, INVALID_ID, BAD_AMOUNT, BAD_DATE, OUT_OF_PERIOD,
  UNKNOWN_REGION, BIRTHDATE_MISMATCH, ORPHAN_MEMBER, DUPLICATE_KEY
}
