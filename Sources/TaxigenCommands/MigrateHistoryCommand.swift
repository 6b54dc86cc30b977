import ArgumentParser
import TaxigenCore

/// `taxigen migrate history [--json]`.
struct MigrateHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the migrations in order with what each changes (no database needed).",
        discussion: """
        Prints each migration's id, description, parent, units and changes, as its up.sql header has \
        them. --json prints the same as JSON (version 1; the shape is in docs/migrations.md). Exit status: \
        0 listed; 1 the history has problems (an edited or missing file, a fork): the readable migrations \
        are listed and the problems printed.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Print JSON for tools instead of text.")
    var json = false

    func run() throws {
        let migrations = MigrationProject(config: try project.config())
        let (history, problems) = try MigrationHistory.loadAllowingProblems(path: migrations.path, shownAs: migrations.directory)
        if json {
            print(try MigrationJSON.history(history, problems: problems), terminator: "")
        } else {
            for migration in history.migrations {
                let units = "\(migration.up.units.count) unit\(migration.up.units.count == 1 ? "" : "s")"
                let reversible = migration.isReversible ? "reversible" : "IRREVERSIBLE"
                print("\(migration.id): \(migration.message)")
                print("    after \(migration.parent ?? "nothing (the first migration)"); \(units); \(reversible)")
                for change in migration.changes { print("    \(change)") }
                for warning in migration.warnings { print("    review: \(warning)") }
                for reason in migration.irreversibleReasons { print("    irreversible: \(reason)") }
            }
            if history.migrations.isEmpty { print("\(migrations.directory): no migrations.") }
        }
        if !problems.isEmpty {
            MigrateOutput.printHistoryProblems(problems)
            throw ExitCode(1)
        }
    }
}
