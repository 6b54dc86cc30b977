-- taxigen migration 0004_index_and_nullability_changes: downgrade
-- Reverts "Index and nullability changes"; the database is then as its parent migration left it.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 10: the catalog changes, in one transaction
BEGIN;

-- NOT NULL in stages: this CHECK, validated later, lets SET NOT NULL skip its scan.
ALTER TABLE customers ADD CONSTRAINT ck_customers_tier_not_null CHECK (tier IS NOT NULL) NOT VALID;

ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'basic';

-- squawk-ignore ban-drop-not-null
ALTER TABLE customers ALTER COLUMN score DROP NOT NULL;

COMMIT;

-- unit 2 of 10: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_products_sku ON products USING btree (sku) WHERE deleted_at IS NULL;

-- unit 3 of 10: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
-- ix_customers_status gets a new definition: built next to the old one, which serves until it is replaced.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_customers_status_rebuilt ON customers USING btree (status) WHERE deleted_at IS NULL;

-- unit 4 of 10: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_customers_phone ON customers USING btree (phone);

-- unit 5 of 10: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
DROP INDEX CONCURRENTLY IF EXISTS ix_products_sku;

-- unit 6 of 10: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
DROP INDEX CONCURRENTLY IF EXISTS ux_products_title;

-- unit 7 of 10: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
-- The old definition of ix_customers_status: CREATE INDEX ix_customers_status ON customers USING btree (status)
DROP INDEX CONCURRENTLY IF EXISTS ix_customers_status;

-- unit 8 of 10: the rebuilt indexes take their names (a brief lock)
BEGIN;

-- squawk-ignore renaming-object
ALTER INDEX ix_customers_status_rebuilt RENAME TO ix_customers_status;

COMMIT;

-- unit 9 of 10: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_tier_not_null;

COMMIT;

-- unit 10 of 10: SET NOT NULL, proven by the validated CHECKs without a table scan
BEGIN;

ALTER TABLE customers ALTER COLUMN tier SET NOT NULL;

-- The helper CHECK has done its work: NOT NULL holds now.
-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_tier_not_null;

COMMIT;
