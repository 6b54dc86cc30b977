import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `migrate apply` migrates only a database that says it is development, staging or test
/// (`taxiway.environment`); every other value and an unmarked database (without `--allow-unmarked`) are
/// refused before anything changes, not even the ledger.
@Suite("migrate apply's environment guard")
struct EnvironmentGuardTests {
    private func project() async throws -> TemporaryProject {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial")).status == 0)
        return project
    }

    /// Sets (or, for nil, resets) the database's mark.
    private func mark(_ database: String, _ value: String?) async throws {
        let admin = try await TestServer.connect()
        if let value {
            try await admin.run("ALTER DATABASE \(database) SET taxiway.environment = \(quoted(value))")
        } else {
            try await admin.run("ALTER DATABASE \(database) RESET taxiway.environment")
        }
        try await admin.close()
    }

    private func ledgerExists(_ database: String) async throws -> Bool {
        try await TestServer.withConnection(to: database) { try await $0.text("SELECT to_regclass('taxiway_migrations')::text") } != nil
    }

    @Test("'Production ', 'prd', 'live', 'production' and 'staging-old' are refused, with or without --allow-unmarked; nothing changes", arguments: ["Production ", "prd", "live", "production", "staging-old"])
    func refusesEveryOtherValue(_ value: String) async throws {
        let project = try await project()
        try await TestServer.withFreshDatabase { database in
            try await mark(database, value)
            for flags in [[], ["--allow-unmarked"]] {
                let run = try await project.run(arguments: ["migrate", "apply", "--database", try TestServer.url(database: database)] + flags)
                #expect(run.status == 1, "\(value): \(run.output)")
                #expect(run.standardError.contains("refusing to migrate: taxiway.environment is \(quoted(value)), not one of development, staging, test"),
                        "\(run.standardError)")
                #expect(run.standardError.contains("taxigen migrate sql"))
            }
            #expect(try await ledgerExists(database) == false, "not even the ledger is created")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 0, "after the refusal")
            }
        }
    }

    @Test("an unmarked database is refused (nothing changes); with --allow-unmarked it is migrated")
    func unmarked() async throws {
        let project = try await project()
        try await TestServer.withFreshDatabase { database in
            try await mark(database, nil)
            let url = try TestServer.url(database: database)
            let refused = try await project.run("migrate", "apply", "--database", url)
            #expect(refused.status == 1, "\(refused.output)")
            #expect(refused.standardError.contains("taxiway.environment is not set"), "\(refused.standardError)")
            #expect(refused.standardError.contains("ALTER DATABASE \(database) SET taxiway.environment = 'development'"), "\(refused.standardError)")
            #expect(try await ledgerExists(database) == false, "not even the ledger is created")
            let allowed = try await project.run("migrate", "apply", "--database", url, "--allow-unmarked")
            #expect(allowed.status == 0, "\(allowed.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 1, "--allow-unmarked")
            }
        }
    }

    @Test("development, Staging and TEST are migrated", arguments: ["development", "Staging", "TEST"])
    func migratesMarkedDatabases(_ value: String) async throws {
        let project = try await project()
        try await TestServer.withFreshDatabase { database in
            try await mark(database, value)
            let run = try await project.run("migrate", "apply", "--database", try TestServer.url(database: database))
            #expect(run.status == 0, "\(value): \(run.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 1, "marked \(value)")
            }
        }
    }
}

/// `'text'` with quotes doubled, as the guard quotes a value in its message.
private func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
