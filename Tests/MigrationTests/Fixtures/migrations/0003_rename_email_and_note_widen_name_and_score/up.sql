-- taxigen migration 0003_rename_email_and_note_widen_name_and_score: upgrade
-- "Rename email and note; widen name and score", after 0002_add_phone_tier_and_token_to_customers_add.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   customers: column email → email_address (renamed, values kept)
--   customers: column note → remark (renamed, values kept)
--   customers: index ux_customers_email → ux_customers_email_address (renamed)
--   customers: column name varchar(100) → varchar(200)
--   customers: column score integer → bigint (REWRITES THE TABLE)
--   customers: column status default 'active' → 'closed'
--   products: ~ CHECK ck_products_price_range: price >= 0 AND price <= 100000
--   products: + CHECK ck_products_title_length: char_length(title) >= 2
--
-- Review:
--   rewrites table customers (customers.score: integer → bigint); reads and writes wait meanwhile
--   CHECK ck_products_price_range is validated against existing rows: the migration stops there if one breaks it
--   CHECK ck_products_title_length is validated against existing rows: the migration stops there if one breaks it
--
-- down.sql reverts it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 2: the catalog changes, in one transaction
BEGIN;

-- The spec says renamed_from: email; the column keeps its values. Deploy code that reads the new name.
-- squawk-ignore renaming-column
ALTER TABLE customers RENAME COLUMN email TO email_address;

-- The spec says renamed_from: note; the column keeps its values. Deploy code that reads the new name.
-- squawk-ignore renaming-column
ALTER TABLE customers RENAME COLUMN note TO remark;

-- The index keeps its definition; its derived name follows the column.
-- squawk-ignore renaming-object
ALTER INDEX ux_customers_email RENAME TO ux_customers_email_address;

-- varchar(100) → varchar(200): a catalog change, no rewrite.
-- squawk-ignore changing-column-type
ALTER TABLE customers ALTER COLUMN name TYPE varchar(200);

-- REWRITES TABLE customers under an ACCESS EXCLUSIVE lock: integer → bigint.
-- squawk-ignore changing-column-type
ALTER TABLE customers ALTER COLUMN score TYPE bigint;

ALTER TABLE customers ALTER COLUMN status SET DEFAULT 'closed';

-- ck_products_price_range gets a new body below; it was: price >= 0
-- squawk-ignore ban-drop-constraint
ALTER TABLE products DROP CONSTRAINT ck_products_price_range;

-- NOT VALID: new rows are checked at once; existing rows when it is validated below.
ALTER TABLE products ADD CONSTRAINT ck_products_price_range CHECK (price >= 0 AND price <= 100000) NOT VALID;

-- NOT VALID: new rows are checked at once; existing rows when it is validated below.
ALTER TABLE products ADD CONSTRAINT ck_products_title_length CHECK (char_length(title) >= 2) NOT VALID;

COMMIT;

-- unit 2 of 2: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE products VALIDATE CONSTRAINT ck_products_price_range;

ALTER TABLE products VALIDATE CONSTRAINT ck_products_title_length;

COMMIT;
