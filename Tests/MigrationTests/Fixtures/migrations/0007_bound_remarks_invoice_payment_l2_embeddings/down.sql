-- taxigen migration 0007_bound_remarks_invoice_payment_l2_embeddings: downgrade
-- Reverts "Bound remarks; invoice payment; l2 embeddings"; the database is then as its parent migration left it.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 4: the catalog changes, in one transaction
BEGIN;

-- Drops invoices.paid_at, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE invoices DROP COLUMN paid_at;

-- Drops invoices.reference, which the upgrade added, with the values written since.
-- squawk-ignore ban-drop-column
ALTER TABLE invoices DROP COLUMN reference;

-- squawk-ignore changing-column-type
ALTER TABLE customers ALTER COLUMN remark TYPE text;

COMMIT;

-- unit 2 of 4: outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one
-- ix_products_embedding gets a new definition: built next to the old one, which serves until it is replaced.
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_products_embedding_rebuilt ON products USING hnsw (embedding vector_cosine_ops);

-- unit 3 of 4: outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one
-- The old definition of ix_products_embedding: CREATE INDEX ix_products_embedding ON products USING hnsw (embedding vector_l2_ops)
DROP INDEX CONCURRENTLY IF EXISTS ix_products_embedding;

-- unit 4 of 4: the rebuilt indexes take their names (a brief lock)
BEGIN;

-- squawk-ignore renaming-object
ALTER INDEX ix_products_embedding_rebuilt RENAME TO ix_products_embedding;

COMMIT;
