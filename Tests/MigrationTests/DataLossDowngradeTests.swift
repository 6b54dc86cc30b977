import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `migrate apply --to REV --accept-data-loss`: a downgrade below an irreversible migration is refused
/// without the flag; with it, on a database marked development or test, the tables the migration changed
/// are dropped and created again empty as the schema below has it (the others keep their rows) and its
/// ledger row is deleted; on production, staging or an unmarked database it is refused even with the flag.
@Suite("Going below an irreversible migration with --accept-data-loss")
struct DataLossDowngradeTests {
    /// The fixture history up to rev5 applied with seeded rows (without products, which have a vector
    /// column in `Seeds`, when `vectors` is false).
    private func atRev5(_ history: MigrationHistory, on connection: PostgresConnection, vectors: Bool = true) async throws {
        for revision in 1...5 {
            try await MigrationRunner(history: history).apply(to: revision, on: NIOMigrationConnection(connection: connection))
            if vectors {
                try await Seeds.seed(after: revision, on: connection, withNullTier: false)
            } else if revision == 1 {
                try await connection.run("INSERT INTO customers (name, email, score) VALUES ('Ada', 'ada@example.com', 7)")
                try await connection.run("INSERT INTO legacies (code) VALUES ('L1')")
            } else if revision == 2 {
                try await Seeds.seed(after: revision, on: connection, withNullTier: false)
            }
        }
    }

    /// The ledger of complete migrations 1…`last`.
    private func complete(_ history: MigrationHistory, upTo last: Int) -> [String] {
        history.migrations.prefix(last).map { "\($0.id) \($0.up.units.count) 0 true" }
    }

    @Test("PostgreSQL 18: refused without the flag; with it, rev5 → rev4 equals a fresh rev4, rows kept only in unchanged tables; rev8 → rev3 in one run; up again")
    func goesBelowOnPostgreSQL18() async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                try await atRev5(history, on: connection)
                var runner = MigrationRunner(history: history)
                let refused = await migrationError { try await runner.apply(to: 4, on: NIOMigrationConnection(connection: connection)) }
                #expect(refused?.message == "0005_drop_legacies_and_customers_phone_grow is irreversible: cannot downgrade past it", "\(String(describing: refused))")
                #expect(refused?.hint?.contains("--accept-data-loss") == true, "\(String(describing: refused))")
                try await expectCatalog(of: connection, equalsFresh: 5, "after the refusal")
                #expect(try await Scenario.ledger(connection) == complete(history, upTo: 5))

                runner.acceptDataLoss = true
                let report = try await runner.apply(to: 4, on: NIOMigrationConnection(connection: connection))
                #expect(report.reverted == [history.migrations[4].id])
                #expect(report.lostData == [history.migrations[4].id: ["customers", "products"]], "legacies is created empty; invoices is unchanged")
                try await expectCatalog(of: connection, equalsFresh: 4, "below rev5 with --accept-data-loss")
                #expect(try await Scenario.ledger(connection) == complete(history, upTo: 4))
                #expect(try await connection.text("SELECT count(*)::text FROM invoices") == "1", "a table rev5 did not change keeps its rows")
                for table in ["customers", "products", "legacies"] {
                    #expect(try await connection.text("SELECT count(*)::text FROM \(table)") == "0", "\(table) is created again, empty")
                }
                try await connection.run("INSERT INTO customers (name, email_address, score, tier, phone) VALUES ('Di', 'di@example.com', 2, 'basic', '123')")
                #expect(try await connection.text("SELECT version::text FROM customers") == "1")
                try await connection.run("UPDATE customers SET score = 3")
                #expect(try await connection.text("SELECT version::text FROM customers") == "2", "the touch trigger is back on the recreated table")

                for revision in 5...8 {
                    try await runner.apply(to: revision, on: NIOMigrationConnection(connection: connection))
                    try await expectCatalog(of: connection, equalsFresh: revision, "up again to rev\(revision)")
                }
                let far = try await runner.apply(to: 3, on: NIOMigrationConnection(connection: connection))
                #expect(far.reverted == history.migrations[3..<8].reversed().map(\.id))
                #expect(Set(far.lostData.keys) == [history.migrations[4].id, history.migrations[7].id])
                try await expectCatalog(of: connection, equalsFresh: 3, "rev8 → rev3 past two irreversible migrations")
                #expect(try await Scenario.ledger(connection) == complete(history, upTo: 3))
            }
        }
    }

    @Test("PostgreSQL 15: rev5 → rev4 with the flag equals a fresh rev4 (fixtures without vectors); up again to rev8")
    func goesBelowOnPostgreSQL15() async throws {
        let fixtures = try Revisions.withoutVectors()
        let history = try Revisions.writeMigrations(into: try Revisions.temporaryDirectory("pg15-data-loss"), fixtures: fixtures)
        try await TestServer.pg15.withFreshDatabase { database in
            try await TestServer.pg15.withConnection(to: database) { connection in
                try await atRev5(history, on: connection, vectors: false)
                var runner = MigrationRunner(history: history)
                await #expect(throws: MigrationError.self, "refused without the flag") {
                    try await runner.apply(to: 4, on: NIOMigrationConnection(connection: connection))
                }
                try await expectCatalog(of: connection, equalsFresh: 5, "PostgreSQL 15, after the refusal", fixtures: fixtures, server: .pg15)
                runner.acceptDataLoss = true
                let report = try await runner.apply(to: 4, on: NIOMigrationConnection(connection: connection))
                #expect(report.reverted == [history.migrations[4].id])
                try await expectCatalog(of: connection, equalsFresh: 4, "PostgreSQL 15, below rev5", fixtures: fixtures, server: .pg15)
                #expect(try await Scenario.ledger(connection) == complete(history, upTo: 4))
                #expect(try await connection.text("SELECT count(*)::text FROM invoices") == "1")
                try await runner.apply(to: Revisions.count, on: NIOMigrationConnection(connection: connection))
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "PostgreSQL 15, up again", fixtures: fixtures, server: .pg15)
            }
        }
    }

    @Test("a table with a history, or an append-only one, is not made again below an irreversible migration: refused before anything runs; nothing changes",
          arguments: ["history: true\n", "append_only: true\n"])
    func refusedForHistoryAndAppendOnly(traits: String) async throws {
        let spec = "entity: Entry\n\(traits)fields:\n  amount: { type: int }\n"
        let scenario = try Scenario([["entry.yaml": spec + "  note: { type: text, nullable: true }\n"], ["entry.yaml": spec]])
        #expect(scenario.history.migrations[1].down == nil, "dropping a field is irreversible")
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                try await scenario.runner.apply(to: 2, on: NIOMigrationConnection(connection: connection))
                try await connection.run("INSERT INTO entries (amount) VALUES (5)")
            }
            let admin = try await TestServer.connect()
            try await admin.run("ALTER DATABASE \(database) SET taxiway.environment = 'development'")
            try await admin.close()
            try await TestServer.withConnection(to: database) { connection in
                var runner = scenario.runner
                runner.acceptDataLoss = true
                let error = await migrationError { try await runner.apply(to: 1, on: NIOMigrationConnection(connection: connection)) }
                #expect(error?.message.contains("going below it drops table entries and makes it again empty, but it "
                                                + (traits.hasPrefix("history") ? "has a history" : "is append-only")) == true,
                        "\(String(describing: error))")
                #expect(error?.hint?.contains("drop and create the database") == true)
                #expect(try await Scenario.ledger(connection).count == 2)
                #expect(try await connection.text("SELECT count(*)::text FROM entries") == "1", "no row lost")
                try await TableRenameTests.expectFresh(connection, revision: 2, scenario: scenario, server: .pg18, "after the refusal")
            }
        }
    }

    @Test("production, staging and an unmarked database refuse the flag (even a plain upgrade with it, even --allow-unmarked); nothing changes",
          arguments: ["production", "Staging", nil] as [String?])
    func refusedOutsideDevelopment(_ mark: String?) async throws {
        let history = try Revisions.history().history
        try await TestServer.withFreshDatabase { database in
            let customers = try await TestServer.withConnection(to: database) { connection in
                try await atRev5(history, on: connection)
                return try await connection.text("SELECT count(*)::text FROM customers")
            }
            let admin = try await TestServer.connect()
            try await admin.run(mark.map { "ALTER DATABASE \(database) SET taxiway.environment = '\($0)'" }
                                ?? "ALTER DATABASE \(database) RESET taxiway.environment")
            try await admin.close()
            try await TestServer.withConnection(to: database) { connection in
                var runner = MigrationRunner(history: history)
                runner.acceptDataLoss = true
                runner.allowUnmarked = true
                for target in [4, 8] {
                    let error = await migrationError { try await runner.apply(to: target, on: NIOMigrationConnection(connection: connection)) }
                    let expected = "refusing --accept-data-loss on database \(database): taxiway.environment is "
                        + (mark.map { "'\($0)'" } ?? "not set")
                    #expect(error?.message.hasPrefix(expected) == true, "\(String(describing: error))")
                    #expect(error?.hint?.contains("taxigen migrate new") == true, "\(String(describing: error))")
                }
                try await expectCatalog(of: connection, equalsFresh: 5, "after the refusal")
                #expect(try await Scenario.ledger(connection) == complete(history, upTo: 5))
                #expect(try await connection.text("SELECT count(*)::text FROM customers") == customers, "no row lost")
            }
        }
    }

    @Test("the command line: --to 0004 is refused without --accept-data-loss, done with it on a development database, refused on production")
    func commandLine() async throws {
        let project = try TemporaryProject(revision: 1)
        for revision in 1...5 {
            try project.use(revision: revision)
            #expect((try await project.run("migrate", "new", "-m", Revisions.messages[revision - 1])).status == 0)
        }
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            let admin = try await TestServer.connect()
            try await admin.run("ALTER DATABASE \(database) SET taxiway.environment = 'development'")
            #expect((try await project.run("migrate", "apply", "--database", url)).status == 0)
            let refused = try await project.run("migrate", "apply", "--database", url, "--to", "0004")
            #expect(refused.status == 1 && refused.standardError.contains("is irreversible: cannot downgrade past it"), "\(refused.output)")
            let done = try await project.run("migrate", "apply", "--database", url, "--to", "0004", "--accept-data-loss")
            #expect(done.status == 0, "\(done.output)")
            #expect(done.standardOutput.contains("Data lost below the irreversible 0005_"), "\(done.standardOutput)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 4, "migrate apply --to 0004 --accept-data-loss")
            }
            #expect((try await project.run("migrate", "apply", "--database", url)).status == 0)
            try await admin.run("ALTER DATABASE \(database) SET taxiway.environment = 'production'")
            try await admin.close()
            let production = try await project.run("migrate", "apply", "--database", url, "--to", "0004", "--accept-data-loss")
            #expect(production.status == 1, "\(production.output)")
            #expect(production.standardError.contains("refusing --accept-data-loss on database \(database): taxiway.environment is 'production'"),
                    "\(production.standardError)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 5, "after the refusal on production")
            }
        }
    }
}
