-- taxigen migration 0002_add_phone_tier_and_token_to_customers_add: downgrade
-- Reverts "Add phone, tier and token to customers; add invoices"; the database is then as its parent migration left it.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 2: the catalog changes, in one transaction
BEGIN;

-- Drops table invoices, which the upgrade created, with the rows written since.
-- squawk-ignore ban-drop-table
DROP TABLE invoices;

COMMENT ON TABLE products IS 'Something we sell.';

-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_status_values;

-- Drops customers.phone, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN phone;

-- Drops customers.tier, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN tier;

-- Drops customers.token, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN token;

ALTER TABLE customers ADD CONSTRAINT ck_customers_status_values CHECK (status IN ('active', 'closed')) NOT VALID;

COMMIT;

-- unit 2 of 2: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_status_values;

COMMIT;
