-- taxigen migration 0001_initial_schema: upgrade
-- "Initial schema", the first migration.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   + extension vector
--   + function taxiway_touch_row()
--   + table customers (11 columns, 3 indexes, 3 CHECKs)
--   + table legacies (6 columns, 1 indexes, 1 CHECKs)
--   + table products (9 columns, 3 indexes, 2 CHECKs)
--
-- down.sql reverts it.

SET lock_timeout = '5s';
SET statement_timeout = '15min';

-- unit 1 of 1: the catalog changes, in one transaction
BEGIN;

-- pgvector, for the vector columns.
CREATE EXTENSION IF NOT EXISTS vector;

-- Keeps updated_at and version right on every UPDATE (as in schema.sql).
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

-- New table customers for Customer (rev1/customer.yaml), as in schema.sql.
CREATE TABLE customers (
    customer_id uuid          NOT NULL DEFAULT gen_random_uuid(),
    name        varchar(100)  NOT NULL,
    email       varchar(320)  NOT NULL,
    status      text          NOT NULL DEFAULT 'active',
    score       integer       NULL,
    note        text          NULL,
    tags        varchar(16)[] NOT NULL DEFAULT '{}',
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    deleted_at  timestamptz   NULL,
    version     integer       NOT NULL DEFAULT 1,

    CONSTRAINT pk_customers PRIMARY KEY (customer_id),
    CONSTRAINT ck_customers_name_length CHECK (char_length(name) >= 1),
    CONSTRAINT ck_customers_status_values CHECK (status IN ('active', 'closed')),
    CONSTRAINT ck_customers_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE UNIQUE INDEX ux_customers_email ON customers USING btree (email) WHERE deleted_at IS NULL;
CREATE INDEX ix_customers_version ON customers USING btree (version);
CREATE INDEX ix_customers_status ON customers USING btree (status) WHERE deleted_at IS NULL;

COMMENT ON TABLE customers IS 'A paying customer.';
COMMENT ON COLUMN customers.customer_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN customers.note IS 'Free notes.';
COMMENT ON COLUMN customers.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN customers.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN customers.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN customers.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table legacies for Legacy (rev1/legacy.yaml), as in schema.sql.
CREATE TABLE legacies (
    legacy_id  uuid        NOT NULL DEFAULT gen_random_uuid(),
    code       varchar(20) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz NULL,
    version    integer     NOT NULL DEFAULT 1,

    CONSTRAINT pk_legacies PRIMARY KEY (legacy_id),
    CONSTRAINT ck_legacies_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_legacies_touch BEFORE UPDATE ON legacies FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE INDEX ix_legacies_version ON legacies USING btree (version);

COMMENT ON COLUMN legacies.legacy_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN legacies.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN legacies.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN legacies.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN legacies.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table products for Product (rev1/product.yaml), as in schema.sql.
CREATE TABLE products (
    product_id uuid          NOT NULL DEFAULT gen_random_uuid(),
    sku        varchar(32)   NOT NULL,
    title      varchar(100)  NOT NULL,
    price      numeric(10,2) NOT NULL DEFAULT 0,
    embedding  vector(4)     NULL,
    created_at timestamptz   NOT NULL DEFAULT now(),
    updated_at timestamptz   NOT NULL DEFAULT now(),
    deleted_at timestamptz   NULL,
    version    integer       NOT NULL DEFAULT 1,

    CONSTRAINT pk_products PRIMARY KEY (product_id),
    CONSTRAINT ck_products_price_range CHECK (price >= 0),
    CONSTRAINT ck_products_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_products_touch BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE UNIQUE INDEX ux_products_sku ON products USING btree (sku) WHERE deleted_at IS NULL;
CREATE INDEX ix_products_embedding ON products USING hnsw (embedding vector_cosine_ops);
CREATE INDEX ix_products_version ON products USING btree (version);

COMMENT ON TABLE products IS 'Something we sell.';
COMMENT ON COLUMN products.product_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN products.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN products.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN products.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN products.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

COMMIT;
