import ArgumentParser
import TaxigenCore

/// `taxigen migrate seal`.
struct MigrateSealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Record the checksums of the last migration's hand-written data steps after writing them.",
        discussion: """
        `migrate new --data NAME` writes <migrations>/NNNN_<description>/data/NAME.sql for you to complete; \
        once it is written, `seal` records its checksum in the migration's checksums.txt, so that `migrate \
        check` passes and any later edit is found (the ledger keeps the checksum each migration was applied \
        with). Only the last migration's data steps are sealed; every other difference (a generated file \
        edited, an unknown file) is refused. Exit status: 0 sealed, or nothing changed; 1 refused.
        """
    )

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let migrations = MigrationProject(config: try project.config())
        let seal: MigrationSeal
        do {
            seal = try MigrationSeal.prepare(migrations)
        } catch let error as HistoryError {
            MigrateOutput.printHistoryProblems(error.problems)
            ConsoleOutput.printError("nothing was sealed.")
            throw ExitCode(1)
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        guard !seal.changed.isEmpty else {
            print("\(migrations.directory)/\(seal.migration.id): its data steps are sealed already; nothing changed.")
            return
        }
        do {
            try seal.write(migrations)
        } catch {
            ConsoleOutput.printError("error: sealing \(migrations.directory)/\(seal.migration.id) failed: \(ErrorText.reason(error))")
            throw ExitCode(1)
        }
        print("Sealed \(migrations.directory)/\(seal.migration.id) (\(seal.changed.joined(separator: ", "))): checksum \(seal.migration.checksum).")
    }
}
