import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// The offline script of `taxigen migrate sql`, run with psql (`/usr/bin/psql`) as a DBA would.
@Suite("The offline script through psql")
struct OfflineScriptTests {
    private func script(_ history: MigrationHistory, from: Int, to: Int) throws -> String {
        try OfflineScript(history: history, from: from, to: to).text()
    }

    private func ledger(_ connection: PostgresConnection) async throws -> [[String?]] {
        try await connection.texts("SELECT version, checksum, units_done::text, units_reverted::text, applied_at::text FROM taxiway_migrations ORDER BY version")
    }

    @Test("the whole script brings a fresh database to rev8; running it again skips every unit and changes nothing")
    func rerunnable() async throws {
        let history = try Revisions.history().history
        let text = try script(history, from: 0, to: Revisions.count)
        try await TestServer.withFreshDatabase { database in
            let first = try await Psql.run(script: text, database: database)
            #expect(first.status == 0, "psql: \(first.output)")
            let units = history.migrations.map(\.up.units.count).reduce(0, +)
            #expect(first.standardOutput.components(separatedBy: " applied\n").count - 1 == units, "\(first.standardOutput)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "psql, base → rev8")
                let before = try await ledger(connection)
                #expect(before.map { $0[0] ?? "" } == history.migrations.map(\.id))
                #expect(before.map { $0[1] ?? "" } == history.migrations.map(\.checksum), "the ledger records each checksum")
                let second = try await Psql.run(script: text, database: database)
                #expect(second.status == 0, "psql, again: \(second.output)")
                #expect(second.standardOutput.components(separatedBy: "already applied, skipped\n").count - 1 == units, "\(second.standardOutput)")
                #expect(!second.standardOutput.contains(" applied\n"), "nothing runs twice")
                #expect(try await ledger(connection) == before, "the ledger is unchanged, applied_at included")
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "psql, run again")
            }
        }
    }

    @Test("a script to rev4, then the script from base to rev8: the second skips rev1–rev4 and applies the rest")
    func resumesFromAnyRevision() async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            let partial = try await Psql.run(script: try script(history, from: 0, to: 4), database: database)
            #expect(partial.status == 0, "psql: \(partial.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 4, "psql, base → rev4")
            }
            let rest = try await Psql.run(script: try script(history, from: 4, to: Revisions.count), database: database)
            #expect(rest.status == 0, "psql: \(rest.output)")
            #expect(!rest.standardOutput.contains("0004_"), "the --from 4 script holds only rev5–rev8")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "psql, rev4 → rev8")
            }
        }
    }

    @Test("a downgrade script from rev7 to rev5 through psql; none can be written past an irreversible migration")
    func downgradeScript() async throws {
        let history = try Revisions.history().history
        #expect(throws: MigrationError.self) { try script(history, from: 5, to: 4) }
        try await TestServer.withFreshDatabase { database in
            let up = try await Psql.run(script: try script(history, from: 0, to: 7), database: database)
            #expect(up.status == 0, "psql: \(up.output)")
            let down = try await Psql.run(script: try script(history, from: 7, to: 5), database: database)
            #expect(down.status == 0, "psql: \(down.output)")
            #expect(down.standardOutput.contains("0007_bound_remarks_invoice_payment_l2_embeddings: unit 1 of"))
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 5, "psql, rev7 → rev5")
                #expect(try await connection.text("SELECT max(version) FROM taxiway_migrations") == history.migrations[4].id)
            }
            let again = try await Psql.run(script: try script(history, from: 7, to: 5), database: database)
            #expect(again.status == 0 && again.standardOutput.contains("already reverted, skipped"), "psql: \(again.output)")
        }
    }

    @Test("the guard refuses an edited migration, an unknown migration and a database that is not at --from; nothing changes")
    func guardRefuses() async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            let up = try await Psql.run(script: try script(history, from: 0, to: 2), database: database)
            #expect(up.status == 0, "psql: \(up.output)")
            try await TestServer.withConnection(to: database) { connection in
                let cases: [(String, String, String)] = [
                    ("UPDATE taxiway_migrations SET checksum = 'edited' WHERE version LIKE '0001%'",
                     "UPDATE taxiway_migrations SET checksum = '\(history.migrations[0].checksum)' WHERE version LIKE '0001%'",
                     "was applied with checksum edited"),
                    ("INSERT INTO taxiway_migrations (version, checksum, units_total, units_done, applied_at) VALUES ('0099_elsewhere', 'x', 1, 1, now())",
                     "DELETE FROM taxiway_migrations WHERE version = '0099_elsewhere'",
                     "0099_elsewhere is in the ledger, but not among the migrations of this script"),
                ]
                for (tamper, restore, message) in cases {
                    try await connection.run(tamper)
                    let run = try await Psql.run(script: try script(history, from: 0, to: Revisions.count), database: database)
                    #expect(run.status == 3, "psql stops on the guard: \(run.output)")
                    #expect(run.standardError.contains(message), "\(run.standardError)")
                    try await expectCatalog(of: connection, equalsFresh: 2, "after a refused run")
                    try await connection.run(restore)
                }
                let notThere = try await Psql.run(script: try script(history, from: 4, to: Revisions.count), database: database)
                #expect(notThere.status == 3 && notThere.standardError.contains("the database is not at 0004_"), "\(notThere.output)")
                await #expect(throws: MigrationError.self, "apply checks the same ledger") {
                    try await connection.run("UPDATE taxiway_migrations SET checksum = 'edited' WHERE version LIKE '0002%'")
                    _ = try await MigrationRunner(history: history).apply(to: 3, on: NIOMigrationConnection(connection: connection))
                }
                try await expectCatalog(of: connection, equalsFresh: 2, "after a refused apply")
            }
        }
    }

    @Test("after a failed CREATE UNIQUE INDEX CONCURRENTLY the script drops the invalid index and stops; run again, it resumes there")
    func resumesAfterAFailedConcurrentIndex() async throws {
        let history = try Revisions.history().history
        let text = try script(history, from: 0, to: 4)
        try await TestServer.withFreshDatabase { database in
            #expect((try await Psql.run(script: try script(history, from: 0, to: 3), database: database)).status == 0)
            try await TestServer.withConnection(to: database) { connection in
                try await connection.run("INSERT INTO products (sku, title) VALUES ('A-1', 'Same'), ('A-2', 'Same')")
            }
            let failed = try await Psql.run(script: text, database: database)
            #expect(failed.status == 3 && failed.standardError.contains("could not create unique index \"ux_products_title\""), "\(failed.output)")
            try await TestServer.withConnection(to: database) { connection in
                #expect(try await connection.text("SELECT count(*)::text FROM pg_index WHERE NOT indisvalid") == "0",
                        "the script drops the invalid index the failed build left before it stops")
                #expect(try await connection.text("SELECT (applied_at IS NULL)::text FROM taxiway_migrations WHERE version LIKE '0004%'") == "true")
                try await connection.run("UPDATE products SET title = 'Other' WHERE sku = 'A-2'")
            }
            let resumed = try await Psql.run(script: text, database: database)
            #expect(resumed.status == 0, "\(resumed.output)")
            let rev4 = history.migrations[3]
            let failing = try #require(rev4.up.units.firstIndex { $0.concurrentIndex == "ux_products_title" }) + 1
            let total = rev4.up.units.count
            #expect(resumed.standardOutput.contains("\(rev4.id): unit \(failing - 1) of \(total) already applied, skipped"), "\(resumed.standardOutput)")
            #expect(resumed.standardOutput.contains("\(rev4.id): unit \(failing) of \(total) applied"), "resumes at the failed unit")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 4, "psql, resumed rev4")
            }
        }
    }
}
