import Foundation
import TaxigenCore
import Testing

/// `taxigen migrate apply` and `taxigen migrate sql` as a user runs them, against PostgreSQL 18.
@Suite("migrate apply and migrate sql on the command line")
struct ApplyCommandTests {
    @Test("migrate apply refuses a database marked production and changes nothing")
    func refusesProduction() async throws {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial")).status == 0)
        try await TestServer.withFreshDatabase { database in
            let admin = try await TestServer.connect()
            try await admin.run("ALTER DATABASE \(database) SET taxiway.environment = 'Production'")
            try await admin.close()
            let run = try await project.run("migrate", "apply", "--database", try TestServer.url(database: database))
            #expect(run.status == 1, "\(run.output)")
            #expect(run.standardError.contains("refusing to migrate: taxiway.environment is 'Production', not one of development, staging, test"), "\(run.standardError)")
            #expect(run.standardError.contains("taxigen migrate sql"))
            try await TestServer.withConnection(to: database) { connection in
                #expect(try await connection.text("SELECT to_regclass('taxiway_migrations')::text") == nil, "not even the ledger is created")
                try await expectCatalog(of: connection, equalsFresh: 0, "after the refusal")
            }
        }
    }

    @Test("migrate apply upgrades, does nothing the second time, and downgrades with --to; migrate sql writes a script psql runs")
    func applyAndScript() async throws {
        let project = try TemporaryProject(revision: 1)
        for revision in 1...3 {
            try project.use(revision: revision)
            #expect((try await project.run("migrate", "new", "-m", Revisions.messages[revision - 1])).status == 0)
        }
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            let up = try await project.run("migrate", "apply", "--database", url)
            #expect(up.status == 0, "\(up.output)")
            #expect(up.standardOutput.contains("3 migration(s) applied, 0 reverted"), "\(up.standardOutput)")
            let again = try await project.run("migrate", "apply", "--database", url)
            #expect(again.status == 0 && again.standardOutput.contains("already; nothing to do"), "\(again.output)")
            let down = try await project.run("migrate", "apply", "--database", url, "--to", "1")
            #expect(down.status == 0 && down.standardOutput.contains("0 migration(s) applied, 2 reverted"), "\(down.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 1, "migrate apply --to 1")
            }
            let unknown = try await project.run("migrate", "apply", "--database", url, "--to", "0042")
            #expect(unknown.status == 64 && unknown.standardError.contains("no such revision"), "\(unknown.output)")
            let sql = try await project.run("migrate", "sql", "--from", "0001", "--out", project.path + "/up.sql")
            #expect(sql.status == 0, "\(sql.output)")
            let psql = try await Psql.run(file: project.path + "/up.sql", database: database)
            #expect(psql.status == 0, "\(psql.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 3, "migrate sql --from 0001 through psql")
            }
        }
    }
}
