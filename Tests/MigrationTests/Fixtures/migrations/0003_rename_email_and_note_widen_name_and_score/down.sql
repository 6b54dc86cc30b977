-- taxigen migration 0003_rename_email_and_note_widen_name_and_score: downgrade
-- Reverts "Rename email and note; widen name and score"; the database is then as its parent migration left it.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 2: the catalog changes, in one transaction
BEGIN;

-- squawk-ignore ban-drop-constraint
ALTER TABLE products DROP CONSTRAINT ck_products_price_range;

-- squawk-ignore ban-drop-constraint
ALTER TABLE products DROP CONSTRAINT ck_products_title_length;

ALTER TABLE products ADD CONSTRAINT ck_products_price_range CHECK (price >= 0) NOT VALID;

ALTER TABLE customers ALTER COLUMN status SET DEFAULT 'active';

-- REWRITES TABLE customers under an ACCESS EXCLUSIVE lock: bigint → integer.
-- Fails, changing nothing, if a value written since does not fit integer.
-- squawk-ignore changing-column-type
ALTER TABLE customers ALTER COLUMN score TYPE integer;

-- REWRITES TABLE customers under an ACCESS EXCLUSIVE lock: varchar(200) → varchar(100).
-- Fails, changing nothing, if a value written since does not fit varchar(100).
-- squawk-ignore changing-column-type
ALTER TABLE customers ALTER COLUMN name TYPE varchar(100);

-- squawk-ignore renaming-object
ALTER INDEX ux_customers_email_address RENAME TO ux_customers_email;

-- Back to the column's old name; it keeps its values.
-- squawk-ignore renaming-column
ALTER TABLE customers RENAME COLUMN remark TO note;

-- Back to the column's old name; it keeps its values.
-- squawk-ignore renaming-column
ALTER TABLE customers RENAME COLUMN email_address TO email;

COMMIT;

-- unit 2 of 2: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE products VALIDATE CONSTRAINT ck_products_price_range;

COMMIT;
