import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// A failed `CREATE UNIQUE INDEX CONCURRENTLY` is reported as what it is (not "rolled back"), the invalid
/// index it leaves is dropped at once, and the duplicated value (PostgreSQL's DETAIL) is printed nowhere.
@Suite("A failed concurrent index build")
struct FailedIndexTests {
    private static let secret = "Secret Title 42"

    private func project() async throws -> TemporaryProject {
        let project = try TemporaryProject(revision: 1)
        for revision in 1...4 {
            try project.use(revision: revision)
            let run = try await project.run("migrate", "new", "-m", Revisions.messages[revision - 1])
            #expect(run.status == 0, "\(run.output)")
        }
        return project
    }

    private func seedDuplicates(_ database: String) async throws {
        try await TestServer.withConnection(to: database) { connection in
            try await connection.run("INSERT INTO products (sku, title) VALUES ('A-1', '\(Self.secret)'), ('A-2', '\(Self.secret)')")
        }
    }

    private func state(_ database: String) async throws -> (invalid: String?, rev4: String?) {
        try await TestServer.withConnection(to: database) { connection in
            (try await connection.text("SELECT count(*)::text FROM pg_index WHERE NOT indisvalid"),
             try await connection.text("SELECT units_done || ' ' || (applied_at IS NULL)::text FROM taxiway_migrations WHERE version LIKE '0004%'"))
        }
    }

    @Test("migrate apply: the unit is reported as failed with its invalid index dropped, the value is not printed, no invalid index is left; fixed, it resumes")
    func apply() async throws {
        let project = try await project()
        let rev4 = try project.project.history().migrations[3]
        let failing = try #require(rev4.up.units.firstIndex { $0.concurrentIndex == "ux_products_title" }) + 1
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            #expect((try await project.run("migrate", "apply", "--database", url, "--to", "3")).status == 0)
            try await seedDuplicates(database)
            let run = try await project.run("migrate", "apply", "--database", url)
            #expect(run.status == 1, "\(run.output)")
            #expect(run.standardError.contains("unit \(failing) of \(rev4.up.units.count) of its upgrade failed: could not create unique index \"ux_products_title\""), "\(run.standardError)")
            #expect(run.standardError.contains("The invalid index ux_products_title it left was dropped"), "\(run.standardError)")
            #expect(run.standardError.contains("PostgreSQL's detail is not shown"), "\(run.standardError)")
            #expect(!run.standardError.contains("rolled back"), "\(run.standardError)")
            #expect(!run.output.contains(Self.secret), "the duplicated value is printed: \(run.output)")
            let after = try await state(database)
            #expect(after.invalid == "0", "no invalid index is left")
            #expect(after.rev4 == "\(failing - 1) true", "the ledger records the units before the failed one")
            try await TestServer.withConnection(to: database) { connection in
                try await connection.run("UPDATE products SET title = 'Other' WHERE sku = 'A-2'")
            }
            let resumed = try await project.run("migrate", "apply", "--database", url)
            #expect(resumed.status == 0, "\(resumed.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 4, "resumed after the failed index")
            }
        }
    }

    @Test("the offline script through psql: it drops the invalid index before it stops, prints no value (terse messages), and resumes when run again")
    func offlineScript() async throws {
        let project = try await project()
        let history = try project.project.history()
        let script = try OfflineScript(history: history, from: 0, to: 4).text()
        try await TestServer.withFreshDatabase { database in
            #expect((try await Psql.run(script: try OfflineScript(history: history, from: 0, to: 3).text(), database: database)).status == 0)
            try await seedDuplicates(database)
            let failed = try await Psql.run(script: script, database: database)
            #expect(failed.status == 3, "\(failed.output)")
            #expect(failed.standardError.contains("could not create unique index \"ux_products_title\""), "\(failed.standardError)")
            #expect(failed.standardError.contains("the invalid index ux_products_title it left was dropped"), "\(failed.standardError)")
            #expect(!failed.output.contains(Self.secret), "the duplicated value is printed: \(failed.output)")
            #expect(try await state(database).invalid == "0", "no invalid index is left")
            try await TestServer.withConnection(to: database) { connection in
                try await connection.run("UPDATE products SET title = 'Other' WHERE sku = 'A-2'")
            }
            let resumed = try await Psql.run(script: script, database: database)
            #expect(resumed.status == 0, "\(resumed.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 4, "psql, resumed after the failed index")
            }
        }
    }
}
