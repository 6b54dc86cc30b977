-- taxigen migration 0007_bound_remarks_invoice_payment_l2_embeddings: upgrade
-- "Bound remarks; invoice payment; l2 embeddings", after 0006_customer_data_and_joined_on_invoice_index.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   customers: column remark text → varchar(500) (REWRITES THE TABLE)
--   invoices: + column paid_at timestamptz NULL
--   invoices: + column reference varchar(40) NULL
--   invoices: + index ux_invoices_reference (built CONCURRENTLY)
--   products: ~ index ix_products_embedding: vector_cosine_ops → vector_l2_ops operators (rebuilt CONCURRENTLY)
--
-- Review:
--   rewrites table customers (customers.remark: text → varchar(500)); reads and writes wait meanwhile
--   customers.remark becomes varchar(500): the migration fails if a stored value does not fit
--
-- down.sql reverts it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 5: the catalog changes, in one transaction
BEGIN;

-- REWRITES TABLE customers under an ACCESS EXCLUSIVE lock: text → varchar(500).
-- Fails, changing nothing, if a stored value does not fit varchar(500).
-- squawk-ignore changing-column-type
ALTER TABLE customers ALTER COLUMN remark TYPE varchar(500);

ALTER TABLE invoices ADD COLUMN paid_at timestamptz NULL;

ALTER TABLE invoices ADD COLUMN reference varchar(40) NULL;

COMMIT;

-- unit 2 of 5: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
-- Fails if two active rows share a value; the invalid index it leaves is dropped before a retry.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_invoices_reference ON invoices USING btree (reference) WHERE deleted_at IS NULL;

-- unit 3 of 5: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
-- ix_products_embedding gets a new definition: built next to the old one, which serves until it is replaced.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_products_embedding_rebuilt ON products USING hnsw (embedding vector_l2_ops);

-- unit 4 of 5: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
-- The old definition of ix_products_embedding: CREATE INDEX ix_products_embedding ON products USING hnsw (embedding vector_cosine_ops)
DROP INDEX CONCURRENTLY IF EXISTS ix_products_embedding;

-- unit 5 of 5: the rebuilt indexes take their names (a brief lock)
BEGIN;

-- squawk-ignore renaming-object
ALTER INDEX ix_products_embedding_rebuilt RENAME TO ix_products_embedding;

COMMIT;
