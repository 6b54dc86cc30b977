import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// The fixture revisions migrated up and down on PostgreSQL 18 with `MigrationRunner` (what `migrate apply`
/// runs): after every step the catalog equals that of a fresh database built from the revision's
/// `schema.sql`, and the seeded rows keep their values.
@Suite("Upgrade and downgrade through the fixture revisions")
struct UpgradeDowngradeTests {
    /// Applies one step and checks the catalog; returns the runner's report.
    @discardableResult
    private func step(_ runner: MigrationRunner, to revision: Int, on connection: PostgresConnection, _ label: String) async throws
        -> MigrationRunner.Report {
        let clock = ContinuousClock()
        let start = clock.now
        let report = try await runner.apply(to: revision, on: NIOMigrationConnection(connection: connection))
        let elapsed = clock.now - start
        print("migrate [\(label)]: \(report.applied.count) applied, \(report.reverted.count) reverted in \(milliseconds(elapsed)) ms")
        try await expectCatalog(of: connection, equalsFresh: revision, label)
        return report
    }

    @Test("upgrade through all eight revisions one at a time; a downgrade past the irreversible rev8 is refused")
    func upgradeThroughEveryRevision() async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let runner = MigrationRunner(history: history)
                for revision in 1...Revisions.count {
                    let report = try await step(runner, to: revision, on: connection, "up to rev\(revision)")
                    #expect(report.applied == [history.migrations[revision - 1].id])
                    try await Seeds.seed(after: revision, on: connection, withNullTier: true)
                    try await Seeds.verify(after: revision, on: connection)
                }
                let again = try await runner.apply(to: Revisions.count, on: NIOMigrationConnection(connection: connection))
                #expect(again.applied.isEmpty && again.reverted.isEmpty, "a second apply changes nothing")
                do {
                    _ = try await runner.apply(to: 7, on: NIOMigrationConnection(connection: connection))
                    Issue.record("a downgrade past rev8 was accepted")
                } catch let error as MigrationError {
                    #expect(error.message.contains("0008_tier_required_finer_prices is irreversible"), "\(error)")
                }
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "after the refused downgrade")
                let rows = try await connection.texts("SELECT version, applied_at IS NOT NULL FROM taxiway_migrations ORDER BY version")
                #expect(rows.map { $0[0] ?? "" } == history.migrations.map(\.id))
            }
        }
    }

    @Test("from rev7: downgrade to rev5 step by step, refused past the irreversible rev5, then upgrade again to rev8")
    func downgradeAfterAnIrreversibleMigration() async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let runner = MigrationRunner(history: history)
                for revision in 1...7 {
                    try await runner.apply(to: revision, on: NIOMigrationConnection(connection: connection))
                    try await Seeds.seed(after: revision, on: connection, withNullTier: true)
                }
                try await expectCatalog(of: connection, equalsFresh: 7, "up to rev7")
                for revision in [6, 5] {
                    let report = try await step(runner, to: revision, on: connection, "down to rev\(revision)")
                    #expect(report.reverted == [history.migrations[revision].id])
                }
                await #expect(throws: MigrationError.self, "rev5 is irreversible") {
                    try await runner.apply(to: 4, on: NIOMigrationConnection(connection: connection))
                }
                try await expectCatalog(of: connection, equalsFresh: 5, "after the refused downgrade")
                for revision in 6...8 {
                    try await step(runner, to: revision, on: connection, "up again to rev\(revision)")
                }
                try await Seeds.verify(after: 8, on: connection)
            }
        }
    }

    @Test("from rev4: downgrade to an empty database step by step, then upgrade again to rev4")
    func downgradeToBaseAndBack() async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let runner = MigrationRunner(history: history)
                for revision in 1...4 {
                    try await step(runner, to: revision, on: connection, "up to rev\(revision)")
                    try await Seeds.seed(after: revision, on: connection, withNullTier: false)
                }
                for revision in (0...3).reversed() {
                    let report = try await step(runner, to: revision, on: connection, "down to rev\(revision)")
                    #expect(report.reverted == [history.migrations[revision].id])
                }
                #expect(try await connection.text("SELECT count(*)::text FROM taxiway_migrations") == "0", "the ledger is empty at base")
                for revision in 1...4 {
                    try await step(runner, to: revision, on: connection, "up again to rev\(revision)")
                    try await Seeds.seed(after: revision, on: connection, withNullTier: false)
                    try await Seeds.verify(after: revision, on: connection)
                }
            }
        }
    }

    @Test("a failed CREATE UNIQUE INDEX CONCURRENTLY stops the migration; after fixing the data, apply resumes at that unit")
    func resumeAfterAFailedConcurrentIndex() async throws {
        let history = try Revisions.history().history
        let rev4 = history.migrations[3]
        let failing = try #require(rev4.up.units.firstIndex { $0.concurrentIndex == "ux_products_title" })
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let runner = MigrationRunner(history: history)
                try await runner.apply(to: 3, on: NIOMigrationConnection(connection: connection))
                try await connection.run("INSERT INTO products (sku, title) VALUES ('A-1', 'Same'), ('A-2', 'Same')")
                do {
                    _ = try await runner.apply(to: 4, on: NIOMigrationConnection(connection: connection))
                    Issue.record("a unique index over duplicate titles was built")
                } catch let error as MigrationError {
                    #expect(error.message.contains("unit \(failing + 1) of \(rev4.up.units.count) of its upgrade failed"), "\(error)")
                }
                #expect(try await connection.text("SELECT units_done::text || ' ' || (applied_at IS NULL)::text FROM taxiway_migrations WHERE version = '\(rev4.id)'")
                        == "\(failing) true", "the ledger records the units done before the failure")
                #expect(try await connection.text("SELECT count(*)::text FROM pg_index WHERE NOT indisvalid") == "0",
                        "the invalid index the failed build left is dropped at once")
                try await connection.run("UPDATE products SET title = 'Other' WHERE sku = 'A-2'")
                let report = try await step(runner, to: 4, on: connection, "resume rev4")
                #expect(report.applied == [rev4.id])
            }
        }
    }
}
