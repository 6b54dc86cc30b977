import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// A small history of spec revisions written for one test: `rev1`, `rev2`, … in a temporary fixtures
/// directory, with the migrations `migrate new` writes for them, and the runner over it.
struct Scenario {
    /// The temporary fixtures directory (`rev1`, `rev2`, …).
    let fixtures: String
    /// The migrations directory.
    let directory: String
    /// The verified history.
    let history: MigrationHistory

    /// Writes each revision's spec files (file name → YAML) and the migrations for them.
    init(_ revisions: [[String: String]]) throws {
        fixtures = try Revisions.temporaryDirectory("scenario")
        for (offset, files) in revisions.enumerated() {
            let folder = fixtures + "/rev\(offset + 1)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        }
        directory = try Revisions.temporaryDirectory("scenario-migrations")
        history = try Revisions.writeMigrations(upTo: revisions.count, into: directory, fixtures: fixtures)
    }

    /// The runner, with a lock timeout short enough for tests.
    var runner: MigrationRunner {
        var runner = MigrationRunner(history: history)
        runner.lockTimeout = "2s"
        return runner
    }

    /// The ledger's rows as `version units_done units_reverted applied`.
    static func ledger(_ connection: PostgresConnection) async throws -> [String] {
        try await connection.texts("""
            SELECT version || ' ' || units_done || ' ' || units_reverted || ' ' || (applied_at IS NOT NULL)::text
            FROM taxiway_migrations ORDER BY version
            """).map { $0[0] ?? "" }
    }

    /// The ledger row `version units_done units_reverted applied` of a complete migration.
    func complete(_ position: Int) -> String {
        let migration = history.migrations[position - 1]
        return "\(migration.id) \(migration.up.units.count) 0 true"
    }
}

/// Runs `body` and returns the `MigrationError` it throws (a failure if it throws none or another error).
func migrationError(_ body: () async throws -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation) async -> MigrationError? {
    do {
        try await body()
        Issue.record("expected a MigrationError, but it succeeded", sourceLocation: sourceLocation)
    } catch let error as MigrationError {
        return error
    } catch {
        Issue.record("expected a MigrationError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

extension TemporaryProject {
    /// Runs `taxigen ARGS` in the project, the arguments as an array.
    func run(arguments: [String]) async throws -> ProcessRun {
        try await CLI.run(arguments, in: path)
    }
}
