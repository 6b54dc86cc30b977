import ArgumentParser
import Foundation
import TaxigenCore

/// `taxigen migrate baseline --database URL [--schema NAME] [-m MESSAGE]`.
struct MigrateBaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Adopt an existing database: record it as it is as the first migration, and plan the step to the specs.",
        discussion: """
        For a database taxigen did not make (after `taxigen import`): reads its catalog and writes \
        0001_baseline, whose snapshot is the tables that have a spec as they are in the database, and \
        records it in the database's ledger as applied without running it. Then writes the migration that \
        brings those tables to the specs (foreign keys dropped, keys made UUIDs, audit columns, indexes, \
        triggers, safe type changes), left pending: review it, then `migrate apply` or `migrate sql` runs \
        it. Tables without a spec are left alone. Refused when the project has migrations or the database's \
        ledger has rows. Exit status: 0 done; 1 refused or failed (the specs' errors, a refusal of the \
        differ, no connection).
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "The database: postgres://user:password@host:5432/database[?sslmode=disable].")
    var database: String

    @Option(help: "The PostgreSQL schema the tables are in.")
    var schema = "public"

    @Option(name: [.customShort("m"), .long], help: "The description of the migration after the baseline.")
    var message = "follow the guidelines"

    func run() async throws {
        let migrations = MigrationProject(config: try project.config())
        let history = try MigrateOutput.history(of: migrations)
        var log = DiagnosticLog()
        guard let specs = migrations.schema(into: &log) else {
            ConsoleOutput.printDiagnostics(log.sorted)
            ConsoleOutput.printError("error: the specs have errors; nothing was written")
            throw ExitCode(1)
        }
        let connection = try await DatabaseConnector.connectOrExit(url: database)
        do {
            try await Baseline.checkLedger(on: connection)
            let imported = try await CatalogImport.read(schema: schema, from: connection)
            guard let baseline = try Baseline.prepare(imported: imported, schema: specs, history: history, ddl: try migrations.freshDDL(),
                                                      message: message, into: &log) else {
                ConsoleOutput.printDiagnostics(log.sorted)
                ConsoleOutput.printError("error: the specs cannot be reached from the database as it is (above); nothing was written")
                await connection.close()
                throw ExitCode(1)
            }
            ConsoleOutput.printDiagnostics(log.sorted)
            try baseline.write(to: migrations)
            try await Baseline.record(try migrations.history(), on: connection)
            await connection.close()
            print("Wrote \(migrations.directory)/\(Baseline.id)/ (\(baseline.adoptedTables.count) tables as they are) and recorded it in \(DatabaseURL.redacted(database))'s ledger as applied, without running it.")
            if baseline.migrations.count > 1 {
                let next = baseline.migrations[1]
                print("Wrote \(migrations.directory)/\(next.id)/, pending: it brings the database to the specs:")
                for line in next.plan.summary { print("  \(line)") }
                print("Review it, then `taxigen migrate apply --database URL` (development, staging) or `taxigen migrate sql` (production).")
            } else {
                print("The database already is what the specs say: no migration after the baseline.")
            }
            if !baseline.unmanagedTables.isEmpty {
                print("Not adopted (no spec; left as they are): \(baseline.unmanagedTables.joined(separator: ", ")).")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            await connection.close()
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
    }
}
