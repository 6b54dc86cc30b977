import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `taxigen migrate apply` as a process, in the middle of a batched data step (DataStepTests' project,
/// 2500 rows in batches of 1000): its session killed, it ends (exit 1) with an error saying the connection was
/// lost; the process itself killed with SIGKILL, the server stops its statement and the ledger stays
/// consistent. Either way, run again, it finishes the job: every row changed once.
///
/// From its second batch on, the step waits for an advisory lock that the test holds until it has killed the
/// run, so the kill lands after the first batch however slow the machine (batches that only slept left a
/// window of a second or two, which a loaded machine can miss).
@Suite("migrate apply killed mid-run")
struct KilledCommandTests {
    /// A project with its data step written and sealed, migrated to 0001 and seeded, on a fresh database.
    private static func withProject(on server: TestServer, _ body: (DataStepTests.Project, String, String) async throws -> Void) async throws {
        let project = try await DataStepTests.Project()
        try project.writeStep(extra: DataStepTests.waitsAtGateFromSecondBatch)
        #expect(try await project.run("migrate", "seal").status == 0)
        try await server.withFreshDatabase { database in
            let url = try server.url(database: database)
            let first = try await project.run("migrate", "apply", "--database", url, "--to", "1")
            #expect(first.status == 0, "\(first.output)")
            try await server.withConnection(to: database) { connection in
                try await DataStepTests.seed(connection)
                try await connection.run(DataStep.createProgressTable)   // for the watcher's query
            }
            try await body(project, database, url)
        }
    }

    /// Runs `body` while a connection of its own holds the batch gate; the gate opens when that connection
    /// closes, after `body`.
    private static func holdingGate<Result: Sendable>(on server: TestServer, database: String,
                                            _ body: () async throws -> Result) async throws -> Result {
        try await server.withConnection(to: database) { gate in
            _ = try await gate.text("SELECT pg_advisory_lock(\(DataStepTests.batchGate))::text")
            return try await body()
        }
    }

    /// `migrate apply` to the head, waiting at the gate as long as the test needs (the default lock timeout is 5 s).
    private static func spawnApply(_ project: DataStepTests.Project, url: String) throws -> SpawnedCLI {
        try SpawnedCLI(["migrate", "apply", "--database", url, "--lock-timeout", "60s"], in: project.path)
    }

    /// Whether the step runs and has committed a batch.
    private static let stepRunning = "a.query LIKE '%DO $data$%' AND EXISTS (SELECT 1 FROM taxiway_migration_progress)"

    /// Runs `migrate apply` again and checks that it finished the job.
    private static func rerun(_ project: DataStepTests.Project, database: String, url: String, on server: TestServer) async throws {
        let again = try await project.run("migrate", "apply", "--database", url)
        #expect(again.status == 0, "\(again.output)")
        try await server.withConnection(to: database) { connection in
            let changed = try await DataStepTests.changed(connection)
            #expect(changed.once == DataStepTests.rows && changed.wrong == 0, "\(changed)")
            #expect(try await Scenario.ledger(connection) == ["0001_initial 1 0 true", "0002_name_lengths 2 0 true"])
            #expect(try await connection.text("SELECT count(*)::text FROM taxiway_migration_progress") == "0")
        }
    }

    @Test("its session killed (pg_terminate_backend) during the data step: it exits 1 promptly, saying the connection was lost, which unit may or may not have applied and what the ledger records; run again, it finishes",
          arguments: [TestServer.pg18, .pg15])
    func sessionKilled(server: TestServer) async throws {
        try await Self.withProject(on: server) { project, database, url in
            let finished = try await Self.holdingGate(on: server, database: database) {
                let apply = try Self.spawnApply(project, url: url)
                try await terminateBackend(where: Self.stepRunning, on: server, database: database)
                return await apply.finished(within: KilledSessionTests.limit)
            }
            guard let run = finished else { return }
            #expect(run.status == 1, "\(run.output)")
            #expect(run.standardError.contains("0002_name_lengths: the connection to the database was lost")
                    && run.standardError.contains("during unit 2 of 2 of its upgrade: unit 2 may or may not have applied")
                    && run.standardError.contains("units 1–1 of its upgrade are committed and recorded in the ledger")
                    && run.standardError.contains("hint: nothing of it runs on the server any more"), "\(run.standardError)")
            let ledger = try await server.withConnection(to: database) { try await Scenario.ledger($0) }
            #expect(ledger == ["0001_initial 1 0 true", "0002_name_lengths 1 0 false"])
            try await Self.rerun(project, database: database, url: url, on: server)
        }
    }

    @Test("the process killed with SIGKILL during the data step: the server stops the step's statement within seconds (committed batches kept, the ledger without the unit); run again, it finishes",
          arguments: [TestServer.pg18, .pg15])
    func processKilled(server: TestServer) async throws {
        // The orphaned statement waits at the gate: only the server's check of the client connection ends it.
        try await Self.withProject(on: server) { project, database, url in
            try await Self.holdingGate(on: server, database: database) {
                let apply = try Self.spawnApply(project, url: url)
                try await server.withConnection(to: database) { watcher in
                    var running: String?
                    for _ in 0..<600 where running == nil {
                        running = try await watcher.text("SELECT a.pid::text FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND \(Self.stepRunning)")
                        if running == nil { try await Task.sleep(for: .milliseconds(50)) }
                    }
                    let pid = try #require(running, "the step did not start")
                    apply.kill()
                    // The orphaned backend stops its statement (client_connection_check_interval) instead of waiting at the gate.
                    var gone = false
                    for _ in 0..<200 where !gone {
                        try await Task.sleep(for: .milliseconds(50))
                        gone = try await watcher.text("SELECT count(*)::text FROM pg_stat_activity WHERE pid = \(pid)") == "0"
                    }
                    #expect(gone, "the killed client's session ended within 10 s")
                    let changed = try await DataStepTests.changed(watcher)
                    #expect(changed.wrong == 0 && changed.once == 1000, "the first batch only: \(changed)")
                    #expect(try await Scenario.ledger(watcher) == ["0001_initial 1 0 true", "0002_name_lengths 1 0 false"])
                    #expect(try await watcher.text("SELECT batches::text FROM taxiway_migration_progress") == "1")
                }
            }
            try await Self.rerun(project, database: database, url: url, on: server)
        }
    }
}
