import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `taxigen migrate squash --to REV`: the fixtures' eight migrations squashed at 0005 into one checkpoint.
/// A fresh database applied from the squashed chain ends identical to one applied from the long chain; a
/// database already past 0005 keeps applying the later migrations (its ledger adopted); one in the middle
/// of the squashed range is refused with a hint and left as it was; through `migrate apply` and psql.
@Suite("migrate squash: one checkpoint for the first migrations")
struct SquashTests {
    /// A project (taxigen.yaml, the last revision's specs, the eight migrations) on a server's fixtures,
    /// and a copy of its migrations as they were before the squash.
    struct Project {
        let path: String
        let fixtures: String
        let long: MigrationHistory

        init(server: TestServer) throws {
            fixtures = server == .pg15 ? try Revisions.withoutVectors() : Revisions.fixtures
            path = try Revisions.temporaryDirectory("squash")
            try "specs: specs\nmigrations: migrations\n".write(toFile: path + "/taxigen.yaml", atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(atPath: fixtures + "/rev\(Revisions.count)", toPath: path + "/specs")
            long = try Revisions.writeMigrations(into: path + "/migrations", fixtures: fixtures)
        }

        var project: MigrationProject {
            var log = DiagnosticLog()
            return MigrationProject(config: ProjectConfig.load(projectDirectory: path, into: &log))
        }

        func run(_ arguments: String...) async throws -> ProcessRun { try await CLI.run(arguments, in: path) }
    }

    private static func runner(_ history: MigrationHistory) -> MigrationRunner {
        var runner = MigrationRunner(history: history)
        runner.lockTimeout = "2s"
        return runner
    }

    private static func catalog(_ server: TestServer, _ database: String) async throws -> CatalogState {
        try await server.withConnection(to: database) { try await CatalogState.read($0) }
    }

    private static func ledger(_ server: TestServer, _ database: String) async throws -> [String] {
        try await server.withConnection(to: database) { try await Scenario.ledger($0) }
    }

    /// Applies a history to `target` on a database.
    private static func apply(_ history: MigrationHistory, to target: Int, _ server: TestServer, _ database: String) async throws {
        try await server.withConnection(to: database) { connection in
            _ = try await runner(history).apply(to: target, on: NIOMigrationConnection(connection: connection))
        }
    }

    @Test("squash --to 5: fresh databases from both chains are identical, a database past 0005 goes on, one at 0003 is refused (migrate apply)",
          arguments: [TestServer.pg18, .pg15])
    func squashAndApply(server: TestServer) async throws {
        let project = try Project(server: server)
        let long = project.long
        // Databases migrated before the squash: to the head (the reference), past the checkpoint, in the middle.
        try await server.withFreshDatabase { reference in
            try await server.withFreshDatabase { past in
                try await server.withFreshDatabase { middle in
                    try await Self.apply(long, to: 8, server, reference)
                    try await Self.apply(long, to: 6, server, past)
                    try await Self.apply(long, to: 3, server, middle)
                    let expected = try await Self.catalog(server, reference)

                    let refused = try await project.run("migrate", "squash", "--to", "1")
                    #expect(refused.status == 1 && refused.output.contains("nothing before it to squash"), "\(refused.output)")
                    let squash = try await project.run("migrate", "squash", "--to", "5")
                    #expect(squash.status == 0, "\(squash.output)")
                    let squashed = try project.project.history()
                    #expect(squashed.migrations.map(\.id) == Array(long.migrations[4...].map(\.id)), "the checkpoint keeps 0005's id; 0006–0008 are unchanged")
                    #expect(squashed.migrations[0].squashed?.ids == long.migrations[..<5].map(\.id))
                    #expect(squashed.migrations[0].up.units.count == 1, "the checkpoint is one transaction")
                    #expect(Array(squashed.migrations[1...].map(\.checksum)) == Array(long.migrations[5...].map(\.checksum)))
                    let check = try await project.run("migrate", "check")
                    #expect(check.status == 0, "\(check.output)")

                    // A fresh database from the squashed chain equals the long chain's.
                    try await server.withFreshDatabase { fresh in
                        try await Self.apply(squashed, to: 4, server, fresh)
                        let differences = try await Self.catalog(server, fresh).differences(from: expected)
                        #expect(differences.isEmpty, "squashed chain vs long chain:\n\(differences.joined(separator: "\n"))")
                        #expect(try await Self.ledger(server, fresh).first == "\(squashed.migrations[0].id) 1 0 true")
                    }

                    // Past the checkpoint: the ledger is adopted and the later migrations apply.
                    try await Self.apply(squashed, to: 4, server, past)
                    #expect(try await Self.ledger(server, past) == ["\(squashed.migrations[0].id) 1 0 true"]
                        + squashed.migrations[1...].map { "\($0.id) \($0.up.units.count) 0 true" })
                    let pastDifferences = try await Self.catalog(server, past).differences(from: expected)
                    #expect(pastDifferences.isEmpty, "past the checkpoint:\n\(pastDifferences.joined(separator: "\n"))")
                    try await Self.apply(squashed, to: 4, server, past)   // again: nothing to do

                    // In the middle: refused with the way out, nothing changed.
                    let before = try await Self.ledger(server, middle)
                    let catalogBefore = try await Self.catalog(server, middle)
                    let error = try await server.withConnection(to: middle) { connection in
                        await migrationError { try await Self.runner(squashed).apply(to: 4, on: NIOMigrationConnection(connection: connection)) }
                    }
                    #expect(error?.message.contains("in the middle of the migrations") == true, "\(String(describing: error))")
                    #expect(error?.message.contains(long.migrations[2].id) == true, "it names where the database is")
                    #expect(error?.hint?.contains("--to \(squashed.migrations[0].id)") == true, "\(String(describing: error?.hint))")
                    #expect(try await Self.ledger(server, middle) == before)
                    #expect(try await Self.catalog(server, middle).differences(from: catalogBefore).isEmpty)
                    let status = try await project.run("migrate", "status", "--database", try server.url(database: middle))
                    #expect(status.status == 1 && status.output.contains("in the middle of the migrations"), "\(status.output)")

                    // The hint works: brought to 0005 with the old history, the squashed one goes on.
                    try await Self.apply(long, to: 5, server, middle)
                    try await Self.apply(squashed, to: 4, server, middle)
                    #expect(try await Self.catalog(server, middle).differences(from: expected).isEmpty)
                }
            }
        }
    }

    @Test("the offline script of the squashed chain through psql: a fresh database equals the long chain's, one past 0005 goes on, one at 0003 stops (exit 3) unchanged")
    func offlineScript() async throws {
        let server = TestServer.pg18
        let project = try Project(server: server)
        let long = project.long
        let longScript = { (to: Int) in try OfflineScript(history: long, from: 0, to: to).text() }
        try await server.withFreshDatabase { reference in
            try await server.withFreshDatabase { past in
                try await server.withFreshDatabase { middle in
                    #expect(try await Psql.run(script: try longScript(8), database: reference).status == 0)
                    #expect(try await Psql.run(script: try longScript(7), database: past).status == 0)
                    #expect(try await Psql.run(script: try longScript(2), database: middle).status == 0)
                    let squash = try await project.run("migrate", "squash", "--to", "0005")
                    #expect(squash.status == 0, "\(squash.output)")
                    let squashed = try project.project.history()
                    let script = try OfflineScript(history: squashed, from: 0, to: 4).text()
                    #expect(script.contains("is a squash checkpoint"))
                    let expected = try await Self.catalog(server, reference)
                    try await server.withFreshDatabase { fresh in
                        let run = try await Psql.run(script: script, database: fresh)
                        #expect(run.status == 0, "\(run.output)")
                        #expect(try await Self.catalog(server, fresh).differences(from: expected).isEmpty)
                    }
                    let run = try await Psql.run(script: script, database: past)
                    #expect(run.status == 0, "\(run.output)")
                    #expect(try await Self.catalog(server, past).differences(from: expected).isEmpty)
                    #expect(try await Self.ledger(server, past).count == 4)
                    let before = try await Self.ledger(server, middle)
                    let refused = try await Psql.run(script: script, database: middle)
                    #expect(refused.status == 3 && refused.output.contains("in the middle of the migrations"), "\(refused.output)")
                    #expect(try await Self.ledger(server, middle) == before)
                }
            }
        }
    }
}
