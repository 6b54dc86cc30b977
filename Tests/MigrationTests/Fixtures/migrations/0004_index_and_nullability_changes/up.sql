-- taxigen migration 0004_index_and_nullability_changes: upgrade
-- "Index and nullability changes", after 0003_rename_email_and_note_widen_name_and_score.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   customers: column score NULL → NOT NULL (in stages)
--   customers: column tier default 'basic' → none
--   customers: column tier NOT NULL → NULL
--   customers: - index ix_customers_phone
--   customers: ~ index ix_customers_status: now over every row (include_deleted) (rebuilt CONCURRENTLY)
--   products: - index ux_products_sku
--   products: + index ix_products_sku (built CONCURRENTLY)
--   products: + index ux_products_title (built CONCURRENTLY)
--
-- Review:
--   customers.score becomes NOT NULL: the migration stops at its validation if a row holds NULL
--   unique index ux_products_title is built on existing rows: it fails if two active rows share a value
--
-- down.sql reverts it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 10: the catalog changes, in one transaction
BEGIN;

-- NOT NULL in stages: this CHECK, validated later, lets SET NOT NULL skip its scan.
ALTER TABLE customers ADD CONSTRAINT ck_customers_score_not_null CHECK (score IS NOT NULL) NOT VALID;

-- The spec no longer gives the field a default.
-- squawk-ignore ban-drop-default
ALTER TABLE customers ALTER COLUMN tier DROP DEFAULT;

-- The spec makes the field nullable.
-- squawk-ignore ban-drop-not-null
ALTER TABLE customers ALTER COLUMN tier DROP NOT NULL;

COMMIT;

-- unit 2 of 10: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
-- ix_customers_status gets a new definition: built next to the old one, which serves until it is replaced.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_customers_status_rebuilt ON customers USING btree (status);

-- unit 3 of 10: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_products_sku ON products USING btree (sku);

-- unit 4 of 10: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
-- Fails if two active rows share a value; the invalid index it leaves is dropped before a retry.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_products_title ON products USING btree (title) WHERE deleted_at IS NULL;

-- unit 5 of 10: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
-- No longer asked for: CREATE INDEX ix_customers_phone ON customers USING btree (phone)
DROP INDEX CONCURRENTLY IF EXISTS ix_customers_phone;

-- unit 6 of 10: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
-- The old definition of ix_customers_status: CREATE INDEX ix_customers_status ON customers USING btree (status) WHERE deleted_at IS NULL
DROP INDEX CONCURRENTLY IF EXISTS ix_customers_status;

-- unit 7 of 10: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
-- No longer asked for: CREATE UNIQUE INDEX ux_products_sku ON products USING btree (sku) WHERE deleted_at IS NULL
DROP INDEX CONCURRENTLY IF EXISTS ux_products_sku;

-- unit 8 of 10: the rebuilt indexes take their names (a brief lock)
BEGIN;

-- squawk-ignore renaming-object
ALTER INDEX ix_customers_status_rebuilt RENAME TO ix_customers_status;

COMMIT;

-- unit 9 of 10: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_score_not_null;

COMMIT;

-- unit 10 of 10: SET NOT NULL, proven by the validated CHECKs without a table scan
BEGIN;

ALTER TABLE customers ALTER COLUMN score SET NOT NULL;

-- The helper CHECK has done its work: NOT NULL holds now.
-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_score_not_null;

COMMIT;
