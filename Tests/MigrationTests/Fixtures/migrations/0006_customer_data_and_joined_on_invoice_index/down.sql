-- taxigen migration 0006_customer_data_and_joined_on_invoice_index: downgrade
-- Reverts "Customer data and joined_on; invoice index"; the database is then as its parent migration left it.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 2: the catalog changes, in one transaction
BEGIN;

-- REWRITES TABLE invoices under an ACCESS EXCLUSIVE lock: numeric(14,2) → numeric(12,2).
-- Fails, changing nothing, if a value written since does not fit numeric(12,2).
-- squawk-ignore changing-column-type
ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(12,2);

COMMENT ON COLUMN customers.remark IS 'Free notes.';

-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_tags_items;

-- Drops customers.data, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN data;

-- Drops customers.joined_on, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN joined_on;

COMMIT;

-- unit 2 of 2: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
DROP INDEX CONCURRENTLY IF EXISTS ix_invoices_customer_id_issued_on;
