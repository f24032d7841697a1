-- V1: the serving database of the warehouse (interfaces.md "Serving database and SQL users").
-- One table per mart of models/marts.yaml with exactly its columns in order (checked by
-- ServingMigrationTest), primary key = the mart's grain; the data-quality tables copied at
-- publish; the publication log; the audit log. Portable SQL: runs unchanged on H2 2.x and
-- PostgreSQL 15. Identifiers are quoted lower case so both databases (and the jOOQ classes
-- generated from this file) use the same names, and words like "year" or "value" (keywords
-- in H2) need no special setting. Types: int INTEGER, money DECIMAL(18,2), pct DECIMAL(12,2),
-- ratio4 DECIMAL(12,4), string VARCHAR, boolean BOOLEAN.

-- 五等份收入趋势
CREATE TABLE "mart_quintile_trend" (
  "year" INTEGER NOT NULL,
  "quintile" INTEGER NOT NULL,
  "method" VARCHAR NOT NULL,
  "households" INTEGER,
  "persons" INTEGER,
  "income_total" DECIMAL(18,2),
  "pc_mean" DECIMAL(18,2),
  "pc_median" DECIMAL(18,2),
  "pc_min" DECIMAL(18,2),
  "pc_max" DECIMAL(18,2),
  "wage_share" DECIMAL(12,2),
  "operating_share" DECIMAL(12,2),
  "property_share" DECIMAL(12,2),
  "transfer_share" DECIMAL(12,2),
  "pc_mean_growth_pct" DECIMAL(12,2),
  CONSTRAINT "pk_mart_quintile_trend" PRIMARY KEY ("year", "quintile", "method")
);

-- 五等份组间流动
CREATE TABLE "mart_quintile_transition" (
  "base_year" INTEGER NOT NULL,
  "from_quintile" INTEGER NOT NULL,
  "to_quintile" INTEGER NOT NULL,
  "households" INTEGER,
  CONSTRAINT "pk_mart_quintile_transition" PRIMARY KEY ("base_year", "from_quintile", "to_quintile")
);

-- 分组队列收入进展
CREATE TABLE "mart_cohort_progress" (
  "year" INTEGER NOT NULL,
  "quarter" INTEGER NOT NULL,
  "base_quintile" INTEGER NOT NULL,
  "households" INTEGER,
  "persons" INTEGER,
  "pc_mean_current" DECIMAL(18,2),
  "pc_mean_prior" DECIMAL(18,2),
  "growth_pct" DECIMAL(12,2),
  "households_declined" INTEGER,
  "declined_share" DECIMAL(12,2),
  CONSTRAINT "pk_mart_cohort_progress" PRIMARY KEY ("year", "quarter", "base_quintile")
);

-- 收入下降及低于监测线户
CREATE TABLE "mart_declining_households" (
  "year" INTEGER NOT NULL,
  "quarter" INTEGER NOT NULL,
  "household_id" VARCHAR NOT NULL,
  "county" VARCHAR,
  "township" VARCHAR,
  "village" VARCHAR,
  "household_type" VARCHAR,
  "household_size" INTEGER,
  "head_name_masked" VARCHAR,
  "base_quintile" INTEGER,
  "pc_current" DECIMAL(18,2),
  "pc_prior" DECIMAL(18,2),
  "change_pct" DECIMAL(12,2),
  "declined" BOOLEAN,
  "below_line" BOOLEAN,
  "main_decline_source" VARCHAR,
  "employed_months_current" INTEGER,
  "employed_months_prior" INTEGER,
  "assistance_months" INTEGER,
  "escalation_required" BOOLEAN,
  "escalated" BOOLEAN,
  "helper_level" VARCHAR,
  CONSTRAINT "pk_mart_declining_households" PRIMARY KEY ("year", "quarter", "household_id")
);

-- 乡镇对比
CREATE TABLE "mart_township_comparison" (
  "year" INTEGER NOT NULL,
  "quarter" INTEGER NOT NULL,
  "county" VARCHAR NOT NULL,
  "township" VARCHAR NOT NULL,
  "households" INTEGER,
  "persons" INTEGER,
  "tuopin_households" INTEGER,
  "low_income_households" INTEGER,
  "pc_mean" DECIMAL(18,2),
  "panel_households" INTEGER,
  "pc_growth_pct" DECIMAL(12,2),
  "declined_households" INTEGER,
  "declined_share" DECIMAL(12,2),
  "below_line_households" INTEGER,
  "below_line_share" DECIMAL(12,2),
  "escalation_required" INTEGER,
  "escalated" INTEGER,
  "escalation_coverage" DECIMAL(12,2),
  "labor_households" INTEGER,
  "employed_households" INTEGER,
  "employment_coverage" DECIMAL(12,2),
  "welfare_post_persons" INTEGER,
  "payments_due" INTEGER,
  "payments_on_time_full" INTEGER,
  "payment_on_time_rate" DECIMAL(12,2),
  "rank_in_county" INTEGER,
  "rank_in_city" INTEGER,
  CONSTRAINT "pk_mart_township_comparison" PRIMARY KEY ("year", "quarter", "county", "township")
);

-- 补贴发放及时性
CREATE TABLE "mart_subsidy_timeliness" (
  "year" INTEGER NOT NULL,
  "due_month" INTEGER NOT NULL,
  "county" VARCHAR NOT NULL,
  "subsidy_item" VARCHAR NOT NULL,
  "payments_due" INTEGER,
  "amount_due" DECIMAL(18,2),
  "on_time_full" INTEGER,
  "paid_late" INTEGER,
  "short_paid" INTEGER,
  "returned" INTEGER,
  "unpaid_overdue" INTEGER,
  "on_time_rate" DECIMAL(12,2),
  CONSTRAINT "pk_mart_subsidy_timeliness" PRIMARY KEY ("year", "due_month", "county", "subsidy_item")
);

-- 收入佐证
CREATE TABLE "mart_income_evidence" (
  "year" INTEGER NOT NULL,
  "quarter" INTEGER NOT NULL,
  "household_id" VARCHAR NOT NULL,
  "county" VARCHAR,
  "township" VARCHAR,
  "declared_wage" DECIMAL(18,2),
  "evidenced_wage" DECIMAL(18,2),
  "declared_transfer" DECIMAL(18,2),
  "evidenced_transfer" DECIMAL(18,2),
  "declared_operating" DECIMAL(18,2),
  "evidenced_operating" DECIMAL(18,2),
  "declared_property" DECIMAL(18,2),
  "evidenced_property" DECIMAL(18,2),
  "evidence_coverage" DECIMAL(12,2),
  "unsupported_wage" BOOLEAN,
  "unsupported_transfer" BOOLEAN,
  "reported_pc_mismatch" BOOLEAN,
  CONSTRAINT "pk_mart_income_evidence" PRIMARY KEY ("year", "quarter", "household_id")
);

-- 贫困与收入分配指数
CREATE TABLE "mart_poverty_indices" (
  "year" INTEGER NOT NULL,
  "quarter" INTEGER NOT NULL,
  "region_level" VARCHAR NOT NULL,
  "region" VARCHAR NOT NULL,
  "households" INTEGER,
  "persons" INTEGER,
  "line" DECIMAL(18,2),
  "p0_headcount" DECIMAL(12,2),
  "p1_gap" DECIMAL(12,2),
  "p2_severity" DECIMAL(12,2),
  "gini" DECIMAL(12,4),
  "s80_s20" DECIMAL(18,2),
  "mean_pc" DECIMAL(18,2),
  "median_pc" DECIMAL(18,2),
  CONSTRAINT "pk_mart_poverty_indices" PRIMARY KEY ("year", "quarter", "region_level", "region")
);

-- 考核评价指标
CREATE TABLE "mart_evaluation_metrics" (
  "year" INTEGER NOT NULL,
  "quarter" INTEGER NOT NULL,
  "region_level" VARCHAR NOT NULL,
  "region" VARCHAR NOT NULL,
  "indicator_code" VARCHAR NOT NULL,
  "indicator_name" VARCHAR,
  "numerator" DECIMAL(18,2),
  "denominator" DECIMAL(18,2),
  "value" DECIMAL(18,2),
  "unit" VARCHAR,
  CONSTRAINT "pk_mart_evaluation_metrics" PRIMARY KEY ("year", "quarter", "region_level", "region", "indicator_code")
);

-- Data quality, copied at publish from the Delta tables of the same names (interfaces.md
-- "Layers and names"): one row per received feed-period delivery ...
CREATE TABLE "deliveries" (
  "feed" VARCHAR NOT NULL,
  "period" VARCHAR NOT NULL,
  "delivery_id" VARCHAR NOT NULL,
  "files" VARCHAR,
  "checksum" VARCHAR,
  "rows_received" BIGINT,
  "rows_loaded" BIGINT,
  "rows_quarantined" BIGINT,
  "status" VARCHAR,
  "received_at" TIMESTAMP,
  CONSTRAINT "pk_deliveries" PRIMARY KEY ("delivery_id")
);

-- ... and the quarantined rows counted per feed, period, delivery and reason (never the raw lines:
-- they may hold names and ID numbers).
CREATE TABLE "quarantine_counts" (
  "feed" VARCHAR NOT NULL,
  "period" VARCHAR NOT NULL,
  "delivery_id" VARCHAR NOT NULL,
  "reason" VARCHAR NOT NULL,
  "quarantined_rows" BIGINT NOT NULL,
  CONSTRAINT "pk_quarantine_counts" PRIMARY KEY ("feed", "period", "delivery_id", "reason")
);

-- One row per publish: when, the as-of date of the run, and the rows published per table
-- (JSON object). The latest row says which marts readers see.
CREATE TABLE "publications" (
  "publication_id" BIGINT GENERATED BY DEFAULT AS IDENTITY,
  "published_at" TIMESTAMP NOT NULL,
  "as_of" DATE,
  "table_rows" VARCHAR NOT NULL,
  CONSTRAINT "pk_publications" PRIMARY KEY ("publication_id")
);

-- Append-only audit log of logins, failed logins and exports (the server only inserts).
-- action: login, login_failed, logout, export. filters: JSON object of the request's filters.
CREATE TABLE "audit_log" (
  "audit_id" BIGINT GENERATED BY DEFAULT AS IDENTITY,
  "occurred_at" TIMESTAMP NOT NULL,
  "username" VARCHAR NOT NULL,
  "role" VARCHAR,
  "action" VARCHAR NOT NULL,
  "target" VARCHAR,
  "filters" VARCHAR,
  "row_count" INTEGER,
  "client_ip" VARCHAR,
  CONSTRAINT "pk_audit_log" PRIMARY KEY ("audit_id")
);

-- Filters of the dashboards: year (and quarter) lead every mart grain above, so the primary
-- keys serve them; county, township, region and household_id get their own indexes.
CREATE INDEX "ix_declining_households_county" ON "mart_declining_households" ("county", "township", "year");
CREATE INDEX "ix_declining_households_township" ON "mart_declining_households" ("township", "year");
CREATE INDEX "ix_declining_households_household" ON "mart_declining_households" ("household_id");
CREATE INDEX "ix_township_comparison_county" ON "mart_township_comparison" ("county", "township", "year");
CREATE INDEX "ix_township_comparison_township" ON "mart_township_comparison" ("township", "year");
CREATE INDEX "ix_subsidy_timeliness_county" ON "mart_subsidy_timeliness" ("county", "year");
CREATE INDEX "ix_income_evidence_county" ON "mart_income_evidence" ("county", "township", "year");
CREATE INDEX "ix_income_evidence_township" ON "mart_income_evidence" ("township", "year");
CREATE INDEX "ix_income_evidence_household" ON "mart_income_evidence" ("household_id");
CREATE INDEX "ix_poverty_indices_region" ON "mart_poverty_indices" ("region_level", "region", "year");
CREATE INDEX "ix_evaluation_metrics_region" ON "mart_evaluation_metrics" ("region_level", "region", "year");
CREATE INDEX "ix_deliveries_feed_period" ON "deliveries" ("feed", "period");
CREATE INDEX "ix_audit_log_occurred" ON "audit_log" ("occurred_at");
CREATE INDEX "ix_audit_log_username" ON "audit_log" ("username", "occurred_at");
