-- taxigen migration 0001_initial_schema: upgrade
-- "Initial schema", the first migration.
-- Written by `taxigen migrate new`. Never edit it once committed: its checksum is in checksums.txt,
-- and `taxigen migrate check` and the ledger guard refuse an edited migration.
-- Review and run it through `taxigen migrate sql` (offline, psql) or `taxigen migrate apply` (development).
--
-- Changes:
--   + extension vector
--   + function taxiway_touch_row()
--   + table customers (13 columns, 4 indexes, 5 CHECKs)
--   + table employees (12 columns, 3 indexes, 4 CHECKs)
--   + table order_lines (10 columns, 4 indexes, 5 CHECKs)
--   + table orders (14 columns, 6 indexes, 4 CHECKs)
--   + table products (15 columns, 5 indexes, 7 CHECKs)
--   + table support_tickets (15 columns, 8 indexes, 7 CHECKs)
--   + table user (13 columns, 3 indexes, 4 CHECKs)
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
    NEW.updated_at := now();
    NEW.version := OLD.version + 1;
    RETURN NEW;
END;
$$;

-- New table customers for Customer (specs/customer.yaml), as in schema.sql.
CREATE TABLE customers (
    customer_id        uuid          NOT NULL DEFAULT gen_random_uuid(),
    name               varchar(255)  NOT NULL,
    email              varchar(320)  NOT NULL,
    status             text          NOT NULL DEFAULT 'active',
    credit             numeric(12,2) NULL,
    tags               varchar(32)[] NOT NULL DEFAULT '{}',
    website            varchar(2048) NULL,
    tax_number         bytea         NULL,
    account_manager_id uuid          NULL,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    deleted_at         timestamptz   NULL,
    version            integer       NOT NULL DEFAULT 1,

    CONSTRAINT pk_customers PRIMARY KEY (customer_id),
    CONSTRAINT ck_customers_name_length CHECK (char_length(name) >= 1),
    CONSTRAINT ck_customers_status_values CHECK (status IN ('active', 'suspended', 'closed')),
    CONSTRAINT ck_customers_credit_range CHECK (credit >= 0),
    CONSTRAINT ck_customers_tags_items CHECK (cardinality(tags) <= 20),
    CONSTRAINT ck_customers_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE UNIQUE INDEX ux_customers_email ON customers USING btree (email) WHERE deleted_at IS NULL;
CREATE INDEX ix_customers_account_manager_id ON customers USING btree (account_manager_id);
CREATE INDEX ix_customers_version ON customers USING btree (version);
CREATE INDEX ix_customers_status_created_at ON customers USING btree (status, created_at) WHERE deleted_at IS NULL;

COMMENT ON TABLE customers IS 'A paying customer.';
COMMENT ON COLUMN customers.customer_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN customers.name IS 'The customer''s display name.';
COMMENT ON COLUMN customers.credit IS 'Store credit.';
COMMENT ON COLUMN customers.tax_number IS 'The VAT or tax id.';
COMMENT ON COLUMN customers.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN customers.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN customers.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN customers.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table employees for Employee (specs/employee.yaml), as in schema.sql.
CREATE TABLE employees (
    employee_id  uuid         NOT NULL DEFAULT gen_random_uuid(),
    full_name    varchar(200) NOT NULL,
    email        varchar(320) NOT NULL,
    manager_id   uuid         NULL,
    hired_on     date         NOT NULL,
    salary_cents bigint       NOT NULL,
    active       boolean      NOT NULL DEFAULT true,
    class        text         NOT NULL DEFAULT 'staff',
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    deleted_at   timestamptz  NULL,
    version      integer      NOT NULL DEFAULT 1,

    CONSTRAINT pk_employees PRIMARY KEY (employee_id),
    CONSTRAINT ck_employees_full_name_length CHECK (char_length(full_name) >= 1),
    CONSTRAINT ck_employees_salary_cents_range CHECK (salary_cents >= 0),
    CONSTRAINT ck_employees_class_values CHECK (class IN ('staff', 'contractor', 'intern')),
    CONSTRAINT ck_employees_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_employees_touch BEFORE UPDATE ON employees FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE UNIQUE INDEX ux_employees_email ON employees USING btree (email) WHERE deleted_at IS NULL;
CREATE INDEX ix_employees_manager_id ON employees USING btree (manager_id);
CREATE INDEX ix_employees_version ON employees USING btree (version);

COMMENT ON TABLE employees IS 'Someone who works for us.';
COMMENT ON COLUMN employees.employee_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN employees.manager_id IS 'The employee''s manager (a tree, not a cycle).';
COMMENT ON COLUMN employees.class IS 'How the person is employed.';
COMMENT ON COLUMN employees.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN employees.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN employees.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN employees.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table order_lines for OrderLine (specs/order_line.yaml), as in schema.sql.
CREATE TABLE order_lines (
    order_line_id uuid               NOT NULL DEFAULT gen_random_uuid(),
    order_id      uuid               NOT NULL,
    product_id    uuid               NOT NULL,
    quantity      integer            NOT NULL,
    unit_price    numeric(10,2)      NOT NULL,
    discounts     double precision[] NOT NULL DEFAULT '{}',
    created_at    timestamptz        NOT NULL DEFAULT now(),
    updated_at    timestamptz        NOT NULL DEFAULT now(),
    deleted_at    timestamptz        NULL,
    version       integer            NOT NULL DEFAULT 1,

    CONSTRAINT pk_order_lines PRIMARY KEY (order_line_id),
    CONSTRAINT ck_order_lines_quantity_range CHECK (quantity >= 1 AND quantity <= 1000),
    CONSTRAINT ck_order_lines_unit_price_range CHECK (unit_price >= 0),
    CONSTRAINT ck_order_lines_discounts_items CHECK (cardinality(discounts) <= 5),
    CONSTRAINT ck_order_lines_discounts_item_range CHECK (0 <= ALL (discounts) AND 1 >= ALL (discounts)),
    CONSTRAINT ck_order_lines_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_order_lines_touch BEFORE UPDATE ON order_lines FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE INDEX ix_order_lines_order_id ON order_lines USING btree (order_id);
CREATE INDEX ix_order_lines_product_id ON order_lines USING btree (product_id);
CREATE INDEX ix_order_lines_version ON order_lines USING btree (version);
CREATE UNIQUE INDEX ux_order_lines_order_id_product_id ON order_lines USING btree (order_id, product_id) WHERE deleted_at IS NULL;

COMMENT ON TABLE order_lines IS 'One product on an order.';
COMMENT ON COLUMN order_lines.order_line_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN order_lines.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN order_lines.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN order_lines.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN order_lines.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table orders for Order (specs/order.yaml), as in schema.sql.
CREATE TABLE orders (
    order_id      uuid          NOT NULL DEFAULT gen_random_uuid(),
    customer_id   uuid          NOT NULL,
    number        bigint        NOT NULL,
    placed_at     timestamptz   NOT NULL DEFAULT now(),
    status        text          NOT NULL DEFAULT 'pending',
    total         numeric(12,2) NOT NULL DEFAULT 0,
    notes         text          NULL,
    tracking_id   uuid          NULL,
    delivery_date date          NULL,
    data          jsonb         NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    updated_at    timestamptz   NOT NULL DEFAULT now(),
    deleted_at    timestamptz   NULL,
    version       integer       NOT NULL DEFAULT 1,

    CONSTRAINT pk_orders PRIMARY KEY (order_id),
    CONSTRAINT ck_orders_number_range CHECK (number >= 1),
    CONSTRAINT ck_orders_status_values CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled', 'on_hold')),
    CONSTRAINT ck_orders_total_range CHECK (total >= 0),
    CONSTRAINT ck_orders_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE INDEX ix_orders_customer_id ON orders USING btree (customer_id);
CREATE UNIQUE INDEX ux_orders_number ON orders USING btree (number) WHERE deleted_at IS NULL;
CREATE INDEX ix_orders_version ON orders USING btree (version);
CREATE INDEX ix_orders_customer_id_status ON orders USING btree (customer_id, status) WHERE deleted_at IS NULL;
CREATE INDEX ix_orders_status_placed_at ON orders USING btree (status, placed_at) WHERE deleted_at IS NULL;
CREATE INDEX ix_orders_data ON orders USING gin (data) WHERE deleted_at IS NULL;

COMMENT ON TABLE orders IS 'A customer''s order.';
COMMENT ON COLUMN orders.order_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN orders.number IS 'The human-facing order number.';
COMMENT ON COLUMN orders.data IS 'Free-form JSON data (a JSON object).';
COMMENT ON COLUMN orders.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN orders.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN orders.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN orders.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table products for Product (specs/product.yaml), as in schema.sql.
CREATE TABLE products (
    product_id uuid             NOT NULL DEFAULT gen_random_uuid(),
    sku        varchar(32)      NOT NULL,
    name       varchar(200)     NOT NULL,
    details    text             NULL,
    price      numeric(10,2)    NOT NULL DEFAULT 0,
    stock      integer          NOT NULL DEFAULT 0,
    weight_kg  double precision NULL,
    "order"    integer          NOT NULL DEFAULT 0,
    visibility text             NOT NULL DEFAULT 'public',
    attributes jsonb            NOT NULL DEFAULT '{"color":null,"sizes":[]}'::jsonb,
    embedding  vector(8)        NULL,
    created_at timestamptz      NOT NULL DEFAULT now(),
    updated_at timestamptz      NOT NULL DEFAULT now(),
    deleted_at timestamptz      NULL,
    version    integer          NOT NULL DEFAULT 1,

    CONSTRAINT pk_products PRIMARY KEY (product_id),
    CONSTRAINT ck_products_name_length CHECK (char_length(name) >= 1),
    CONSTRAINT ck_products_details_length CHECK (char_length(details) <= 5000),
    CONSTRAINT ck_products_price_range CHECK (price >= 0),
    CONSTRAINT ck_products_stock_range CHECK (stock >= 0),
    CONSTRAINT ck_products_weight_kg_range CHECK (weight_kg >= 0 AND weight_kg <= 1000.5),
    CONSTRAINT ck_products_visibility_values CHECK (visibility IN ('public', 'private', 'internal')),
    CONSTRAINT ck_products_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_products_touch BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE UNIQUE INDEX ux_products_sku ON products USING btree (sku) WHERE deleted_at IS NULL;
CREATE INDEX ix_products_order ON products USING btree ("order");
CREATE INDEX ix_products_attributes ON products USING gin (attributes);
CREATE INDEX ix_products_embedding ON products USING hnsw (embedding vector_cosine_ops);
CREATE INDEX ix_products_version ON products USING btree (version);

COMMENT ON TABLE products IS E'Something we sell.\nProducts are matched by their embedding for recommendations.';
COMMENT ON COLUMN products.product_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN products."order" IS 'Position in listings.';
COMMENT ON COLUMN products.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN products.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN products.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN products.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table support_tickets for SupportTicket (specs/support_ticket.yaml), as in schema.sql.
CREATE TABLE support_tickets (
    support_ticket_id uuid         NOT NULL DEFAULT gen_random_uuid(),
    customer_id       uuid         NOT NULL,
    assignee_id       uuid         NULL,
    reporter_id       uuid         NULL,
    subject           varchar(150) NOT NULL,
    body              text         NOT NULL,
    priority          text         NOT NULL DEFAULT 'normal',
    opened_on         date         NOT NULL DEFAULT CURRENT_DATE,
    public_token      uuid         NOT NULL DEFAULT gen_random_uuid(),
    scores            integer[]    NOT NULL DEFAULT '{}',
    labels            text[]       NOT NULL DEFAULT '{}',
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    deleted_at        timestamptz  NULL,
    version           integer      NOT NULL DEFAULT 1,

    CONSTRAINT pk_support_tickets PRIMARY KEY (support_ticket_id),
    CONSTRAINT ck_support_tickets_subject_length CHECK (char_length(subject) >= 3),
    CONSTRAINT ck_support_tickets_body_length CHECK (char_length(body) >= 1),
    CONSTRAINT ck_support_tickets_priority_values CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    CONSTRAINT ck_support_tickets_scores_items CHECK (cardinality(scores) <= 3),
    CONSTRAINT ck_support_tickets_scores_item_range CHECK (0 <= ALL (scores) AND 10 >= ALL (scores)),
    CONSTRAINT ck_support_tickets_labels_items CHECK (cardinality(labels) <= 8),
    CONSTRAINT ck_support_tickets_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_support_tickets_touch BEFORE UPDATE ON support_tickets FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE INDEX ix_support_tickets_customer_id ON support_tickets USING btree (customer_id);
CREATE INDEX ix_support_tickets_assignee_id ON support_tickets USING btree (assignee_id);
CREATE INDEX ix_support_tickets_reporter_id ON support_tickets USING btree (reporter_id);
CREATE UNIQUE INDEX ux_support_tickets_public_token ON support_tickets USING btree (public_token) WHERE deleted_at IS NULL;
CREATE INDEX ix_support_tickets_labels ON support_tickets USING gin (labels);
CREATE INDEX ix_support_tickets_version ON support_tickets USING btree (version);
CREATE INDEX ix_support_tickets_priority_opened_on ON support_tickets USING btree (priority, opened_on) WHERE deleted_at IS NULL;
CREATE INDEX ix_support_tickets_customer_id_created_at ON support_tickets USING btree (customer_id, created_at);

COMMENT ON TABLE support_tickets IS 'A question or complaint from a customer.';
COMMENT ON COLUMN support_tickets.support_ticket_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN support_tickets.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN support_tickets.updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN support_tickets.deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN support_tickets.version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

-- New table user for User (specs/user.yaml), as in schema.sql.
CREATE TABLE "user" (
    user_id       uuid         NOT NULL DEFAULT gen_random_uuid(),
    login         varchar(40)  NOT NULL,
    display_name  varchar(100) NULL,
    "default"     boolean      NOT NULL DEFAULT false,
    login_count   bigint       NOT NULL DEFAULT 0,
    last_login_at timestamptz  NULL,
    roles         text[]       NOT NULL DEFAULT ARRAY['member']::text[],
    profile       jsonb        NULL,
    employee_id   uuid         NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    deleted_at    timestamptz  NULL,
    version       integer      NOT NULL DEFAULT 1,

    CONSTRAINT pk_user PRIMARY KEY (user_id),
    CONSTRAINT ck_user_login_length CHECK (char_length(login) >= 3),
    CONSTRAINT ck_user_login_count_range CHECK (login_count >= 0),
    CONSTRAINT ck_user_roles_items CHECK (cardinality(roles) >= 1 AND cardinality(roles) <= 10),
    CONSTRAINT ck_user_version_positive CHECK (version >= 1)
);

CREATE TRIGGER trg_user_touch BEFORE UPDATE ON "user" FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();

CREATE UNIQUE INDEX ux_user_login ON "user" USING btree (login) WHERE deleted_at IS NULL;
CREATE INDEX ix_user_employee_id ON "user" USING btree (employee_id);
CREATE INDEX ix_user_version ON "user" USING btree (version);

COMMENT ON TABLE "user" IS 'A login to the back office. Its table is `user`, a reserved word, quoted everywhere.';
COMMENT ON COLUMN "user".user_id IS 'The primary key, a random UUID set by the database.';
COMMENT ON COLUMN "user"."default" IS 'Whether this is the account used when none is chosen.';
COMMENT ON COLUMN "user".created_at IS 'When the row was inserted.';
COMMENT ON COLUMN "user".updated_at IS 'When the row was last changed.';
COMMENT ON COLUMN "user".deleted_at IS 'When the row was soft-deleted; NULL while it is active.';
COMMENT ON COLUMN "user".version IS 'The optimistic-lock version, 1 on insert and incremented by every update.';

COMMIT;
