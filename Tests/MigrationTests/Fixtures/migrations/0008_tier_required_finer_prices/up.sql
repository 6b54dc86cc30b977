-- taxigen migration 0008_tier_required_finer_prices: upgrade
-- "Tier required; finer prices", after 0007_bound_remarks_invoice_payment_l2_embeddings.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   customers: column tier default none → 'basic'
--   customers: column tier NULL → NOT NULL (in stages)
--   products: column price numeric(10,2) → numeric(12,4) (REWRITES THE TABLE)
--
-- Review:
--   replaces NULL in customers.tier with its default 'basic'
--   rewrites table products (products.price: numeric(10,2) → numeric(12,4)); reads and writes wait meanwhile
--
-- It is IRREVERSIBLE: see the IRREVERSIBLE file next to it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 6: the catalog changes, in one transaction
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

ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'basic';

-- The default is set again after the type change.
-- squawk-ignore ban-drop-default
ALTER TABLE products ALTER COLUMN price DROP DEFAULT;

-- REWRITES TABLE products under an ACCESS EXCLUSIVE lock: numeric(10,2) → numeric(12,4).
-- squawk-ignore changing-column-type
ALTER TABLE products ALTER COLUMN price TYPE numeric(12,4);

ALTER TABLE products ALTER COLUMN price SET DEFAULT 0;

COMMIT;

-- unit 2 of 6: a backfill in batches of 1000 rows, each its own transaction (so outside one)
-- Replaces NULL with the default before NOT NULL, 1000 rows per transaction;
-- taxiway.maintenance keeps each row's version and updated_at (not a business change).
DO $backfill$
DECLARE
    taxigen_last customers.customer_id%TYPE;
    taxigen_batch_last customers.customer_id%TYPE;
BEGIN
    PERFORM set_config('taxiway.maintenance', 'on', true);
    SELECT customer_id INTO taxigen_last FROM customers WHERE tier IS NULL ORDER BY customer_id LIMIT 1;
    IF taxigen_last IS NULL THEN
        RETURN;
    END IF;
    UPDATE customers SET tier = 'basic' WHERE customer_id = taxigen_last AND tier IS NULL;
    LOOP
        WITH taxigen_batch AS (
            SELECT customer_id FROM customers WHERE customer_id > taxigen_last ORDER BY customer_id LIMIT 1000
        ), taxigen_filled AS (
            UPDATE customers SET tier = 'basic' FROM taxigen_batch
            WHERE customers.customer_id = taxigen_batch.customer_id AND customers.tier IS NULL
        )
        SELECT customer_id INTO taxigen_batch_last FROM taxigen_batch ORDER BY customer_id DESC LIMIT 1;
        EXIT WHEN taxigen_batch_last IS NULL;
        taxigen_last := taxigen_batch_last;
        COMMIT;
        PERFORM set_config('taxiway.maintenance', 'on', true);
    END LOOP;
END
$backfill$;

-- unit 3 of 6: the backfilled columns get their NOT NULL helper CHECKs (NOT VALID)
BEGIN;

-- NOT NULL in stages: this CHECK, validated later, lets SET NOT NULL skip its scan.
ALTER TABLE customers ADD CONSTRAINT ck_customers_tier_not_null CHECK (tier IS NOT NULL) NOT VALID;

COMMIT;

-- unit 4 of 6: the backfill again, for rows written with NULL while it ran (outside a transaction)
-- The same backfill again, for rows written with NULL while it ran; the CHECK refuses new ones.
DO $backfill$
DECLARE
    taxigen_last customers.customer_id%TYPE;
    taxigen_batch_last customers.customer_id%TYPE;
BEGIN
    PERFORM set_config('taxiway.maintenance', 'on', true);
    SELECT customer_id INTO taxigen_last FROM customers WHERE tier IS NULL ORDER BY customer_id LIMIT 1;
    IF taxigen_last IS NULL THEN
        RETURN;
    END IF;
    UPDATE customers SET tier = 'basic' WHERE customer_id = taxigen_last AND tier IS NULL;
    LOOP
        WITH taxigen_batch AS (
            SELECT customer_id FROM customers WHERE customer_id > taxigen_last ORDER BY customer_id LIMIT 1000
        ), taxigen_filled AS (
            UPDATE customers SET tier = 'basic' FROM taxigen_batch
            WHERE customers.customer_id = taxigen_batch.customer_id AND customers.tier IS NULL
        )
        SELECT customer_id INTO taxigen_batch_last FROM taxigen_batch ORDER BY customer_id DESC LIMIT 1;
        EXIT WHEN taxigen_batch_last IS NULL;
        taxigen_last := taxigen_batch_last;
        COMMIT;
        PERFORM set_config('taxiway.maintenance', 'on', true);
    END LOOP;
END
$backfill$;

-- unit 5 of 6: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_tier_not_null;

COMMIT;

-- unit 6 of 6: SET NOT NULL, proven by the validated CHECKs without a table scan
BEGIN;

ALTER TABLE customers ALTER COLUMN tier SET NOT NULL;

-- The helper CHECK has done its work: NOT NULL holds now.
-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_tier_not_null;

COMMIT;
