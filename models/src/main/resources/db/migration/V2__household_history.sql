-- V2: household_history, the serving table of one household's history across periods
-- (serving_tables of models/marts.yaml; checked by ServingMigrationTest). Read by
-- GET /api/households/{id}; no names, no ID numbers. Same conventions as V1.

-- 户收入历史
CREATE TABLE "household_history" (
  "year" INTEGER NOT NULL,
  "quarter" INTEGER NOT NULL,
  "household_id" VARCHAR NOT NULL,
  "county" VARCHAR,
  "township" VARCHAR,
  "village" VARCHAR,
  "household_type" VARCHAR,
  "household_size" INTEGER,
  "helper_level" VARCHAR,
  "base_quintile" INTEGER,
  "surveyed" BOOLEAN,
  "net_income" DECIMAL(18,2),
  "pc" DECIMAL(18,2),
  "wage_income" DECIMAL(18,2),
  "operating_net" DECIMAL(18,2),
  "property_income" DECIMAL(18,2),
  "transfer_income" DECIMAL(18,2),
  "employed_months" INTEGER,
  "assistance_months" INTEGER,
  "interventions" INTEGER,
  "intervention_amount" DECIMAL(18,2),
  "payments_due" INTEGER,
  "payments_paid" INTEGER,
  "payments_on_time_full" INTEGER,
  "amount_due" DECIMAL(18,2),
  "amount_paid" DECIMAL(18,2),
  CONSTRAINT "pk_household_history" PRIMARY KEY ("year", "quarter", "household_id")
);

CREATE INDEX "ix_household_history_household" ON "household_history" ("household_id", "year", "quarter");
