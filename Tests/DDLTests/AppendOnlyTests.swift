import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// The DDL of `append_only:` on real PostgreSQL 18 and 15: UPDATE, DELETE and TRUNCATE are refused (also
/// for a superuser-owned table's owner without `taxiway.maintenance`), and a partitioned table's maintenance
/// functions create partitions ahead and detach old ones, which keep their rows.
@Suite("Append-only DDL")
struct AppendOnlyTests {
    static let specs = [
        "specs/event.yaml": """
            entity: Event
            append_only: true
            fields:
              kind: { type: string, max_length: 40 }
              code: { type: string, max_length: 20, unique: true, nullable: true }
            """,
        "specs/reading.yaml": """
            entity: Reading
            table: sensor_readings
            append_only:
              partition: { interval: month, ahead: 2 }
            json_data: true
            fields:
              sensor: { type: string, max_length: 40 }
              value: { type: double }
            indexes:
              - fields: [sensor, created_at]
            """,
    ]

    private func withSchema(_ server: TestServer, _ body: (PostgresConnection) async throws -> Void) async throws {
        let schema = try Specs.check(Self.specs).schema
        let ddl = try ExampleProject.ddl(for: schema)
        try await server.withFreshDatabase { connection, _ in
            try await DDLApplier.apply(ddl, on: connection, label: "\(server) append-only")
            try await body(connection)
        }
    }

    /// The partitions of `sensor_readings` in pg_inherits, by name.
    private func partitions(_ db: PostgresConnection) async throws -> [String] {
        try await db.rows("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sensor_readings'::regclass ORDER BY 1")
            .map { try $0.decode(String.self) }
    }

    @Test("UPDATE, DELETE and TRUNCATE of append-only rows are refused with SQLSTATE 42501", arguments: TestServer.allCases)
    func changesRefused(server: TestServer) async throws {
        try await withSchema(server) { db in
            try await db.run("INSERT INTO events (kind, code) VALUES ('created', 'a1')")
            try await db.run("INSERT INTO sensor_readings (sensor, value) VALUES ('t1', 21.5)")
            await expectRefusal("42501", "UPDATE of an append-only row") {
                try await db.run("UPDATE events SET kind = 'changed'")
            }
            await expectRefusal("42501", "DELETE of an append-only row") {
                try await db.run("DELETE FROM events")
            }
            await expectRefusal("42501", "TRUNCATE of an append-only table") {
                try await db.run("TRUNCATE events")
            }
            await expectRefusal("42501", "UPDATE of a partitioned append-only row") {
                try await db.run("UPDATE sensor_readings SET value = 0")
            }
            await expectRefusal("42501", "DELETE of a partitioned append-only row") {
                try await db.run("DELETE FROM sensor_readings")
            }
            // A partition's rows are refused as well: the row trigger is cloned to every partition.
            let partition = try #require(try await partitions(db).first)
            await expectRefusal("42501", "DELETE through a partition") {
                try await db.run("DELETE FROM \(partition)")
            }
            let kinds = try await db.rows("SELECT kind FROM events").map { try $0.decode(String.self) }
            #expect(kinds == ["created"])
            let count = try await db.row("SELECT count(*) FROM sensor_readings").decode(Int64.self)
            #expect(count == 1)
            // Unique fields still hold on an unpartitioned append-only table.
            await expectRefusal("23505", constraint: "ux_events_code", "a repeated unique code") {
                try await db.run("INSERT INTO events (kind, code) VALUES ('again', 'a1')")
            }
            // The table's owner may change rows in a maintenance transaction (a backfill, a reseal).
            try await db.run("BEGIN")
            try await db.run("SELECT set_config('taxiway.maintenance', 'on', true)")
            try await db.run("UPDATE events SET kind = 'backfilled'")
            try await db.run("COMMIT")
            let backfilled = try await db.rows("SELECT kind FROM events").map { try $0.decode(String.self) }
            #expect(backfilled == ["backfilled"])
        }
    }

    @Test("the table gets its current partition and the next ones; create_partitions adds the missing ones ahead",
          arguments: TestServer.allCases)
    func partitionsCreatedAhead(server: TestServer) async throws {
        try await withSchema(server) { db in
            let month = try await db.row("SELECT to_char(date_trunc('month', now(), 'UTC') AT TIME ZONE 'UTC', 'YYYYMMDD')")
                .decode(String.self)
            let initial = try await partitions(db)
            #expect(initial.count == 3, "the current month and `ahead: 2`: \(initial)")
            #expect(initial.first == "sensor_readings_p\(month)")
            let none = try await db.rows("SELECT * FROM sensor_readings_create_partitions()").map { try $0.decode(String.self) }
            #expect(none.isEmpty, "running it again creates nothing")
            let more = try await db.rows("SELECT * FROM sensor_readings_create_partitions(4)").map { try $0.decode(String.self) }
            #expect(more.count == 2)
            #expect(try await partitions(db).count == 5)
            let key = try await db.row("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'pk_sensor_readings'")
                .decode(String.self)
            #expect(key == "PRIMARY KEY (reading_id, created_at)")
            // A row whose time has no partition is refused, not parked.
            await expectRefusal("23514", "a row ten years back") {
                try await db.run("INSERT INTO sensor_readings (sensor, value, created_at) VALUES ('t1', 1, now() - interval '10 years')")
            }
            await expectRefusal("22023", "a negative count ahead") {
                try await db.run("SELECT * FROM sensor_readings_create_partitions(-1)")
            }
        }
    }

    @Test("detach_partitions detaches the partitions ending by older_than: gone from pg_inherits, rows kept",
          arguments: TestServer.allCases)
    func partitionsDetached(server: TestServer) async throws {
        try await withSchema(server) { db in
            try await db.run("INSERT INTO sensor_readings (sensor, value) VALUES ('t1', 1), ('t2', 2)")
            let before = try await partitions(db)
            let current = before[0]
            // Nothing ends before now: nothing is detached.
            let nothing = try await db.rows("SELECT * FROM sensor_readings_detach_partitions(now())").map { try $0.decode(String.self) }
            #expect(nothing.isEmpty)
            // The current month ends before the start of next month + 1 day: it is detached, with its rows.
            let detached = try await db.rows("""
                SELECT * FROM sensor_readings_detach_partitions(date_trunc('month', now(), 'UTC') + interval '1 month' + interval '1 day')
                """).map { try $0.decode(String.self) }
            #expect(detached == [current])
            let after = try await partitions(db)
            #expect(after == Array(before.dropFirst()))
            let kept = try await db.row(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(current)")).decode(Int64.self)
            #expect(kept == 2, "the detached table still holds its rows")
            let remaining = try await db.row("SELECT count(*) FROM sensor_readings").decode(Int64.self)
            #expect(remaining == 0)
            let inherits = try await db.row(PostgresQuery(unsafeSQL: "SELECT count(*) FROM pg_inherits WHERE inhrelid = '\(current)'::regclass")).decode(Int64.self)
            #expect(inherits == 0)
            // The detached table is a plain table now: the application's rows there are the archive's to keep or drop.
            try await db.run("DROP TABLE \(current)")
        }
    }
}
