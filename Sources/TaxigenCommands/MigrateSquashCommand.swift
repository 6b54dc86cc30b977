import ArgumentParser
import TaxigenCore

/// `taxigen migrate squash --to REV`.
struct MigrateSquashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "squash",
        abstract: "Replace the migrations up to REV with one checkpoint a fresh database starts from.",
        discussion: """
        The checkpoint keeps REV's id and snapshot (the migrations after REV are unchanged); its up.sql \
        creates that schema in one transaction and its squashed.txt lists the migrations it replaces with \
        their checksums. A database already at or past REV keeps working: its next `migrate apply` or \
        offline script records the replaced migrations as the checkpoint in its ledger. A database in the \
        middle of them is refused, with the way out (bring it to REV with the history before the squash). \
        Exit status: 0 squashed; 1 refused (nothing written).
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "The last migration to replace: its id or number, or head.")
    var to: String

    func run() throws {
        let migrations = MigrationProject(config: try project.config())
        let squash: MigrationSquash
        do {
            squash = try MigrationSquash.prepare(migrations, to: to)
        } catch let error as HistoryError {
            MigrateOutput.printHistoryProblems(error.problems)
            ConsoleOutput.printError("nothing was squashed.")
            throw ExitCode(1)
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        do {
            try squash.write(migrations)
        } catch {
            ConsoleOutput.printError("error: squashing failed: \(ErrorText.reason(error))")
            throw ExitCode(1)
        }
        let id = squash.checkpoint.id
        print("Squashed \(squash.replaced.count) migrations (\(squash.replaced.first!.id) … \(id)) into the checkpoint \(migrations.directory)/\(id)/.")
        print("A fresh database starts from it; a database at or past \(id) is recorded as at it on its next run;"
              + " one in the middle of the squashed migrations is refused (bring it to \(id) with the history before the squash first).")
    }
}
