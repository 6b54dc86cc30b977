import ArgumentParser
import TaxigenCore

/// `taxigen migrate new|check|sql|apply|status|history|rebase|seal|squash|split-checksums`: versioned migrations from the specs' history.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Write, check, script and apply the database migrations (see docs/migrations.md).",
        discussion: """
        `new` writes the next migration from what the specs changed since the last one; `check` verifies \
        that no committed migration was edited, that the history is linear and that the specs need no new \
        migration; `sql` writes the offline script a DBA reviews and runs on production; `apply` migrates a \
        development or staging database, and refuses one marked production; `status` shows what a \
        database's ledger holds against the migrations; `history` lists the migrations; `rebase` moves a \
        branch's migration after another branch's; `seal` records the checksums of the last migration's \
        hand-written data steps; `squash` replaces the first migrations with one checkpoint; `split-checksums` gives an older project's migrations \
        their own checksums.txt.
        """,
        subcommands: [MigrateNewCommand.self, MigrateCheckCommand.self, MigrateSQLCommand.self, MigrateApplyCommand.self,
                      MigrateStatusCommand.self, MigrateHistoryCommand.self, MigrateRebaseCommand.self, MigrateSealCommand.self,
                      MigrateSquashCommand.self, MigrateSplitChecksumsCommand.self, MigrateBaselineCommand.self]
    )
}

/// Printing shared by the migrate commands.
enum MigrateOutput {
    /// Prints the problems of a broken history and a closing line.
    static func printHistoryProblems(_ problems: [HistoryProblem]) {
        for problem in problems { ConsoleOutput.printError(problem.description) }
        ConsoleOutput.printError("\(problems.count) problem\(problems.count == 1 ? "" : "s") in the migrations.")
    }

    /// Loads the history, printing its problems and exiting 1 when it is broken.
    static func history(of project: MigrationProject) throws -> MigrationHistory {
        do {
            return try project.history()
        } catch let error as HistoryError {
            printHistoryProblems(error.problems)
            throw ExitCode(1)
        }
    }

    /// The phase a `--phase` value names, or exit 64 saying which values there are.
    static func phase(_ value: String) throws -> MigrationUnit.Phase {
        guard let phase = MigrationUnit.Phase(rawValue: value) else {
            throw ValidationError("--phase must be pre-deploy or post-deploy, not '\(value)'")
        }
        return phase
    }

    /// A position from a `--from`/`--to` revision, or exit 64 naming the revisions there are.
    static func position(of revision: String, in history: MigrationHistory, option: String) throws -> Int {
        guard let position = history.position(of: revision) else {
            let known = (["base"] + history.migrations.map(\.id) + ["head"]).joined(separator: ", ")
            throw ValidationError("\(option) \(revision): no such revision; the revisions are \(known)")
        }
        return position
    }
}
