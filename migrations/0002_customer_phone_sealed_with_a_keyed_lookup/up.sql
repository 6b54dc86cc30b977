-- taxigen migration 0002_customer_phone_sealed_with_a_keyed_lookup: upgrade
-- "Customer phone, sealed with a keyed lookup", after 0001_initial_schema.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   customers: + column phone bytea NULL
--   customers: + column phone_lookup bytea NULL
--   customers: + index ux_customers_phone_lookup (built CONCURRENTLY)
--
-- Review:
--   unique index ux_customers_phone_lookup is built on existing rows: it fails if two active rows share a value
--
-- down.sql reverts it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 2: the catalog changes, in one transaction
BEGIN;

ALTER TABLE customers ADD COLUMN phone bytea NULL;

ALTER TABLE customers ADD COLUMN phone_lookup bytea NULL;

COMMENT ON COLUMN customers.phone IS 'The phone number, sealed; found with find(byPhone:) through its keyed lookup digest.';

COMMENT ON COLUMN customers.phone_lookup IS 'The keyed lookup digest (HMAC-SHA256) of `phone`, for equality lookups; NULL when it is NULL or erased.';

COMMIT;

-- unit 2 of 2: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
-- Fails if two active rows share a value; the invalid index it leaves is dropped before a retry.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_customers_phone_lookup ON customers USING btree (phone_lookup) WHERE deleted_at IS NULL;
