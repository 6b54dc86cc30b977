import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// PostgreSQL 15, the oldest supported version (Debian's, without pgvector): the fixture revisions without
/// their vector column, through the offline script and `MigrationRunner`.
@Suite("PostgreSQL 15")
struct PostgreSQL15Tests {
    @Test("without their vector column the revisions migrate on PostgreSQL 15: psql up to rev7, again (skipped), apply down to rev5 and up to rev8")
    func migrateOnPostgreSQL15() async throws {
        let fixtures = try Revisions.withoutVectors()
        let directory = try Revisions.temporaryDirectory("pg15")
        let history = try Revisions.writeMigrations(into: directory, fixtures: fixtures)
        #expect(try !history.migrations.contains { try $0.snapshot.extensions.contains("vector") })
        let script = try OfflineScript(history: history, from: 0, to: 7).text()
        try await TestServer.pg15.withFreshDatabase { database in
            #expect(try await TestServer.pg15.withConnection(to: database) { try await $0.text("SHOW server_version_num") }?.hasPrefix("15") == true)
            for run in 1...2 {
                let psql = try await Psql.run(script: script, database: database, on: .pg15)
                #expect(psql.status == 0, "psql run \(run): \(psql.output)")
            }
            try await TestServer.pg15.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 7, "PostgreSQL 15, psql to rev7", fixtures: fixtures, server: .pg15)
                let runner = MigrationRunner(history: history)
                for revision in [6, 5] {
                    try await runner.apply(to: revision, on: NIOMigrationConnection(connection: connection))
                    try await expectCatalog(of: connection, equalsFresh: revision, "PostgreSQL 15, down to rev\(revision)", fixtures: fixtures, server: .pg15)
                }
                try await runner.apply(to: Revisions.count, on: NIOMigrationConnection(connection: connection))
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "PostgreSQL 15, up again", fixtures: fixtures, server: .pg15)
            }
        }
    }
}
