import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// Backfills (a column made NOT NULL with a default, a NOT NULL column added with a per-row default) run in
/// batches by key, each batch its own transaction, resumable, and are not business changes: every row
/// keeps its `version` and `updated_at`, so no client holding a row gets an OptimisticLockError.
@Suite("Backfills in batches, not business changes")
struct BackfillTests {
    /// rev1: `tier` nullable; rev2: `tier` NOT NULL with a default (NULLs backfilled) and `token` added,
    /// NOT NULL with a per-row default (every row backfilled).
    static let revisions: [[String: String]] = [
        ["rider.yaml": """
            entity: Rider
            fields:
              name: { type: string, max_length: 50 }
              tier: { type: enum, values: [basic, gold], nullable: true }
            """],
        ["rider.yaml": """
            entity: Rider
            fields:
              name: { type: string, max_length: 50 }
              tier: { type: enum, values: [basic, gold], default: basic }
              token: { type: uuid, default: random }
            """],
    ]

    static let rows = 2500

    /// The touch function as taxigen wrote it before backfills set `taxiway.maintenance`.
    static let oldTouchFunction = """
        CREATE OR REPLACE FUNCTION taxiway_touch_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            NEW.version := OLD.version + 1;
            RETURN NEW;
        END;
        $$
        """

    private static func seed(_ connection: PostgresConnection) async throws {
        try await connection.run("""
            INSERT INTO riders (name, tier) SELECT 'rider-' || i, CASE WHEN i % 10 = 0 THEN 'gold' END FROM generate_series(1, \(rows)) AS i
            """)
        // Every row has been changed once by a client: version 2, an updated_at in the past.
        try await connection.run("UPDATE riders SET name = name || '.'")
    }

    /// A digest of every row's key, version and updated_at.
    private static func versions(_ connection: PostgresConnection) async throws -> String? {
        try await connection.text("SELECT md5(string_agg(rider_id::text || version || updated_at::text, ',' ORDER BY rider_id)) FROM riders")
    }

    private static func expectBackfilled(_ connection: PostgresConnection, versions before: String?, _ label: String,
                                         sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        #expect(try await versions(connection) == before, "\(label): every row keeps its version and updated_at", sourceLocation: sourceLocation)
        #expect(try await connection.text("SELECT count(*)::text FROM riders WHERE tier IS NULL OR token IS NULL") == "0", sourceLocation: sourceLocation)
        #expect(try await connection.text("SELECT count(*)::text FROM riders WHERE tier = 'gold'") == "\(rows / 10)", "gold stays gold", sourceLocation: sourceLocation)
        #expect(try await connection.text("SELECT count(DISTINCT token)::text FROM riders") == "\(rows)", sourceLocation: sourceLocation)
        // The token backfill wrote every row last: one transaction per batch of 1000 rows.
        let transactions = Int(try await connection.text("SELECT count(DISTINCT xmin::text)::text FROM riders") ?? "") ?? 0
        #expect(transactions >= 3, "\(label): \(rows) rows backfilled in \(transactions) transaction(s)", sourceLocation: sourceLocation)
    }

    @Test("migrate apply on a database with the old touch function: the backfills keep every version and updated_at, run in batches, and the catalog equals a fresh rev2")
    func apply() async throws {
        let scenario = try Scenario(Self.revisions)
        let up = scenario.history.migrations[1].up
        #expect(up.units.contains { $0.kind == .standalone && $0.body.contains("DO $backfill$") }, "the backfill is a batched DO block")
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await scenario.runner.apply(to: 1, on: migrate)
                try await connection.run(Self.oldTouchFunction)   // a database created by an older taxigen
                try await Self.seed(connection)
                let before = try await Self.versions(connection)
                try await scenario.runner.apply(to: 2, on: migrate)
                try await Self.expectBackfilled(connection, versions: before, "apply")
                try await expectCatalog(of: connection, equalsFresh: 2, "after the backfills", fixtures: scenario.fixtures)
                #expect(try await connection.text("SELECT prosrc FROM pg_proc WHERE proname = 'taxiway_touch_row'")?.contains("taxiway.maintenance") == true,
                        "the migration brought the touch function up to date")
                #expect(try await Scenario.ledger(connection) == [scenario.complete(1), scenario.complete(2)])
                try await connection.run("UPDATE riders SET name = 'changed' WHERE name = 'rider-1.'")
                #expect(try await connection.text("SELECT version::text FROM riders WHERE name = 'changed'") == "3",
                        "a business change still bumps the version")
            }
        }
    }

    @Test("a backfill that fails in its last batch keeps the batches before it; run again, it fills the rest and the versions are still unchanged")
    func resumes() async throws {
        let scenario = try Scenario(Self.revisions)
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await scenario.runner.apply(to: 1, on: migrate)
                try await Self.seed(connection)
                let before = try await Self.versions(connection)
                let last = try #require(try await connection.text("SELECT rider_id::text FROM riders ORDER BY rider_id DESC LIMIT 1"))
                try await connection.run("CREATE FUNCTION test_stop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'stopped by the test'; END; $$")
                try await connection.run("CREATE TRIGGER zz_test_stop BEFORE UPDATE ON riders FOR EACH ROW WHEN (OLD.rider_id = '\(last)') EXECUTE FUNCTION test_stop()")
                let error = await migrationError { try await scenario.runner.apply(to: 2, on: migrate) }
                #expect(error?.message.contains("The batches before the failing one are committed") == true, "\(String(describing: error))")
                let filled = Int(try await connection.text("SELECT count(*)::text FROM riders WHERE token IS NOT NULL") ?? "") ?? -1
                #expect((1000..<Self.rows).contains(filled), "the committed batches stay: \(filled) of \(Self.rows) rows filled")
                #expect(try await connection.text("SELECT units_done::text FROM taxiway_migrations WHERE version = '\(scenario.history.migrations[1].id)'") == "1",
                        "the ledger records only the unit before the backfill")
                try await connection.run("DROP TRIGGER zz_test_stop ON riders")
                try await connection.run("DROP FUNCTION test_stop()")
                try await scenario.runner.apply(to: 2, on: migrate)
                try await Self.expectBackfilled(connection, versions: before, "resumed")
                try await expectCatalog(of: connection, equalsFresh: 2, "after the resumed backfill", fixtures: scenario.fixtures)
            }
        }
    }

    @Test("the offline script through psql on PostgreSQL 15: the same backfills keep every version and run in batches")
    func offlineScriptOnPostgreSQL15() async throws {
        let scenario = try Scenario(Self.revisions)
        try await TestServer.pg15.withFreshDatabase { database in
            #expect((try await Psql.run(script: try OfflineScript(history: scenario.history, from: 0, to: 1).text(), database: database, on: .pg15)).status == 0)
            let before = try await TestServer.pg15.withConnection(to: database) { connection in
                try await Self.seed(connection)
                return try await Self.versions(connection)
            }
            let run = try await Psql.run(script: try OfflineScript(history: scenario.history, from: 0, to: 2).text(), database: database, on: .pg15)
            #expect(run.status == 0, "\(run.output)")
            try await TestServer.pg15.withConnection(to: database) { connection in
                try await Self.expectBackfilled(connection, versions: before, "psql on PostgreSQL 15")
                try await expectCatalog(of: connection, equalsFresh: 2, "psql on PostgreSQL 15", fixtures: scenario.fixtures, server: .pg15)
            }
        }
    }
}
