import Foundation
import PostgresNIO
import Taxiway
import TaxigenCore
import Testing

/// `history: true` on real PostgreSQL 18 and 15: the trigger records every operation, hand-written SQL
/// included, with the principal; a migration's backfill by the owner is not recorded, the same setting from
/// the application role is ignored; the application role cannot change, delete, truncate or forge history.
@Suite("Entity history (trigger and guard)")
struct EntityHistoryTests {
    static let spec = """
        entity: Ledger
        history: true
        fields:
          amount: { type: decimal, precision: 12, scale: 2 }
          note: { type: text, nullable: true }
          secret: { type: string, max_length: 40, sensitive: true, nullable: true }
        """

    /// A fresh database with the schema.sql of the ledger spec applied.
    static func withLedgerDatabase(on server: TestServer, _ body: (PostgresConnection, String) async throws -> Void) async throws {
        let schema = try Specs.schema(["specs/ledger.yaml": spec])
        let generator = Generator(config: ProjectConfig(projectDirectory: "/nonexistent"))
        let file = try #require(generator.plan(schema).first { $0.path == "SQL/schema.sql" })
        let ddl = try generator.render([file], with: TemplateSet.defaults())[0].contents
        try await server.withFreshDatabase { name in
            try await server.withConnection(to: name) { connection in
                for statement in SQLScript(ddl).statements {
                    try await connection.run(statement.text)
                }
                try await body(connection, name)
            }
        }
    }

    /// The history of the ledger rows, oldest first: operation, version, principal, amount, note, secret (hex).
    static func history(_ connection: PostgresConnection) async throws -> [[String?]] {
        try await connection.texts("""
            SELECT history_operation, version::text, history_principal, amount::text, note, encode(secret, 'hex')
            FROM ledgers_history ORDER BY history_id
            """)
    }

    @Test("hand-written SQL: insert, update, soft delete, restore and DELETE are each one entry, with version and principal",
          arguments: [TestServer.pg18, .pg15])
    func recordsEveryOperation(_ server: TestServer) async throws {
        try await Self.withLedgerDatabase(on: server) { connection, _ in
            let id = try #require(try await connection.text(
                "INSERT INTO ledgers (amount, secret) VALUES (10.00, '\\x0a0b0c'::bytea) RETURNING ledger_id::text"))
            try await connection.run("BEGIN")
            try await connection.run("SELECT set_config('taxiway.principal', 'user:42', true)")
            try await connection.run("UPDATE ledgers SET amount = 20.00, note = 'raised' WHERE ledger_id = '\(id)'")
            try await connection.run("COMMIT")
            try await connection.run("UPDATE ledgers SET deleted_at = now() WHERE ledger_id = '\(id)'")
            try await connection.run("BEGIN")
            try await connection.run("SELECT set_config('taxiway.principal', '', true)")
            try await connection.run("UPDATE ledgers SET deleted_at = NULL WHERE ledger_id = '\(id)'")
            try await connection.run("COMMIT")
            try await connection.run("BEGIN")
            try await connection.run("SELECT set_config('taxiway.principal', 'job:purge', true)")
            try await connection.run("DELETE FROM ledgers WHERE ledger_id = '\(id)'")
            try await connection.run("COMMIT")
            #expect(try await Self.history(connection) == [
                ["insert", "1", "unknown", "10.00", nil, "0a0b0c"],
                ["update", "2", "user:42", "20.00", "raised", "0a0b0c"],
                ["delete", "3", "unknown", "20.00", "raised", "0a0b0c"],
                ["restore", "4", "unknown", "20.00", "raised", "0a0b0c"],
                ["hard_delete", "4", "job:purge", "20.00", "raised", "0a0b0c"],
            ])
            // Every entry is for this row, and each later entry is written later.
            #expect(try await connection.text("SELECT count(DISTINCT ledger_id)::text FROM ledgers_history") == "1")
            #expect(try await connection.text("""
                SELECT bool_and(ok)::text FROM (SELECT history_at >= lag(history_at) OVER (ORDER BY history_id) AS ok FROM ledgers_history) t
                WHERE ok IS NOT NULL
                """) == "true")
        }
    }

    @Test("a backfill by the table's owner with taxiway.maintenance on is not recorded", arguments: [TestServer.pg18, .pg15])
    func ownerBackfillIsNotRecorded(_ server: TestServer) async throws {
        try await Self.withLedgerDatabase(on: server) { connection, _ in
            try await connection.run("INSERT INTO ledgers (amount) VALUES (1.00), (2.00)")
            try await connection.run("BEGIN")
            try await connection.run("SET LOCAL taxiway.maintenance = 'on'")
            try await connection.run("UPDATE ledgers SET note = 'backfilled'")
            try await connection.run("COMMIT")
            #expect(try await connection.text("SELECT count(*)::text FROM ledgers_history") == "2")
            #expect(try await connection.text("SELECT string_agg(DISTINCT version::text, ',') FROM ledgers") == "1")
            // The owner may prune history with the setting on, and only so.
            await #expect(throws: (any Error).self) {
                try await connection.run("DELETE FROM ledgers_history")
            }
            try await connection.run("BEGIN")
            try await connection.run("SET LOCAL taxiway.maintenance = 'on'")
            try await connection.run("DELETE FROM ledgers_history")
            try await connection.run("COMMIT")
            #expect(try await connection.text("SELECT count(*)::text FROM ledgers_history") == "0")
        }
    }

    @Test("the application role: its writes are recorded (maintenance ignored), and it cannot change, delete, truncate or forge history",
          arguments: [TestServer.pg18, .pg15])
    func applicationRoleIsRefused(_ server: TestServer) async throws {
        let role = "hist_app_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try await server.connect()
        try await admin.run("CREATE ROLE \(role) NOLOGIN")
        do {
            try await Self.withLedgerDatabase(on: server) { connection, _ in
                // What an application role is granted (docs/ddl.md): its tables, and SELECT and INSERT on the history.
                try await connection.run("GRANT USAGE ON SCHEMA public TO \(role)")
                try await connection.run("GRANT SELECT, INSERT, UPDATE, DELETE ON ledgers TO \(role)")
                try await connection.run("GRANT SELECT, INSERT ON ledgers_history TO \(role)")
                try await connection.run("SET ROLE \(role)")
                #expect(try await connection.text("SELECT current_user") == role)
                let id = try #require(try await connection.text("INSERT INTO ledgers (amount) VALUES (5.00) RETURNING ledger_id::text"))
                try await connection.run("BEGIN")
                try await connection.run("SET LOCAL taxiway.maintenance = 'on'")
                try await connection.run("UPDATE ledgers SET amount = 6.00 WHERE ledger_id = '\(id)'")
                try await connection.run("COMMIT")
                #expect(try await Self.history(connection).map { $0[0] } == ["insert", "update"])

                let refused = [
                    "UPDATE ledgers_history SET amount = 0",
                    "DELETE FROM ledgers_history",
                    "TRUNCATE ledgers_history",
                    "INSERT INTO ledgers_history (history_operation, history_at, history_principal, ledger_id, amount) VALUES ('insert', now(), 'forged', gen_random_uuid(), 1)",
                ]
                for sql in refused {
                    try await Self.expectRefused(sql, on: connection)
                }
                // Even with every privilege on the history, the guard refuses; so it does TRUNCATE of the table.
                try await connection.run("RESET ROLE")
                try await connection.run("GRANT ALL ON ledgers_history TO \(role)")
                try await connection.run("GRANT TRUNCATE ON ledgers TO \(role)")
                try await connection.run("SET ROLE \(role)")
                for sql in refused + ["TRUNCATE ledgers"] {
                    try await Self.expectRefused(sql, on: connection)
                }
                // Nor does the maintenance setting let it through: only the owner's.
                try await connection.run("BEGIN")
                try await connection.run("SET LOCAL taxiway.maintenance = 'on'")
                try await Self.expectRefused("DELETE FROM ledgers_history", on: connection)
                try await connection.run("ROLLBACK")
                try await connection.run("RESET ROLE")
                #expect(try await Self.history(connection).map { $0[0] } == ["insert", "update"])
            }
        } catch {
            try? await admin.run("DROP ROLE IF EXISTS \(role)")
            try? await admin.close()
            throw error
        }
        try await admin.run("DROP ROLE IF EXISTS \(role)")
        try await admin.close()
    }

    /// `sql` fails with SQLSTATE 42501, which Taxiway maps to a non-retryable `DatabaseError`.
    static func expectRefused(_ sql: String, on connection: PostgresConnection,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        do {
            try await connection.run(sql)
            Issue.record("the application role ran: \(sql)", sourceLocation: sourceLocation)
        } catch {
            #expect(serverMessage(of: error).hasPrefix("42501:"), "\(sql): \(serverMessage(of: error))", sourceLocation: sourceLocation)
            let mapped = try #require(DatabaseErrorMapper.map(error) as? DatabaseError, sourceLocation: sourceLocation)
            #expect(mapped.sqlState == "42501" && !mapped.isRetryable, sourceLocation: sourceLocation)
        }
    }
}
