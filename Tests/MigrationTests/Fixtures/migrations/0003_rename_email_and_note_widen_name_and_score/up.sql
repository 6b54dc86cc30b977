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

-- PostgreSQL 18 names NOT NULL constraints after the table and column: the renamed ones follow.
DO $notnull$
DECLARE
    taxigen_table text;
    taxigen_constraint record;
    taxigen_label text;
    taxigen_target text;
    taxigen_pass int;
    taxigen_first int;
    taxigen_second int;
BEGIN
    IF current_setting('server_version_num')::int < 180000 THEN
        RETURN;
    END IF;
    FOREACH taxigen_table IN ARRAY ARRAY['customers']::text[] LOOP
        -- A table left out of this database (migrate --without-vector) has nothing to rename.
        CONTINUE WHEN to_regclass(quote_ident(taxigen_table)) IS NULL;
        FOR taxigen_constraint IN
            SELECT con.oid, con.conname::text AS name FROM pg_catalog.pg_constraint con
            WHERE con.conrelid = quote_ident(taxigen_table)::regclass AND con.contype = 'n'
        LOOP
            EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', taxigen_table, taxigen_constraint.name,
                           'taxigen_not_null_' || taxigen_constraint.oid);
        END LOOP;
        FOR taxigen_constraint IN
            SELECT con.oid, con.connamespace, a.attname::text AS column_name FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            WHERE con.conrelid = quote_ident(taxigen_table)::regclass AND con.contype = 'n' ORDER BY a.attnum
        LOOP
            taxigen_pass := 0;
            LOOP
                taxigen_label := 'not_null' || CASE WHEN taxigen_pass > 0 THEN taxigen_pass::text ELSE '' END;
                taxigen_first := length(taxigen_table);
                taxigen_second := length(taxigen_constraint.column_name);
                WHILE taxigen_first + taxigen_second > 61 - length(taxigen_label) LOOP
                    IF taxigen_first > taxigen_second THEN taxigen_first := taxigen_first - 1;
                    ELSE taxigen_second := taxigen_second - 1;
                    END IF;
                END LOOP;
                taxigen_target := left(taxigen_table, taxigen_first) || '_' || left(taxigen_constraint.column_name, taxigen_second)
                                  || '_' || taxigen_label;
                EXIT WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_constraint
                                      WHERE conname = taxigen_target AND connamespace = taxigen_constraint.connamespace);
                taxigen_pass := taxigen_pass + 1;
            END LOOP;
            EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', taxigen_table,
                           'taxigen_not_null_' || taxigen_constraint.oid, taxigen_target);
        END LOOP;
    END LOOP;
END
$notnull$;

COMMIT;

-- unit 2 of 2: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE products VALIDATE CONSTRAINT ck_products_price_range;

ALTER TABLE products VALIDATE CONSTRAINT ck_products_title_length;

COMMIT;
