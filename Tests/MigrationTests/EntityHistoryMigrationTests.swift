import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// Migrations of `history: true` on real PostgreSQL 18 and 15: a history created with its table and on an
/// existing one, following its table's columns (added, renamed, dropped, converted) up and down, turned off
/// (dropped, irreversible), and dropped with its entity; `db diff` expects each history table.
@Suite("Entity history migrations")
struct EntityHistoryMigrationTests {
    static func thing(_ fields: String, history: Bool?) throws -> Schema {
        try Specs.schema(["specs/thing.yaml": "entity: Thing\n" + (history.map { "history: \($0)\n" } ?? "") + "fields:\n" + fields])
    }

    static let v1 = "  name: { type: string, max_length: 20 }\n  size: { type: int, nullable: true }\n"
    /// `name` widened and renamed to `title`, `code` added NOT NULL with a constant default (reversible).
    static let v2 = "  title: { type: string, max_length: 40, renamed_from: name }\n  size: { type: int, nullable: true }\n"
        + "  code: { type: string, max_length: 8, default: abc }\n"
    /// `size` dropped (irreversible).
    static let v3 = "  title: { type: string, max_length: 40 }\n  code: { type: string, max_length: 8, default: abc }\n"

    /// Runs the units of one direction of a plan, as `migrate apply` does (a transaction unit in BEGIN/COMMIT).
    static func apply(_ units: [MigrationUnit], on connection: PostgresConnection) async throws {
        for unit in units {
            if unit.kind == .transaction { try await connection.run("BEGIN") }
            for statement in unit.statements {
                do {
                    try await connection.run(statement.sql)
                } catch {
                    Issue.record("\(serverMessage(of: error)) in: \(statement.sql)")
                    throw error
                }
            }
            if unit.kind == .transaction { try await connection.run("COMMIT") }
        }
    }

    /// The plan from `old` to `new`, applied upwards.
    @discardableResult
    static func migrate(from old: Schema, to new: Schema, on connection: PostgresConnection) async throws -> MigrationPlan {
        let plan = try Specs.plan(from: old, to: new)
        try await apply(plan.up, on: connection)
        return plan
    }

    /// The columns of a table, `name type nullability`, sorted by name.
    static func columns(_ table: String, _ connection: PostgresConnection) async throws -> [String] {
        try await connection.texts("""
            SELECT column_name || ' ' || format_type(atttypid, atttypmod) || ' ' || is_nullable
            FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = '\(table)'::regclass AND a.attname = c.column_name
            WHERE c.table_name = '\(table)' ORDER BY column_name
            """).compactMap { $0[0] }
    }

    static func tableExists(_ table: String, _ connection: PostgresConnection) async throws -> Bool {
        try await connection.text("SELECT (to_regclass('\(table)') IS NOT NULL)::text") == "true"
    }

    static func expectNoDrift(_ schema: Schema, _ connection: PostgresConnection,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let items = try await drift(schema, connection)
        #expect(items == [], sourceLocation: sourceLocation)
    }

    static func drift(_ schema: Schema, _ connection: PostgresConnection) async throws -> [String] {
        let catalog = try await LiveCatalog.read(from: NIOMigrationConnection(connection: connection))
        return DatabaseDrift(expected: SchemaSnapshot(schema: schema), actual: catalog).items.map(\.description)
    }

    @Test("turned on for an existing table, the history follows its columns up and down, then is turned off",
          arguments: [TestServer.pg18, .pg15])
    func startFollowAndEnd(_ server: TestServer) async throws {
        let plain = try Self.thing(Self.v1, history: nil)
        let recorded = try Self.thing(Self.v1, history: true)
        let changed = try Self.thing(Self.v2, history: true)
        let narrowed = try Self.thing(Self.v3, history: true)
        let declined = try Self.thing(Self.v3, history: false)
        try await server.withFreshDatabase { name in
            try await server.withConnection(to: name) { connection in
                try await Self.migrate(from: Schema(entities: []), to: plain, on: connection)
                try await connection.run("INSERT INTO things (name, size) VALUES ('before', 1)")

                let start = try await Self.migrate(from: plain, to: recorded, on: connection)
                #expect(start.summary.contains("+ history things_history of table things"))
                #expect(start.summary.contains("+ function taxiway_history_guard()"))
                #expect(start.isReversible)
                try await Self.expectNoDrift(recorded, connection)
                try await connection.run("INSERT INTO things (name, size) VALUES ('first', 2)")
                try await connection.run("UPDATE things SET size = 3 WHERE name = 'first'")
                #expect(try await connection.texts("SELECT history_operation, name FROM things_history ORDER BY history_id")
                        == [["insert", "first"], ["update", "first"]])

                let follow = try Self.plan(from: recorded, to: changed)
                #expect(follow.summary.contains("things: history things_history follows its columns"))
                try await Self.apply(follow.up, on: connection)
                #expect(try await Self.columns("things_history", connection) == [
                    "code character varying(8) YES", "created_at timestamp with time zone YES", "deleted_at timestamp with time zone YES",
                    "history_at timestamp with time zone NO", "history_id bigint NO", "history_operation text NO",
                    "history_principal text NO", "size integer YES", "thing_id uuid YES", "title character varying(40) YES",
                    "updated_at timestamp with time zone YES", "version integer YES",
                ])
                try await Self.expectNoDrift(changed, connection)
                // Older entries hold the constant default the rows got; new entries record the new columns.
                try await connection.run("UPDATE things SET title = 'second', code = 'xyz' WHERE title = 'first'")
                #expect(try await connection.texts("SELECT history_operation, title, code FROM things_history ORDER BY history_id")
                        == [["insert", "first", "abc"], ["update", "first", "abc"], ["update", "second", "xyz"]])
                // The migration's backfill-free changes recorded nothing.
                #expect(try await connection.text("SELECT count(*)::text FROM things_history") == "3")

                // Down: the history's columns go back, and the function records the old ones again.
                try await Self.apply(follow.down, on: connection)
                try await Self.expectNoDrift(recorded, connection)
                try await connection.run("UPDATE things SET size = 9 WHERE name = 'second'")
                #expect(try await connection.texts("SELECT history_operation, name, size::text FROM things_history ORDER BY history_id DESC LIMIT 1")
                        == [["update", "second", "9"]])
                try await Self.apply(follow.up, on: connection)

                // A dropped column goes from the history too (irreversible, as for the table).
                let drop = try await Self.migrate(from: changed, to: narrowed, on: connection)
                #expect(!drop.isReversible)
                #expect(drop.warnings.contains("drops column things_history.size and the history's values of it"))
                #expect(try await !Self.columns("things_history", connection).contains { $0.hasPrefix("size ") })
                try await Self.expectNoDrift(narrowed, connection)
                try await connection.run("UPDATE things SET code = 'v3'")
                #expect(try await connection.text("SELECT code FROM things_history ORDER BY history_id DESC LIMIT 1") == "v3")

                let end = try await Self.migrate(from: narrowed, to: declined, on: connection)
                #expect(!end.isReversible)
                #expect(end.warnings.contains("drops history table things_history and every row in it"))
                #expect(try await !Self.tableExists("things_history", connection))
                #expect(try await connection.text("SELECT count(*)::text FROM pg_proc WHERE proname LIKE 'taxiway_record_%' OR proname = 'taxiway_history_guard'") == "0")
                try await connection.run("UPDATE things SET code = 'end'")
                try await connection.run("TRUNCATE things")
                try await Self.expectNoDrift(declined, connection)
            }
        }
    }

    @Test("a new entity with a history is created with it (and its downgrade drops both); a dropped entity takes its history along",
          arguments: [TestServer.pg18, .pg15])
    func createdAndDroppedWithTheTable(_ server: TestServer) async throws {
        let empty = Schema(entities: [])
        let recorded = try Self.thing(Self.v1, history: true)
        try await server.withFreshDatabase { name in
            try await server.withConnection(to: name) { connection in
                let create = try await Self.migrate(from: empty, to: recorded, on: connection)
                try await Self.expectNoDrift(recorded, connection)
                try await connection.run("INSERT INTO things (name) VALUES ('a')")
                #expect(try await connection.text("SELECT history_operation FROM things_history") == "insert")
                try await Self.apply(create.down, on: connection)
                #expect(try await !Self.tableExists("things", connection))
                #expect(try await !Self.tableExists("things_history", connection))
                #expect(try await connection.text("SELECT count(*)::text FROM pg_proc WHERE proname LIKE 'taxiway_%'") == "0")

                try await Self.apply(create.up, on: connection)
                let drop = try await Self.migrate(from: recorded, to: empty, on: connection)
                #expect(drop.summary.contains("- history things_history of table things (drops its rows)"))
                #expect(try await !Self.tableExists("things_history", connection))
                #expect(try await connection.text("SELECT count(*)::text FROM pg_proc WHERE proname LIKE 'taxiway_%'") == "0")
            }
        }
    }

    @Test("the snapshot records the history, and one written before it existed reads as none")
    func snapshot() throws {
        let recorded = try Self.thing(Self.v1, history: true)
        let table = try #require(SchemaSnapshot(schema: recorded).table(named: "things"))
        #expect(table.history == HistorySnapshot(table: "things_history", function: "taxiway_record_things", trigger: "trg_things_history"))
        let file = try SnapshotFile(id: "0001_x", parent: nil, schema: SchemaSnapshot(schema: recorded)).encoded()
        #expect(file.contains("\"history\""))
        let plain = try SnapshotFile(id: "0001_x", parent: nil, schema: SchemaSnapshot(schema: Self.thing(Self.v1, history: nil))).encoded()
        #expect(!plain.contains("history"))
        #expect(try SnapshotFile.decode(plain).schema.table(named: "things")?.history == nil)
        // history: false is the same database as no history key.
        #expect(SchemaSnapshot(schema: try Self.thing(Self.v1, history: false)) == SchemaSnapshot(schema: try Self.thing(Self.v1, history: nil)))
    }

    static func plan(from old: Schema, to new: Schema) throws -> MigrationPlan { try Specs.plan(from: old, to: new) }
}
