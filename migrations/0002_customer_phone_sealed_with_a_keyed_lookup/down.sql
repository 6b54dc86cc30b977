-- taxigen migration 0002_customer_phone_sealed_with_a_keyed_lookup: downgrade
-- Reverts "Customer phone, sealed with a keyed lookup"; the database is then as its parent migration left it.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 1: the catalog changes, in one transaction
BEGIN;

-- Drops customers.phone, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN phone;

-- Drops customers.phone_lookup, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN phone_lookup;

COMMIT;
