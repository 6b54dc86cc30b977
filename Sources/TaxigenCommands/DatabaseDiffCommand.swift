import ArgumentParser
import TaxigenCore

/// `taxigen db diff`: commands that look at a live database.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Compare a live database with the specs.",
        subcommands: [DatabaseDiffCommand.self]
    )
}

/// `taxigen db diff --database URL`.
struct DatabaseDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Report how a live database drifted from the specs.",
        discussion: """
        Reports missing and extra tables, columns and indexes, changed column types and nullability, \
        changed index definitions, invalid indexes (indisvalid = false, left by a failed CREATE INDEX \
        CONCURRENTLY), missing and extra CHECK constraints, and every foreign-key constraint. The old \
        column of a rename in progress (a zero_downtime expand not yet contracted, as the migrations and \
        the ledger say) is expected, with its indexes and CHECKs. The ledger table taxiway_migrations is \
        ignored. It only reads. Exit status: 0 no drift; 1 an error; 2 drift.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "The database: postgres://user:password@host:5432/database[?sslmode=disable].")
    var database: String

    func run() async throws {
        let config = try project.config()
        var log = DiagnosticLog()
        guard let schema = Generator(config: config).loadSchema(into: &log) else {
            ConsoleOutput.printDiagnostics(log.sorted)
            ConsoleOutput.printError("the specs have errors.")
            throw ExitCode(1)
        }
        ConsoleOutput.printDiagnostics(log.sorted)
        // The history says which columns a rename in progress keeps on purpose (expand done, contract not yet).
        let migrations = MigrationProject(config: config)
        // A history that cannot be read only costs that knowledge: the database is compared with the specs alone.
        func historyUnreadable(_ error: any Error) {
            ConsoleOutput.printError("warning: reading \(migrations.directory) failed (\(ErrorText.reason(error))); the old columns of renames in progress, if any, are reported as extra")
        }
        var history: MigrationHistory?
        do {
            history = try MigrationHistory.loadAllowingProblems(path: migrations.path, shownAs: migrations.directory).0
        } catch {
            historyUnreadable(error)
        }
        let catalog: LiveCatalog
        let ledger: [Ledger.Entry]
        do {
            let connection = try await DatabaseConnector.connect(url: database)
            do {
                catalog = try await LiveCatalog.read(from: connection)
                ledger = try await Ledger.entries(on: connection) ?? []
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        var expected = SchemaSnapshot(schema: schema)
        if let history {
            do {
                expected = try ExpectedSchema.snapshot(specs: expected, history: history, ledger: ledger.map(\.row))
            } catch {
                historyUnreadable(error)
            }
        }
        let drift = DatabaseDrift(expected: expected, actual: catalog)
        guard !drift.items.isEmpty else {
            print("No drift: the database has the \(schema.entities.count) tables of the specs, with their columns and indexes.")
            return
        }
        for item in drift.items { print(item.description) }
        ConsoleOutput.printError("\(drift.items.count) difference\(drift.items.count == 1 ? "" : "s") between the database and the specs.")
        throw ExitCode(2)
    }
}
