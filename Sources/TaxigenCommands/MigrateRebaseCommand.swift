import ArgumentParser
import TaxigenCore

/// `taxigen migrate rebase MIGRATION`.
struct MigrateRebaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebase",
        abstract: "Move a migration after the others when two branches each added one (renumber, recompute, re-checksum).",
        discussion: """
        After merging a branch that added a migration after the same one as yours, name yours (not \
        applied to any shared database): it gets the next number and the last other migration as its \
        parent, and its up.sql, down.sql (or IRREVERSIBLE) and snapshot are planned again from that \
        parent's snapshot to the merged specs; its checksums.txt is written. Downgrade your development \
        database below it first (`migrate apply --to`), or recreate it. Exit status: 0 rebased, or \
        already last; 1 refused (nothing written): an unknown or ambiguous migration, one that others \
        follow, a history that stays forked, an edited file, specs with errors or a refused change.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The migration to move after the others: its id (or its number, if only one has it).")
    var migration: String

    func run() throws {
        let migrations = MigrationProject(config: try project.config())
        var log = DiagnosticLog()
        let outcome: MigrationRebase.Outcome
        do {
            outcome = try MigrationRebase.prepare(migrations, revision: migration, into: &log)
        } catch let error as HistoryError {
            ConsoleOutput.printDiagnostics(log.sorted)
            MigrateOutput.printHistoryProblems(error.problems)
            ConsoleOutput.printError("nothing was rebased.")
            throw ExitCode(1)
        } catch {
            ConsoleOutput.printDiagnostics(log.sorted)
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        ConsoleOutput.printDiagnostics(log.sorted)
        switch outcome {
        case .alreadyLast(let migration):
            print("\(migrations.directory)/\(migration.id) already follows \(migration.parent ?? "nothing"), the last of the others; nothing to do.")
        case .rebased(let rebase):
            do {
                try rebase.write(migrations)
            } catch {
                ConsoleOutput.printError("error: rebasing \(migrations.directory)/\(rebase.original.id) failed: \(ErrorText.reason(error))")
                throw ExitCode(1)
            }
            print("Rebased \(migrations.directory)/\(rebase.original.id) → \(migrations.directory)/\(rebase.rebased.id), after \(rebase.parent?.id ?? "nothing"):")
            for line in rebase.rebased.plan.summary { print("  \(line)") }
            for warning in rebase.warnings + rebase.rebased.plan.warnings { ConsoleOutput.printError("warning: \(warning)") }
            if !rebase.rebased.plan.isReversible {
                ConsoleOutput.printError("warning: the migration is IRREVERSIBLE: " + rebase.rebased.plan.irreversibleReasons.joined(separator: "; "))
            }
        }
    }
}
