import ArgumentParser
import TaxigenCore

/// `taxigen migrate split-checksums`.
struct MigrateSplitChecksumsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split-checksums",
        abstract: "Move the lines of a project's top-level checksums.txt into each migration's own checksums.txt.",
        discussion: """
        Projects written by an older taxigen keep every migration's checksums in <migrations>/checksums.txt, \
        which two branches that each add a migration both change. This moves each migration's lines, \
        unchanged, into <migrations>/<id>/checksums.txt and removes the top-level file; the migrations' \
        checksums (which the ledger records) stay the same. `migrate new` never rewrites the top-level \
        file, so splitting is optional: do it once, when no branch that adds a migration is open. Exit \
        status: 0 split, or nothing to split; 1 the history has problems (nothing is written).
        """
    )

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let migrations = MigrationProject(config: try project.config())
        let ids: [String]
        do {
            ids = try ChecksumSplit.split(migrations)
        } catch let error as HistoryError {
            MigrateOutput.printHistoryProblems(error.problems)
            throw ExitCode(1)
        }
        if ids.isEmpty {
            print("\(migrations.directory) has no top-level \(Checksums.fileName): every migration has its own already.")
        } else {
            print("\(migrations.directory): \(ids.count) migration(s) got their own \(Checksums.fileName); the top-level one is removed.")
        }
    }
}
