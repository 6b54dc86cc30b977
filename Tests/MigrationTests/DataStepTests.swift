import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// Data steps (`migrate new --data NAME --batched TABLE`): a hand-written unit of the chain, after the
/// catalog changes, checksummed (sealed with `migrate seal`), printed by `migrate sql`, run with
/// `taxiway.maintenance` on, in batches by key that commit with their progress, so a failed or killed run
/// resumes after the last committed batch and no row is changed twice (the step here is not idempotent:
/// `score = score + 1`).
@Suite("Data steps: hand-written units, checksummed, resumable by batch")
struct DataStepTests {
    static let rows = 2500
    /// The advisory lock key a test holds to stop a data step before its second batch, until it has killed the
    /// run (each test has a database of its own, so one key serves them all).
    static let batchGate = 720_301
    /// The data step's extra line that waits for ``batchGate`` from the second batch on.
    static let waitsAtGateFromSecondBatch =
        "\n        IF taxigen_last IS NOT NULL THEN PERFORM pg_advisory_xact_lock_shared(\(batchGate)); END IF;"

    static let rev1 = """
        entity: Rider
        fields:
          name: { type: string, max_length: 50 }
          score: { type: int, default: 0 }
        """
    static let rev2 = rev1 + "\n  name_length: { type: int, nullable: true }\n"

    /// The UPDATE the test writes into the generated template (it raises until its line is removed).
    static let update = """
            UPDATE riders SET name_length = length(name), score = score + 1
            WHERE rider_id = ANY(taxigen_keys);
    """

    /// A project with rev1 migrated, rev2's specs, and `0002_name_lengths` with the data step as generated.
    struct Project {
        let path: String
        var migrations: String { path + "/migrations" }
        var dataFile: String { migrations + "/0002_name_lengths/data/fill_name_length.sql" }

        init() async throws {
            path = try Revisions.temporaryDirectory("datastep")
            try "specs: specs\nmigrations: migrations\n".write(toFile: path + "/taxigen.yaml", atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: path + "/specs", withIntermediateDirectories: true)
            try DataStepTests.rev1.write(toFile: path + "/specs/rider.yaml", atomically: true, encoding: .utf8)
            let first = try await run("migrate", "new", "-m", "Initial")
            #expect(first.status == 0, "\(first.output)")
            try DataStepTests.rev2.write(toFile: path + "/specs/rider.yaml", atomically: true, encoding: .utf8)
            let second = try await run("migrate", "new", "-m", "Name lengths", "--data", "fill_name_length", "--batched", "Rider")
            #expect(second.status == 0, "\(second.output)")
            #expect(second.output.contains("migrate seal"), "it says what to do next: \(second.output)")
        }

        func run(_ arguments: String...) async throws -> ProcessRun { try await CLI.run(arguments, in: path) }

        /// Writes the step: the test's UPDATE instead of the template's, the line that refuses removed.
        func writeStep(extra: String = "") throws {
            var text = try String(contentsOfFile: dataFile, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            text = lines.filter { !$0.contains("write its UPDATE") }.joined(separator: "\n")
            text = text.replacingOccurrences(of: "        UPDATE riders SET version = version\n        WHERE rider_id = ANY(taxigen_keys);",
                                             with: DataStepTests.update + extra)
            #expect(text.contains("score = score + 1"))
            try text.write(toFile: dataFile, atomically: true, encoding: .utf8)
        }

        var history: MigrationHistory {
            get throws {
                var log = DiagnosticLog()
                return try MigrationProject(config: ProjectConfig.load(projectDirectory: path, into: &log)).history()
            }
        }
    }

    static func seed(_ connection: PostgresConnection) async throws {
        try await connection.run("INSERT INTO riders (name, score) SELECT 'rider-' || i, i FROM generate_series(1, \(rows)) AS i")
        try await connection.run("UPDATE riders SET name = name || '.'")   // every row changed once by a client
    }

    private static func versions(_ connection: PostgresConnection) async throws -> String? {
        try await connection.text("SELECT md5(string_agg(rider_id::text || version || updated_at::text, ',' ORDER BY rider_id)) FROM riders")
    }

    /// How many rows the step changed once, and how many it changed more than once or not at all.
    static func changed(_ connection: PostgresConnection) async throws -> (once: Int, wrong: Int) {
        let once = Int(try await connection.text("SELECT count(*)::text FROM riders WHERE score = substr(name, 7, length(name) - 7)::int + 1 AND name_length = length(name)") ?? "") ?? -1
        return (once, rows - once - (Int(try await connection.text("SELECT count(*)::text FROM riders WHERE score = substr(name, 7, length(name) - 7)::int") ?? "") ?? -1))
    }

    static func runner(_ history: MigrationHistory) -> MigrationRunner {
        var runner = MigrationRunner(history: history)
        runner.lockTimeout = "2s"
        return runner
    }

    @Test("the files: up.sql includes the step after the catalog changes; the template is sealed, refuses to run, and an edit is found until `migrate seal`")
    func files() async throws {
        let project = try await Project()
        let history = try project.history
        let up = history.migrations[1].up
        #expect(up.units.map(\.dataStep) == [nil, "data/fill_name_length.sql"], "the catalog transaction, then the data step")
        #expect(up.units[1].kind == .standalone && up.units[1].body.contains("taxiway_migration_progress"))
        let upText = try String(contentsOfFile: project.migrations + "/0002_name_lengths/up.sql", encoding: .utf8)
        #expect(upText.contains("\n\\ir data/fill_name_length.sql\n"))
        #expect(try String(contentsOfFile: project.migrations + "/0002_name_lengths/checksums.txt", encoding: .utf8)
            .contains("  0002_name_lengths/data/fill_name_length.sql\n"))
        let unwritten = try await project.run("migrate", "check")
        let raising = try #require(try String(contentsOfFile: project.dataFile, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("write its UPDATE") }) + 1
        #expect(unwritten.status == 1 && unwritten.standardError.contains("/0002_name_lengths/data/fill_name_length.sql:\(raising):5: error: the data step is not written yet")
                && unwritten.standardError.contains("hint: write its statements (and remove the line that raises), then run `taxigen migrate seal`"),
                "the template as generated is an error: \(unwritten.output)")
        try project.writeStep()
        let edited = try await project.run("migrate", "check")
        #expect(edited.status == 1 && edited.output.contains("data/fill_name_length.sql: error: was edited"), "\(edited.output)")
        let seal = try await project.run("migrate", "seal")
        #expect(seal.status == 0, "\(seal.output)")
        #expect(try await project.run("migrate", "check").status == 0)
        #expect(try await project.run("migrate", "seal").output.contains("sealed already"))
        // A generated file is never sealed.
        let upPath = project.migrations + "/0002_name_lengths/up.sql"
        try (upText + "\n-- an edit\n").write(toFile: upPath, atomically: true, encoding: .utf8)
        let refused = try await project.run("migrate", "seal")
        #expect(refused.status == 1 && refused.output.contains("up.sql: error: was edited"), "\(refused.output)")
        try upText.write(toFile: upPath, atomically: true, encoding: .utf8)
        // A data file no unit includes is an error.
        try "SELECT 1;\n".write(toFile: project.migrations + "/0002_name_lengths/data/stray.sql", atomically: true, encoding: .utf8)
        let stray = try await project.run("migrate", "check")
        #expect(stray.status == 1 && stray.output.contains("stray.sql: error: is a data step that no unit of up.sql includes"), "\(stray.output)")
    }

    @Test("applied (migrate apply on PostgreSQL 18, the offline script through psql on 15): every row changed once, versions kept, in batches; shown in the script; run again, nothing changes; edited after apply, refused",
          arguments: [TestServer.pg18, .pg15])
    func applied(server: TestServer) async throws {
        let project = try await Project()
        try await server.withFreshDatabase { database in
            let url = try server.url(database: database)
            #expect(try await project.run("migrate", "apply", "--database", url, "--to", "1").status == 0)
            let before = try await server.withConnection(to: database) { connection in
                try await Self.seed(connection)
                return try await Self.versions(connection)
            }
            // The template as generated is refused before anything runs.
            let unwritten = try await project.run("migrate", "apply", "--database", url)
            #expect(unwritten.status == 1 && unwritten.output.contains("is not written yet"), "\(unwritten.output)")
            #expect(try await server.withConnection(to: database) { try await Scenario.ledger($0) } == ["0001_initial 1 0 true"])
            #expect(try await project.run("migrate", "sql").output.contains("is not written yet"))
            try project.writeStep()
            #expect(try await project.run("migrate", "seal").status == 0)
            let scriptRun = try await project.run("migrate", "sql", "--out", "deploy.sql")
            #expect(scriptRun.status == 0, "\(scriptRun.output)")
            let script = try String(contentsOfFile: project.path + "/deploy.sql", encoding: .utf8)
            #expect(script.contains("score = score + 1") && script.contains("SET taxiway.maintenance = 'on';")
                    && script.contains("Data step data/fill_name_length.sql of 0002_name_lengths"), "the script shows the step inline")
            #expect(script.contains(try project.history.migrations[1].checksum))
            for _ in 0..<2 {   // the second run changes nothing
                let run = server == .pg15 ? try await Psql.run(file: project.path + "/deploy.sql", database: database, on: server)
                    : try await project.run("migrate", "apply", "--database", url)
                #expect(run.status == 0, "\(run.output)")
            }
            try await server.withConnection(to: database) { connection in
                let changed = try await Self.changed(connection)
                #expect(changed.once == Self.rows && changed.wrong == 0, "\(changed)")
                #expect(try await Self.versions(connection) == before, "every row keeps its version and updated_at")
                let transactions = Int(try await connection.text("SELECT count(DISTINCT xmin::text)::text FROM riders") ?? "") ?? 0
                #expect(transactions >= 3, "\(Self.rows) rows in \(transactions) transaction(s)")
                #expect(try await connection.text("SELECT count(*)::text FROM taxiway_migration_progress") == "0", "the ledger cleared the progress")
                #expect(try await Scenario.ledger(connection) == ["0001_initial 1 0 true", "0002_name_lengths 2 0 true"])
            }
            // Edited and sealed again after it was applied: the ledger's checksum finds it.
            let written = try String(contentsOfFile: project.dataFile, encoding: .utf8)
            try (written + "-- a later edit\n").write(toFile: project.dataFile, atomically: true, encoding: .utf8)
            #expect(try await project.run("migrate", "seal").status == 0)
            #expect(try await project.run("migrate", "check").status == 0)
            let refused = try await project.run("migrate", "apply", "--database", url)
            #expect(refused.status == 1 && refused.output.contains("0002_name_lengths was applied with checksum")
                    && refused.output.contains("edited after it was applied"), "\(refused.output)")
            let status = try await project.run("migrate", "status", "--database", url)
            #expect(status.status == 1 && status.output.contains("CHECKSUM MISMATCH"), "\(status.output)")
        }
    }

    @Test("a batch that fails keeps the batches before it and their progress; run again (migrate apply, then psql on 15), it goes on after the last committed batch and no row is changed twice",
          arguments: [TestServer.pg18, .pg15])
    func failedBatchResumes(server: TestServer) async throws {
        let project = try await Project()
        try project.writeStep()
        #expect(try await project.run("migrate", "seal").status == 0)
        let history = try project.history
        try await server.withFreshDatabase { database in
            try await server.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await Self.runner(history).apply(to: 1, on: migrate)
                try await Self.seed(connection)
                let before = try await Self.versions(connection)
                let last = try #require(try await connection.text("SELECT rider_id::text FROM riders ORDER BY rider_id DESC LIMIT 1"))
                try await connection.run("CREATE FUNCTION test_stop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'stopped by the test'; END; $$")
                try await connection.run("CREATE TRIGGER zz_test_stop BEFORE UPDATE ON riders FOR EACH ROW WHEN (OLD.rider_id = '\(last)') EXECUTE FUNCTION test_stop()")
                let error = await migrationError { try await Self.runner(history).apply(to: 2, on: migrate) }
                #expect(error?.message.contains("data step data/fill_name_length.sql") == true && error?.message.contains("stopped by the test") == true,
                        "\(String(describing: error))")
                let changed = try await Self.changed(connection)
                #expect(changed.once == 2000 && changed.wrong == 0, "two batches committed: \(changed)")
                #expect(try await connection.text("SELECT batches::text FROM taxiway_migration_progress") == "2")
                #expect(try await Scenario.ledger(connection) == ["0001_initial 1 0 true", "0002_name_lengths 1 0 false"])
                #expect(try await connection.text("SELECT current_setting('taxiway.maintenance', true)") ?? "" != "on", "the session setting is reset")
                try await connection.run("DROP TRIGGER zz_test_stop ON riders")
                if server == .pg15 {
                    let run = try await Psql.run(script: try OfflineScript(history: history, from: 0, to: 2).text(), database: database, on: server)
                    #expect(run.status == 0, "\(run.output)")
                } else {
                    try await Self.runner(history).apply(to: 2, on: migrate)
                }
                let resumed = try await Self.changed(connection)
                #expect(resumed.once == Self.rows && resumed.wrong == 0, "resumed after the last committed batch: \(resumed)")
                #expect(try await Self.versions(connection) == before)
                #expect(try await Scenario.ledger(connection) == ["0001_initial 1 0 true", "0002_name_lengths 2 0 true"])
            }
        }
    }

    @Test("the session running the step is killed between batches (pg_terminate_backend): the run ends promptly with the connection lost and the committed batches kept; run again, it resumes after them",
          arguments: [TestServer.pg18, .pg15])
    func killedRunResumes(server: TestServer) async throws {
        let project = try await Project()
        // From the second batch on, the step waits for an advisory lock the watcher holds until it has killed the
        // session: the kill lands after the first batch however slow the machine (a poll that came late once saw
        // two batches committed, when batches only slept).
        try project.writeStep(extra: Self.waitsAtGateFromSecondBatch)
        #expect(try await project.run("migrate", "seal").status == 0)
        let history = try project.history
        try await server.withFreshDatabase { database in
            try await server.withConnection(to: database) { connection in
                try await Self.runner(history).apply(to: 1, on: NIOMigrationConnection(connection: connection))
                try await Self.seed(connection)
                try await connection.run(DataStep.createProgressTable)   // for the watcher's query
            }
            let victim = try await server.connect(database: database)
            let pid = try #require(try await victim.text("SELECT pg_backend_pid()::text"))
            var runner = Self.runner(history)
            runner.lockTimeout = "60s"  // the second batch waits at the gate for as long as the test needs
            let run = try await server.withConnection(to: database) { watcher in
                _ = try await watcher.text("SELECT pg_advisory_lock(\(Self.batchGate))::text")
                let run = Task { [runner] in try await runner.apply(to: 2, on: NIOMigrationConnection(connection: victim)) }
                var batches = "0"
                for _ in 0..<200 where batches == "0" {
                    try await Task.sleep(for: .milliseconds(50))
                    batches = try await watcher.text("SELECT COALESCE((SELECT batches::text FROM taxiway_migration_progress), '0')") ?? "0"
                }
                #expect(batches == "1", "killed after the first batch")
                _ = try await watcher.text("SELECT pg_terminate_backend(\(pid))::text")
                _ = try await watcher.text("SELECT pg_advisory_unlock(\(Self.batchGate))::text")
                return run
            }
            let outcome = await finished(run, within: KilledSessionTests.limit, "the killed run")
            try? await victim.close()
            if case .failure(let error)? = outcome {
                let message = "\(error)"
                #expect(error is MigrationError && message.contains("0002_name_lengths: the connection to the database was lost")
                        && message.contains("during unit 2 of 2 of its upgrade: unit 2 may or may not have applied")
                        && message.contains("its committed batches stay with their progress in taxiway_migration_progress")
                        && message.contains("units 1–1 of its upgrade are committed and recorded in the ledger"), "\(message)")
            } else if case .success? = outcome {
                Issue.record("the killed run succeeded")
            }
            try await server.withConnection(to: database) { connection in
                let killed = try await Self.changed(connection)
                #expect((1000..<Self.rows).contains(killed.once) && killed.wrong == 0, "\(killed)")
                #expect(try await Scenario.ledger(connection) == ["0001_initial 1 0 true", "0002_name_lengths 1 0 false"])
                let progress = try await connection.text("SELECT batches::text FROM taxiway_migration_progress")
                #expect(progress.map { ["1", "2"].contains($0) } == true && Int(progress ?? "") == killed.once / 1000, "\(String(describing: progress)), \(killed)")
                try await Self.runner(history).apply(to: 2, on: NIOMigrationConnection(connection: connection))
                let resumed = try await Self.changed(connection)
                #expect(resumed.once == Self.rows && resumed.wrong == 0, "\(resumed)")
                #expect(try await Scenario.ledger(connection) == ["0001_initial 1 0 true", "0002_name_lengths 2 0 true"])
                #expect(try await connection.text("SELECT count(*)::text FROM taxiway_migration_progress") == "0")
            }
        }
    }
}
