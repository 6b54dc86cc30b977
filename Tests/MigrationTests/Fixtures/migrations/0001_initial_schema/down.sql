-- taxigen migration 0001_initial_schema: downgrade
-- Reverts "Initial schema"; the database is then as its parent migration left it.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 1: the catalog changes, in one transaction
BEGIN;

-- Drops table products, which the upgrade created, with the rows written since.
-- squawk-ignore ban-drop-table
DROP TABLE products;

-- Drops table legacies, which the upgrade created, with the rows written since.
-- squawk-ignore ban-drop-table
DROP TABLE legacies;

-- Drops table customers, which the upgrade created, with the rows written since.
-- squawk-ignore ban-drop-table
DROP TABLE customers;

-- squawk-ignore ban-drop-function
DROP FUNCTION IF EXISTS taxiway_touch_row();

-- Fails, changing nothing, if something else still uses the extension.
-- squawk-ignore ban-drop-extension
DROP EXTENSION IF EXISTS vector;

COMMIT;
