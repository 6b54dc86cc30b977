import ArgumentParser
import Foundation
import TaxigenCore

/// `taxigen migrate new -m "description"`.
struct MigrateNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write the next migration from what the specs changed since the last one (no database needed).",
        discussion: """
        Compares the specs with the schema snapshot of the last migration and writes \
        <migrations>/NNNN_<description>/ with up.sql, down.sql (or IRREVERSIBLE, saying why) and \
        snapshot.json, and their checksums in its own checksums.txt. Exit status: 0 written, or nothing to \
        write; 1 invalid specs, a broken history, or a change refused (an unannotated rename, a lossy type \
        change).
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(name: [.customShort("m"), .customLong("message")], help: "What the migration does; its directory name comes from it (default with --data: the step's name).")
    var message: String?

    @Option(help: "Add a hand-written data step NAME (data/NAME.sql, after the catalog changes and backfills); written even when the specs change nothing. Complete it, then `taxigen migrate seal`.")
    var data: String?

    @Option(help: "With --data: write the step as batches of rows of this table (or entity) by key, each committed with its progress, resumable.")
    var batched: String?

    @Flag(help: "Finish the renames in progress (zero_downtime expands of earlier migrations): drop each old column, its sync trigger and function, in post-deploy units. Only once no running release reads the old columns.")
    var contract = false

    func validate() throws {
        if message == nil, data == nil { throw ValidationError("missing -m/--message: what the migration does") }
        if batched != nil, data == nil { throw ValidationError("--batched needs --data NAME") }
    }

    func run() async throws {
        let migrations = MigrationProject(config: try project.config())
        // The specs are loaded while the history is read and verified (1,000 entities: ~0.2 s each).
        let specsTask = Task.detached { () -> (Schema?, DiagnosticLog) in
            var log = DiagnosticLog()
            return (migrations.schema(into: &log), log)
        }
        let history = try MigrateOutput.history(of: migrations)
        var (loaded, log) = await specsTask.value
        guard var schema = loaded else {
            ConsoleOutput.printDiagnostics(log.sorted)
            ConsoleOutput.printError("the specs have errors; no migration was written.")
            throw ExitCode(1)
        }
        schema.migrationPolicy.contract = contract
        let migration: NewMigration?
        do {
            let step = data.map { DataStep.Request(name: $0, batchedTable: batched) }
            migration = try NewMigration.prepare(history: history, schema: schema, message: message ?? data!.replacingOccurrences(of: "_", with: " "),
                                                 ddl: try migrations.freshDDL(), dataStep: step, into: &log)
        } catch {
            ConsoleOutput.printDiagnostics(log.sorted)
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        ConsoleOutput.printDiagnostics(log.sorted)
        if log.hasErrors {
            ConsoleOutput.printError("no migration was written: \(log.diagnostics.filter { $0.severity == .error }.count) change(s) refused.")
            throw ExitCode(1)
        }
        guard let migration else {
            print("No changes: the specs match \(history.head?.id ?? "an empty database"); nothing was written.")
            return
        }
        do {
            try migration.write(to: migrations.path, history: history)
        } catch {
            ConsoleOutput.printError("error: writing \(migrations.directory)/\(migration.id) failed: \(ErrorText.reason(error))")
            throw ExitCode(1)
        }
        print("Wrote \(migrations.directory)/\(migration.id)/ (\(migration.files.keys.sorted().joined(separator: ", "))):")
        for line in migration.plan.summary { print("  \(line)") }
        for warning in migration.plan.warnings { ConsoleOutput.printError("warning: \(warning)") }
        if let data {
            print("Write \(migrations.directory)/\(migration.id)/\(DataStep.file(named: data)) (it refuses to run until you do), then run `taxigen migrate seal`.")
        }
        if !migration.plan.isReversible {
            ConsoleOutput.printError("warning: the migration is IRREVERSIBLE: " + migration.plan.irreversibleReasons.joined(separator: "; "))
        }
    }
}
