-- taxigen migration 0006_customer_data_and_joined_on_invoice_index: upgrade
-- "Customer data and joined_on; invoice index", after 0005_drop_legacies_and_customers_phone_grow.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   customers: + column data jsonb NOT NULL DEFAULT '{}'::jsonb
--   customers: + column joined_on date NOT NULL DEFAULT CURRENT_DATE
--   customers: + CHECK ck_customers_tags_items: cardinality(tags) <= 10
--   customers: comment on column remark
--   invoices: column amount numeric(12,2) → numeric(14,2)
--   invoices: + index ix_invoices_customer_id_issued_on (built CONCURRENTLY)
--
-- Review:
--   CHECK ck_customers_tags_items is validated against existing rows: the migration stops there if one breaks it
--
-- down.sql reverts it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 3: the catalog changes, in one transaction
BEGIN;

-- A constant default: PostgreSQL 11+ keeps it in the catalog for existing rows (no rewrite, no scan).
ALTER TABLE customers ADD COLUMN data jsonb NOT NULL DEFAULT '{}'::jsonb;

-- CURRENT_DATE is stable, not volatile: PostgreSQL 11+ evaluates it once and keeps it in the catalog (no rewrite).
-- squawk-ignore adding-field-with-default
ALTER TABLE customers ADD COLUMN joined_on date NOT NULL DEFAULT CURRENT_DATE;

-- NOT VALID: new rows are checked at once; existing rows when it is validated below.
ALTER TABLE customers ADD CONSTRAINT ck_customers_tags_items CHECK (cardinality(tags) <= 10) NOT VALID;

COMMENT ON COLUMN customers.remark IS 'What the account manager noted.';

COMMENT ON COLUMN customers.data IS 'Free-form JSON data (a JSON object).';

-- numeric(12,2) → numeric(14,2): a catalog change, no rewrite.
-- squawk-ignore changing-column-type
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(14,2);

COMMIT;

-- unit 2 of 3: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_invoices_customer_id_issued_on ON invoices USING btree (customer_id, issued_on) WHERE deleted_at IS NULL;

-- unit 3 of 3: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_tags_items;

COMMIT;
