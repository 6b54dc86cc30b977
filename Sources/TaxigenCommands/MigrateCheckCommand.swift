import ArgumentParser
import TaxigenCore

/// `taxigen migrate check`.
struct MigrateCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that no migration was edited, that the history is linear, and that the specs need no new migration.",
        discussion: """
        Exit status: 0 in sync; 1 an error: a committed migration was edited (its checksum in \
        its checksums.txt no longer matches), a file is missing or unlisted, the history is not linear (two \
        migrations follow the same one), a file is broken, or the specs have errors; 2 the specs change \
        something no migration captures: run `taxigen migrate new -m "…"`.
        """
    )

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let migrations = MigrationProject(config: try project.config())
        var log = DiagnosticLog()
        let status = try MigrationStatus.check(migrations, into: &log)
        ConsoleOutput.printDiagnostics(log.sorted)
        // A data step still as `migrate new --data` wrote it refuses to run: an error, before the rest.
        let unwritten = !status.problems.isEmpty ? []
            : ((try? migrations.history()).map { DataStep.unwrittenProblems($0, path: migrations.path) } ?? [])
        if !unwritten.isEmpty {
            MigrateOutput.printHistoryProblems(unwritten)
            if status.outcome == .error { ConsoleOutput.printError("the specs have errors.") }
            if status.outcome == .changesNeeded {
                ConsoleOutput.printError("\(migrations.directory): the specs also change the database, and no migration captures it:")
                for line in status.pendingChanges { ConsoleOutput.printError("  \(line)") }
            }
            throw ExitCode(MigrationStatus.Outcome.error.rawValue)
        }
        switch status.outcome {
        case .inSync:
            print("\(migrations.directory): \(status.migrationCount) migration\(status.migrationCount == 1 ? "" : "s"), checksums intact, history linear; the specs need no new migration.")
        case .error:
            if status.problems.isEmpty {
                ConsoleOutput.printError("the specs have errors.")
            } else {
                MigrateOutput.printHistoryProblems(status.problems)
            }
        case .changesNeeded:
            ConsoleOutput.printError("\(migrations.directory): the specs change the database, and no migration captures it:")
            for line in status.pendingChanges { ConsoleOutput.printError("  \(line)") }
            ConsoleOutput.printError("run `taxigen migrate new -m \"<what changed>\"` and commit the migration.")
        }
        if status.outcome != .inSync { throw ExitCode(status.outcome.rawValue) }
    }
}
