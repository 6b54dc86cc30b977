-- taxigen migration 0002_add_phone_tier_and_token_to_customers_add: upgrade
-- "Add phone, tier and token to customers; add invoices", after 0001_initial_schema.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   customers: + column phone varchar(32) NULL
--   customers: + column tier text NOT NULL DEFAULT 'basic'
--   customers: + column token uuid NOT NULL DEFAULT gen_random_uuid()
--   customers: ~ CHECK ck_customers_status_values: status IN ('active', 'suspended', 'closed')
--   customers: + CHECK ck_customers_tier_values: tier IN ('basic', 'gold')
--   customers: + index ix_customers_phone (built CONCURRENTLY)
--   products: table comment
--   + table invoices (8 columns, 2 indexes, 2 CHECKs)
--
-- Review:
--   backfills customers.token in every existing row (in batches of 1000; versions unchanged)
--
-- down.sql reverts it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 7: the catalog changes, in one transaction
BEGIN;

-- The touch function as schema.sql has it: it leaves version and updated_at alone while taxiway.maintenance is on,
-- as the backfills below set it (a database created by an older taxigen has a function that does not).
CREATE OR REPLACE FUNCTION taxiway_touch_row() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF current_setting('taxiway.maintenance', true) = 'on' THEN
        RETURN NEW;
    END IF;
    NEW.updated_at := now();
    NEW.version := OLD.version + 1;
    RETURN NEW;
END;
$$;

-- ck_customers_status_values gets a new body below; it was: status IN ('active', 'closed')
-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_status_values;

ALTER TABLE customers ADD COLUMN phone varchar(32) NULL;

-- A constant default: PostgreSQL 11+ keeps it in the catalog for existing rows (no rewrite, no scan).
ALTER TABLE customers ADD COLUMN tier text NOT NULL DEFAULT 'basic';

-- Added NULL first; NOT NULL follows in stages below.
ALTER TABLE customers ADD COLUMN token uuid NULL;

-- A per-row default, set after the column exists so the table is not rewritten.
ALTER TABLE customers ALTER COLUMN token SET DEFAULT gen_random_uuid();

-- NOT VALID: new rows are checked at once; existing rows when it is validated below.
ALTER TABLE customers ADD CONSTRAINT ck_customers_status_values CHECK (status IN ('active', 'suspended', 'closed')) NOT VALID;

-- NOT VALID: new rows are checked at once; existing rows when it is validated below.
ALTER TABLE customers ADD CONSTRAINT ck_customers_tier_values CHECK (tier IN ('basic', 'gold')) NOT VALID;

COMMENT ON TABLE products IS 'Something we sell, matched by its embedding.';

-- New table invoices for Invoice (rev2/invoice.yaml), as in schema.sql.
CREATE TABLE invoices (
    invoice_id  uuid          NOT NULL DEFAULT gen_random_uuid(),
    customer_id uuid          NOT NULL,
    amount      numeric(12,2) NOT NULL,
    issued_on   date          NOT NULL DEFAULT CURRENT_DATE,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    deleted_at  timestamptz   NULL,
    version     integer       NOT NULL DEFAULT 1,

    CONSTRAINT pk_invoices PRIMARY KEY (invoice_id),
    CONSTRAINT ck_invoices_amount_range CHECK (amount >= 0),
    CONSTRAINT ck_invoices_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_invoices_touch BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE INDEX ix_invoices_customer_id ON invoices USING btree (customer_id);
CREATE INDEX ix_invoices_version ON invoices USING btree (version);

COMMENT ON COLUMN invoices.invoice_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN invoices.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN invoices.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN invoices.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN invoices.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

COMMIT;

-- unit 2 of 7: a backfill in batches of 1000 rows, each its own transaction (so outside one)
-- Gives the existing rows the default (each row its own value), 1000 rows per transaction;
-- taxiway.maintenance keeps each row's version and updated_at (not a business change).
DO $backfill$
DECLARE
    taxigen_last customers.customer_id%TYPE;
    taxigen_batch_last customers.customer_id%TYPE;
BEGIN
    PERFORM set_config('taxiway.maintenance', 'on', true);
    SELECT customer_id INTO taxigen_last FROM customers WHERE token IS NULL ORDER BY customer_id LIMIT 1;
    IF taxigen_last IS NULL THEN
        RETURN;
    END IF;
    UPDATE customers SET token = gen_random_uuid() WHERE customer_id = taxigen_last AND token IS NULL;
    LOOP
        WITH taxigen_batch AS (
            SELECT customer_id FROM customers WHERE customer_id > taxigen_last ORDER BY customer_id LIMIT 1000
        ), taxigen_filled AS (
            UPDATE customers SET token = gen_random_uuid() FROM taxigen_batch
            WHERE customers.customer_id = taxigen_batch.customer_id AND customers.token IS NULL
        )
        SELECT customer_id INTO taxigen_batch_last FROM taxigen_batch ORDER BY customer_id DESC LIMIT 1;
        EXIT WHEN taxigen_batch_last IS NULL;
        taxigen_last := taxigen_batch_last;
        COMMIT;
        PERFORM set_config('taxiway.maintenance', 'on', true);
    END LOOP;
END
$backfill$;

-- unit 3 of 7: the backfilled columns get their NOT NULL helper CHECKs (NOT VALID)
BEGIN;

-- NOT NULL in stages: this CHECK, validated later, lets SET NOT NULL skip its scan.
ALTER TABLE customers ADD CONSTRAINT ck_customers_token_not_null CHECK (token IS NOT NULL) NOT VALID;

COMMIT;

-- unit 4 of 7: the backfill again, for rows written with NULL while it ran (outside a transaction)
-- The same backfill again, for rows written with NULL while it ran; the CHECK refuses new ones.
DO $backfill$
DECLARE
    taxigen_last customers.customer_id%TYPE;
    taxigen_batch_last customers.customer_id%TYPE;
BEGIN
    PERFORM set_config('taxiway.maintenance', 'on', true);
    SELECT customer_id INTO taxigen_last FROM customers WHERE token IS NULL ORDER BY customer_id LIMIT 1;
    IF taxigen_last IS NULL THEN
        RETURN;
    END IF;
    UPDATE customers SET token = gen_random_uuid() WHERE customer_id = taxigen_last AND token IS NULL;
    LOOP
        WITH taxigen_batch AS (
            SELECT customer_id FROM customers WHERE customer_id > taxigen_last ORDER BY customer_id LIMIT 1000
        ), taxigen_filled AS (
            UPDATE customers SET token = gen_random_uuid() FROM taxigen_batch
            WHERE customers.customer_id = taxigen_batch.customer_id AND customers.token IS NULL
        )
        SELECT customer_id INTO taxigen_batch_last FROM taxigen_batch ORDER BY customer_id DESC LIMIT 1;
        EXIT WHEN taxigen_batch_last IS NULL;
        taxigen_last := taxigen_batch_last;
        COMMIT;
        PERFORM set_config('taxiway.maintenance', 'on', true);
    END LOOP;
END
$backfill$;

-- unit 5 of 7: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_customers_phone ON customers USING btree (phone);

-- unit 6 of 7: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_token_not_null;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_status_values;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_tier_values;

COMMIT;

-- unit 7 of 7: SET NOT NULL, proven by the validated CHECKs without a table scan
BEGIN;

ALTER TABLE customers ALTER COLUMN token SET NOT NULL;

-- The helper CHECK has done its work: NOT NULL holds now.
-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_token_not_null;

COMMIT;
