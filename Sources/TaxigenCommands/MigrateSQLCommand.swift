import ArgumentParser
import Foundation
import TaxigenCore

/// `taxigen migrate sql [--from REV] [--to REV]`.
struct MigrateSQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Write the offline SQL script a DBA reviews and runs with psql (production).",
        discussion: """
        REV is `base` (no migration), `head` (the last), a migration id or its number. --to before --from \
        writes a downgrade (refused past an irreversible migration). The script sets lock_timeout and \
        statement_timeout, records each migration in the ledger table taxiway_migrations with its \
        checksum, refuses a database whose ledger does not match, and skips what is already applied, so it \
        can be run again. Exit status: 0 written; 1 a broken history or a refused downgrade.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "The revision the database is at (default: base; applied migrations are skipped anyway).")
    var from = "base"

    @Option(help: "The revision to bring it to (default: head).")
    var to = "head"

    @Option(name: .customLong("out"), help: "Write the script to this file instead of standard output (a relative path is relative to the project directory, like every path taxigen reads).")
    var outputFile: String?

    @Flag(help: "Leave out the tables with vector columns and the vector extension (a server without pgvector).")
    var withoutVector = false

    @Option(help: "SET lock_timeout: how long a statement waits for a lock before the script stops.")
    var lockTimeout = MigrationFileText.defaultLockTimeout

    @Option(help: "SET statement_timeout: how long one statement may run.")
    var statementTimeout = MigrationFileText.defaultStatementTimeout

    @Option(help: "Only the units of one phase: pre-deploy (the script ends before the first post-deploy unit) or post-deploy (it refuses to run while an earlier pre-deploy unit is not applied, and ends before the next pre-deploy unit). Default: every unit.")
    var phase: String?

    func run() throws {
        let migrations = MigrationProject(config: try project.config())
        let history = try MigrateOutput.history(of: migrations)
        var script = OfflineScript(history: history, from: try MigrateOutput.position(of: from, in: history, option: "--from"),
                                   to: try MigrateOutput.position(of: to, in: history, option: "--to"))
        script.lockTimeout = lockTimeout
        script.statementTimeout = statementTimeout
        script.withoutVector = withoutVector
        if let phase { script.phase = try MigrateOutput.phase(phase) }
        let text: String
        do {
            text = try script.text()
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        guard let outputFile else {
            print(text, terminator: "")
            return
        }
        // Relative to the project directory, as the config's paths and --specs/--output are.
        let path = migrations.config.resolve(outputFile)
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            ConsoleOutput.printError("error: cannot write \(path): the folder \(folder) does not exist"
                                     + "\n    hint: --out is relative to the project directory (\(migrations.config.projectDirectory)); create the folder first or pass another path")
            throw ExitCode(1)
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            ConsoleOutput.printError("error: cannot write \(path): \(ErrorText.reason(error))")
            throw ExitCode(1)
        }
        ConsoleOutput.printError("Wrote \(path): \(script.direction.rawValue), \(abs(script.to - script.from)) migration(s).")
    }
}
