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

-- unit 1 of 4: the catalog changes, in one transaction
BEGIN;

ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'basic';

-- The default is set again after the type change.
-- squawk-ignore ban-drop-default
ALTER TABLE products ALTER COLUMN price DROP DEFAULT;

-- REWRITES TABLE products under an ACCESS EXCLUSIVE lock: numeric(10,2) → numeric(12,4).
-- squawk-ignore changing-column-type
ALTER TABLE products ALTER COLUMN price TYPE numeric(12,4);

ALTER TABLE products ALTER COLUMN price SET DEFAULT 0;

COMMIT;

-- unit 2 of 4: a backfill, in its own transaction (row locks only)
BEGIN;

-- Replaces NULL with the default before NOT NULL (each row's version goes up by one).
UPDATE customers SET tier = 'basic' WHERE tier IS NULL;

-- NOT NULL in stages: this CHECK, validated later, lets SET NOT NULL skip its scan.
ALTER TABLE customers ADD CONSTRAINT ck_customers_tier_not_null CHECK (tier IS NOT NULL) NOT VALID;

COMMIT;

-- unit 3 of 4: validate the new CHECK constraints (reads and writes go on meanwhile)
BEGIN;

ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_tier_not_null;

COMMIT;

-- unit 4 of 4: SET NOT NULL, proven by the validated CHECKs without a table scan
BEGIN;

ALTER TABLE customers ALTER COLUMN tier SET NOT NULL;

-- The helper CHECK has done its work: NOT NULL holds now.
-- squawk-ignore ban-drop-constraint
ALTER TABLE customers DROP CONSTRAINT ck_customers_tier_not_null;

COMMIT;
