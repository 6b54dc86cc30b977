import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `migrate apply` whose session is killed (`pg_terminate_backend`, as an administrator, a restart or a
/// failover would) in the middle of a unit: it ends promptly (never waits without end on the dead
/// connection) with an error saying the connection was lost, which unit may or may not have applied and
/// what the ledger records; run again, it finishes the job. The fixture revisions without their vector
/// column, so that both servers run them; migration 4's unit 1 is a transaction (ALTER TABLE customers),
/// its unit 3 `CREATE INDEX CONCURRENTLY ix_products_sku`.
@Suite("A migration whose session is killed mid-unit")
struct KilledSessionTests {
    static let limit: Duration = .seconds(60)

    /// The history, and a runner that waits for locks long enough for the test to kill it while it waits.
    private static func setup() throws -> (history: MigrationHistory, fixtures: String, runner: MigrationRunner) {
        let fixtures = try Revisions.withoutVectors()
        let history = try Revisions.writeMigrations(into: try Revisions.temporaryDirectory("killed"), fixtures: fixtures)
        var runner = MigrationRunner(history: history)
        runner.lockTimeout = "60s"
        return (history, fixtures, runner)
    }

    private static func complete(_ history: MigrationHistory, _ positions: ClosedRange<Int>) -> [String] {
        positions.map { "\(history.migrations[$0 - 1].id) \(history.migrations[$0 - 1].up.units.count) 0 true" }
    }

    /// Runs migration 4 on a session of its own while `blocker` holds `lock`, kills that session once it
    /// waits in the statement `statement` names, and returns the runner's error (nil: a recorded issue).
    private static func killedRun(_ runner: MigrationRunner, server: TestServer, database: String, lock: String,
                                  statement: String) async throws -> MigrationError? {
        let blocker = try await server.connect(database: database)
        try await blocker.run("BEGIN")
        try await blocker.run(lock)
        let victim = try await server.connect(database: database)
        let run = Task { try await runner.apply(to: 4, on: NIOMigrationConnection(connection: victim)) }
        let killed = try await terminateBackend(where: "a.wait_event_type = 'Lock' AND a.query LIKE '\(statement)'", on: server, database: database)
        let outcome = await finished(run, within: limit, "the killed run")
        try await blocker.run("ROLLBACK")
        try await blocker.close()
        try? await victim.close()
        #expect(try await server.withConnection(to: database) { try await $0.text("SELECT count(*)::text FROM pg_stat_activity WHERE pid = \(killed)") } == "0")
        switch outcome {
        case .failure(let error as MigrationError)?:
            return error
        case .failure(let error)?:
            Issue.record("expected a MigrationError, got \(String(reflecting: error))")
        case .success?:
            Issue.record("the killed run succeeded")
        case nil:
            break
        }
        return nil
    }

    @Test("killed during a transaction unit (its ALTER TABLE waiting for a lock): the error says the connection was lost and unit 1 may or may not have applied (the ledger has no row: rolled back); run again, it finishes",
          arguments: [TestServer.pg18, .pg15])
    func transactionUnit(server: TestServer) async throws {
        let (history, fixtures, runner) = try Self.setup()
        try await server.withFreshDatabase { database in
            _ = try await server.withConnection(to: database) { try await runner.apply(to: 3, on: NIOMigrationConnection(connection: $0)) }
            let error = try await Self.killedRun(runner, server: server, database: database, lock: "LOCK TABLE customers IN SHARE MODE",
                                                 statement: "%ALTER TABLE customers%")
            let id = history.migrations[3].id
            #expect(error?.message.contains("\(id): the connection to the database was lost") == true
                    && error?.message.contains("during unit 1 of 10 of its upgrade: unit 1 may or may not have applied") == true
                    && error?.message.contains("otherwise the server rolled it back; the ledger says which") == true
                    && error?.message.contains("no unit of its upgrade is recorded as committed") == true
                    && error?.hint?.contains("migrate apply` again") == true, "\(String(describing: error))")
            try await server.withConnection(to: database) { connection in
                #expect(try await Scenario.ledger(connection) == Self.complete(history, 1...3), "rolled back: no row for \(id)")
                try await runner.apply(to: Revisions.count, on: NIOMigrationConnection(connection: connection))
                #expect(try await Scenario.ledger(connection) == Self.complete(history, 1...Revisions.count))
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "run again after the kill", fixtures: fixtures, server: server)
            }
        }
    }

    @Test("killed during CREATE INDEX CONCURRENTLY (waiting for a writer of the table, its index invalid): the error says so; run again, the invalid index is dropped and built again",
          arguments: [TestServer.pg18, .pg15])
    func concurrentIndexUnit(server: TestServer) async throws {
        let (history, fixtures, runner) = try Self.setup()
        try await server.withFreshDatabase { database in
            _ = try await server.withConnection(to: database) { try await runner.apply(to: 3, on: NIOMigrationConnection(connection: $0)) }
            let error = try await Self.killedRun(runner, server: server, database: database, lock: "LOCK TABLE products IN ROW EXCLUSIVE MODE",
                                                 statement: "%CREATE INDEX CONCURRENTLY%ix_products_sku %")
            let id = history.migrations[3].id
            #expect(error?.message.contains("\(id): the connection to the database was lost") == true
                    && error?.message.contains("during unit 3 of 10 of its upgrade: unit 3 may or may not have applied") == true
                    && error?.message.contains("may have left the index ix_products_sku invalid") == true
                    && error?.message.contains("units 1–2 of its upgrade are committed and recorded in the ledger") == true, "\(String(describing: error))")
            try await server.withConnection(to: database) { connection in
                #expect(try await Scenario.ledger(connection) == Self.complete(history, 1...3) + ["\(id) 2 0 false"])
                #expect(try await connection.text("SELECT string_agg(indexrelid::regclass::text, ',') FROM pg_index WHERE NOT indisvalid") == "ix_products_sku")
                try await runner.apply(to: Revisions.count, on: NIOMigrationConnection(connection: connection))
                #expect(try await Scenario.ledger(connection) == Self.complete(history, 1...Revisions.count))
                try await expectCatalog(of: connection, equalsFresh: Revisions.count, "run again after the kill", fixtures: fixtures, server: server)
            }
        }
    }
}
