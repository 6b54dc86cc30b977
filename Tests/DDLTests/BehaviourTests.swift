import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// What the applied DDL does with real rows: CHECK constraints refuse what validation refuses, unique
/// indexes hold among active rows only, and the trigger keeps `updated_at` and `version` right for plain SQL.
@Suite("DDL behaviour")
struct BehaviourTests {
    private func withExampleDatabase(_ server: TestServer, _ body: (PostgresConnection) async throws -> Void) async throws {
        let ddl = try ExampleProject.ddl(for: ExampleProject.schema(for: server))
        try await server.withFreshDatabase { connection, _ in
            try await DDLApplier.apply(ddl, on: connection, label: "\(server) behaviour")
            try await body(connection)
        }
    }

    private func insertCustomer(_ connection: PostgresConnection, name: String = "Ada", email: String) async throws -> UUID {
        try await connection.row("INSERT INTO customers (name, email) VALUES (\(name), \(email)) RETURNING customer_id")
            .decode(UUID.self)
    }

    @Test("CHECK constraints refuse an enum value outside, too short text, a negative number, too many items",
          arguments: TestServer.allCases)
    func checksRefuseBadRows(server: TestServer) async throws {
        try await withExampleDatabase(server) { db in
            // Valid rows go in, so each refusal below is about its one bad value.
            let customer = try await insertCustomer(db, email: "ada@example.com")
            let order = UUID(), product = UUID()
            try await db.run("INSERT INTO order_lines (order_id, product_id, quantity, unit_price, discounts) VALUES ('\(order)', '\(product)', 1, 9.99, '{0, 0.5, 1}')")
            try await db.run("INSERT INTO \"user\" (login, roles) VALUES ('ada', '{admin}')")
            try await db.run("INSERT INTO employees (full_name, email, hired_on, salary_cents) VALUES ('Bob', 'bob@example.com', '2024-01-31', 0)")
            try await db.run("INSERT INTO support_tickets (customer_id, subject, body, scores) VALUES ('\(customer)', 'Hi!', 'x', '{0, 10}')")

            await expectRefusal("23514", constraint: "ck_customers_status_values", "enum value outside") {
                try await db.run("INSERT INTO customers (name, email, status) VALUES ('Eve', 'eve@example.com', 'archived')")
            }
            await expectRefusal("23514", constraint: "ck_customers_name_length", "empty name") {
                try await db.run("INSERT INTO customers (name, email) VALUES ('', 'empty@example.com')")
            }
            await expectRefusal("23514", constraint: "ck_support_tickets_subject_length", "too short subject") {
                try await db.run("INSERT INTO support_tickets (customer_id, subject, body) VALUES ('\(customer)', 'ab', 'x')")
            }
            await expectRefusal("23514", constraint: "ck_support_tickets_body_length", "empty text") {
                try await db.run("INSERT INTO support_tickets (customer_id, subject, body) VALUES ('\(customer)', 'abc', '')")
            }
            await expectRefusal("23514", constraint: "ck_employees_salary_cents_range", "negative number") {
                try await db.run("INSERT INTO employees (full_name, email, hired_on, salary_cents) VALUES ('Neg', 'neg@example.com', '2024-01-31', -1)")
            }
            await expectRefusal("23514", constraint: "ck_customers_credit_range", "negative decimal") {
                try await db.run("UPDATE customers SET credit = -0.01 WHERE customer_id = '\(customer)'")
            }
            await expectRefusal("23514", constraint: "ck_order_lines_quantity_range", "above the maximum") {
                try await db.run("UPDATE order_lines SET quantity = 1001")
            }
            await expectRefusal("23514", constraint: "ck_order_lines_discounts_items", "too many array items") {
                try await db.run("UPDATE order_lines SET discounts = '{0, 0, 0, 0, 0, 0}'")
            }
            await expectRefusal("23514", constraint: "ck_order_lines_discounts_item_range", "an array item out of range") {
                try await db.run("UPDATE order_lines SET discounts = '{0.5, 1.5}'")
            }
            await expectRefusal("23514", constraint: "ck_support_tickets_scores_item_range", "a negative array item") {
                try await db.run("UPDATE support_tickets SET scores = '{-1}'")
            }
            await expectRefusal("23514", constraint: "ck_user_roles_items", "too few array items") {
                try await db.run("INSERT INTO \"user\" (login, roles) VALUES ('nobody', '{}')")
            }
            await expectRefusal("23514", constraint: "ck_customers_tags_items", "too many tags") {
                let tags = (1...21).map { "t\($0)" }
                try await db.run("UPDATE customers SET tags = '{\(tags.joined(separator: ","))}'")
            }
            await expectRefusal("23514", constraint: "ck_customers_version_positive", "version 0") {
                try await db.run("INSERT INTO customers (name, email, version) VALUES ('Zero', 'zero@example.com', 0)")
            }
            await expectRefusal("22001", "text longer than varchar(n)") {
                try await db.run("INSERT INTO customers (name, email) VALUES ('Long', '\(String(repeating: "a", count: 321))')")
            }
            await expectRefusal("22001", "an array item longer than varchar(n)[]") {
                try await db.run("UPDATE customers SET tags = '{\(String(repeating: "t", count: 33))}'")
            }
            await expectRefusal("23502", "NULL in a NOT NULL column") {
                try await db.run("INSERT INTO customers (name, email) VALUES (NULL, 'null@example.com')")
            }
            // What the database refused, it did not store.
            #expect(try await db.row("SELECT count(*) FROM customers").decode(Int64.self) == 1)
        }
    }

    @Test("a soft-deleted row does not block a new one with the same unique value; two active ones conflict",
          arguments: TestServer.allCases)
    func uniqueAmongActiveRows(server: TestServer) async throws {
        try await withExampleDatabase(server) { db in
            let first = try await insertCustomer(db, email: "same@example.com")
            await expectRefusal("23505", constraint: "ux_customers_email", "a second active row") {
                _ = try await insertCustomer(db, name: "Twin", email: "same@example.com")
            }
            try await db.run("UPDATE customers SET deleted_at = now() WHERE customer_id = '\(first)'")
            let second = try await insertCustomer(db, name: "Again", email: "same@example.com")
            #expect(second != first)
            await expectRefusal("23505", constraint: "ux_customers_email", "a third row beside an active one") {
                _ = try await insertCustomer(db, name: "Third", email: "same@example.com")
            }
            await expectRefusal("23505", constraint: "ux_customers_email", "restoring the soft-deleted row") {
                try await db.run("UPDATE customers SET deleted_at = NULL WHERE customer_id = '\(first)'")
            }

            // The same on the reserved-word table and a composite unique index.
            try await db.run("INSERT INTO \"user\" (login) VALUES ('grace')")
            await expectRefusal("23505", constraint: "ux_user_login", "a second active login") {
                try await db.run("INSERT INTO \"user\" (login, \"default\") VALUES ('grace', true)")
            }
            try await db.run("UPDATE \"user\" SET deleted_at = now() WHERE login = 'grace'")
            try await db.run("INSERT INTO \"user\" (login, \"default\") VALUES ('grace', true)")

            let order = UUID(), product = UUID()
            let line = "INSERT INTO order_lines (order_id, product_id, quantity, unit_price) VALUES ('\(order)', '\(product)', 1, 1)"
            try await db.run(line)
            await expectRefusal("23505", constraint: "ux_order_lines_order_id_product_id", "the same product twice") {
                try await db.run(line)
            }
            try await db.run("UPDATE order_lines SET deleted_at = now()")
            try await db.run(line)
            #expect(try await db.row("SELECT count(*) FROM order_lines").decode(Int64.self) == 2)
        }
    }

    @Test("the trigger bumps updated_at and version on a plain UPDATE; a version check still works",
          arguments: TestServer.allCases)
    func triggerKeepsAuditColumns(server: TestServer) async throws {
        try await withExampleDatabase(server) { db in
            let id = try await insertCustomer(db, email: "touch@example.com")
            let select: PostgresQuery = "SELECT created_at, updated_at, version FROM customers WHERE customer_id = \(id)"
            let (created, inserted, version0) = try await db.row(select).decode((Date, Date, Int32).self)
            #expect(version0 == 1 && created == inserted)

            try await db.run("UPDATE customers SET name = 'Renamed' WHERE customer_id = '\(id)'")
            let (created1, updated1, version1) = try await db.row(select).decode((Date, Date, Int32).self)
            #expect(version1 == 2)
            #expect(updated1 > inserted)
            #expect(created1 == created, "created_at never changes")

            // Whatever a hand-written statement sets, the trigger decides.
            try await db.run("UPDATE customers SET name = 'Forced', version = 42, updated_at = '2000-01-01T00:00:00Z' WHERE customer_id = '\(id)'")
            let (_, updated2, version2) = try await db.row(select).decode((Date, Date, Int32).self)
            #expect(version2 == 3)
            #expect(updated2 > updated1)

            // The repository's optimistic check: WHERE sees the old version, then the trigger bumps it once.
            let stale = try await db.rows("UPDATE customers SET name = 'Stale' WHERE customer_id = \(id) AND version = 2 RETURNING version")
            #expect(stale.isEmpty, "a stale version updates nothing")
            let fresh = try await db.row("UPDATE customers SET name = 'Fresh', version = version + 1 WHERE customer_id = \(id) AND version = 3 RETURNING version")
            #expect(try fresh.decode(Int32.self) == 4, "SET version = version + 1 and the trigger bump it once, not twice")

            // A soft delete is an update too.
            let deleted = try await db.row("UPDATE customers SET deleted_at = now() WHERE customer_id = \(id) AND version = 4 RETURNING version, deleted_at IS NOT NULL")
            let (deletedVersion, isDeleted) = try deleted.decode((Int32, Bool).self)
            #expect(deletedVersion == 5 && isDeleted)

            // And on the quoted table, for a quoted column.
            try await db.run("INSERT INTO \"user\" (login) VALUES ('linus')")
            let user = try await db.row("UPDATE \"user\" SET \"default\" = true WHERE login = 'linus' RETURNING version, \"default\"")
            let (userVersion, isDefault) = try user.decode((Int32, Bool).self)
            #expect(userVersion == 2 && isDefault)
        }
    }
}
