import Foundation
import TaxigenCore
import Testing

/// `taxigen db diff`: the drift of a live database from the specs.
@Suite("db diff")
struct DatabaseDiffTests {
    @Test("no drift on a database built from schema.sql or migrated; every kind of drift reported, exit 2")
    func drift() async throws {
        let project = try TemporaryProject(revision: Revisions.count)
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            try await TestServer.withConnection(to: database) { connection in
                for statement in SQLScript(try Revisions.freshDDL(Revisions.count)).statements { try await connection.run(statement.text) }
            }
            let clean = try await project.run("db", "diff", "--database", url)
            #expect(clean.status == 0, "\(clean.output)")
            #expect(clean.standardOutput.contains("No drift"))
            try await TestServer.withConnection(to: database) { connection in
                try await connection.run("CREATE TABLE scratch (id integer)")
                try await connection.run("ALTER TABLE customers ADD COLUMN fax text")
                try await connection.run("ALTER TABLE customers DROP COLUMN remark")
                try await connection.run("ALTER TABLE products ALTER COLUMN title TYPE text")
                try await connection.run("ALTER TABLE invoices ALTER COLUMN paid_at SET NOT NULL")
                try await connection.run("DROP INDEX ix_invoices_version")
                try await connection.run("DROP INDEX ix_products_sku")
                try await connection.run("CREATE INDEX ix_products_sku ON products (sku) WHERE deleted_at IS NULL")
                try await connection.run("ALTER TABLE invoices DROP CONSTRAINT ck_invoices_amount_range")
                try await connection.run("ALTER TABLE invoices ADD CONSTRAINT fk_invoices_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id)")
                try await connection.run("DROP INDEX ux_products_title")
                // A plain index in the specs with a pattern class in the database is drift; the default class written out is not.
                try await connection.run("DROP INDEX ix_customers_status")
                try await connection.run("CREATE INDEX ix_customers_status ON customers (status text_pattern_ops)")
                try await connection.run("DROP INDEX ix_customers_version")
                try await connection.run("CREATE INDEX ix_customers_version ON customers (version int4_ops)")
                try await connection.run("INSERT INTO products (sku, title) VALUES ('A', 'Twin'), ('B', 'Twin')")
            }
            // A unique index over duplicate values, built concurrently, fails and stays behind invalid.
            let psql = try await Psql.run(script: "CREATE UNIQUE INDEX CONCURRENTLY ux_products_title ON products (title) WHERE deleted_at IS NULL;\n", database: database)
            #expect(psql.status == 3, "\(psql.output)")
            let drift = try await project.run("db", "diff", "--database", url)
            #expect(drift.status == 2, "\(drift.output)")
            let expected = [
                "extra column customers.fax: text",
                "missing column customers.remark: varchar(500)",
                "changed column products.title: type text, the specs say character varying(100)",
                "changed column invoices.paid_at: NOT NULL, the specs say NULL",
                "missing index invoices.ix_invoices_version: CREATE INDEX ix_invoices_version ON invoices USING btree (version)",
                "changed index products.ix_products_sku: WHERE (deleted_at IS NULL)",
                "changed index customers.ix_customers_status: operator class text_pattern_ops; the specs say: CREATE INDEX ix_customers_status ON customers USING btree (status)",
                "missing CHECK invoices.ck_invoices_amount_range: amount >= 0",
                "extra table scratch: 1 columns",
                "invalid index products.ux_products_title: a failed CREATE INDEX CONCURRENTLY left it",
                "foreign key invoices.fk_invoices_customer: FOREIGN KEY (customer_id) REFERENCES customers(customer_id)",
            ]
            for line in expected {
                #expect(drift.standardOutput.contains(line), "db diff reports '\(line)':\n\(drift.standardOutput)")
            }
            #expect(drift.standardOutput.split(separator: "\n").count == expected.count, "\(drift.standardOutput)")
        }
    }

    @Test("a partitioned table's partitions, with the indexes and constraints PostgreSQL copies onto them, are not drift")
    func partitionsAreNotDrift() async throws {
        let scenario = try Scenario([[
            "event.yaml": """
                entity: Event
                append_only:
                  partition: { by: created_at, interval: day, ahead: 3 }
                fields:
                  kind: { type: string, max_length: 20, index: true }
                  amount: { type: int, minimum: 0 }
                """,
        ]])
        let schema = try Revisions.schema(1, fixtures: scenario.fixtures)
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                for statement in SQLScript(try Revisions.freshDDL(1, fixtures: scenario.fixtures)).statements {
                    try await connection.run(statement.text)
                }
                _ = try await connection.text("SELECT count(*)::text FROM events_create_partitions(3)")
                #expect(try await connection.text("SELECT count(*)::text FROM pg_inherits WHERE inhparent = 'events'::regclass") == "4")
                let migrations = NIOMigrationConnection(connection: connection)
                let drift = DatabaseDrift(expected: SchemaSnapshot(schema: schema), actual: try await LiveCatalog.read(from: migrations))
                #expect(drift.items.isEmpty, "\(drift.items.map(\.description))")
                // Drift on the partitioned table itself is still seen.
                try await connection.run("ALTER TABLE events ADD COLUMN note text")
                let changed = DatabaseDrift(expected: SchemaSnapshot(schema: schema), actual: try await LiveCatalog.read(from: migrations))
                #expect(changed.items.map(\.description) == ["extra column events.note: text"])
            }
        }
    }

    @Test("a database migrated through every revision has no drift (the ledger table is not drift)")
    func migratedDatabase() async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let migrations = NIOMigrationConnection(connection: connection)
                try await MigrationRunner(history: history).apply(to: Revisions.count, on: migrations)
                let drift = DatabaseDrift(expected: SchemaSnapshot(schema: try Revisions.schema(Revisions.count)),
                                          actual: try await LiveCatalog.read(from: migrations))
                #expect(drift.items.isEmpty, "\(drift.items.map(\.description))")
            }
        }
    }
}
