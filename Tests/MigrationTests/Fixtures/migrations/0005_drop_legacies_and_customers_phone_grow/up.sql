-- taxigen migration 0005_drop_legacies_and_customers_phone_grow: upgrade
-- "Drop legacies and customers.phone; grow embeddings", after 0004_index_and_nullability_changes.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   - table legacies (drops its rows)
--   customers: - column phone (drops its values)
--   customers: ~ CHECK ck_customers_status_values: status IN ('active', 'closed')
--   products: column embedding vector(4) → vector(8) (REWRITES THE TABLE)
--
-- Review:
--   drops table legacies and every row in it
--   drops column customers.phone and its values
--   CHECK ck_customers_status_values is validated against existing rows: the migration stops there if one breaks it
--   rewrites table products (products.embedding: vector(4) → vector(8)); reads and writes wait meanwhile
--   customers.status no longer allows 'suspended': the migration stops at the CHECK's validation if a row holds one (rename a value with renamed_values to keep its rows)
--
-- It is IRREVERSIBLE: see the IRREVERSIBLE file next to it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 2: the catalog changes, in one transaction
BEGIN;

-- DROPS TABLE legacies AND ITS ROWS: its entity is no longer in the specs.
-- squawk-ignore ban-drop-table
DROP TABLE legacies;

-- ck_customers_status_values gets a new body below; it was: status IN ('active', 'suspended', 'closed')
-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_status_values;

-- DROPS THE VALUES of customers.phone: the field is no longer in the spec.
-- squawk-ignore ban-drop-column
ALTER TABLE customers DROP COLUMN phone;

-- NOT VALID: new rows are checked at once; existing rows when it is validated below.
ALTER TABLE customers ADD CONSTRAINT ck_customers_status_values CHECK (status IN ('active', 'closed')) NOT VALID;

-- REWRITES TABLE products under an ACCESS EXCLUSIVE lock: vector(4) → vector(8).
-- Pads every stored embedding with zeros, so no value is lost.
-- squawk-ignore changing-column-type
ALTER TABLE products ALTER COLUMN embedding TYPE vector(8) USING CASE WHEN embedding IS NULL THEN NULL ELSE (embedding::real[] || array_fill(0::real, ARRAY[4]))::vector(8) END;

COMMIT;

-- unit 2 of 2: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_status_values;

COMMIT;
