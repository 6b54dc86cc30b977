import ArgumentParser
import TaxigenCore

/// `taxigen migrate status --database URL [--json]`.
struct MigrateStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what a database's ledger holds against the migrations and the specs (read only).",
        discussion: """
        For each migration: applied (and when), pending, partly applied or partly reverted (units \
        done), or applied with another checksum (edited after it was applied); ledger rows that have no \
        migration; and whether the specs change something no migration captures. It only reads the \
        database (any database, production included; the ledger is not created). --json prints the same \
        as JSON (version 1; the shape is in docs/migrations.md). Exit status, as `migrate check`: 0 in \
        sync; 2 something to do (a migration pending or stopped partway, specs not captured); 1 an \
        error (a broken history, an edited migration, a ledger row without a migration, specs with \
        errors, no connection).
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "The database: postgres://user:password@host:5432/database[?sslmode=disable].")
    var database: String

    @Flag(help: "Print JSON for tools instead of text.")
    var json = false

    func run() async throws {
        let migrations = MigrationProject(config: try project.config())
        // The specs, the files and the database are read at the same time (1,000 entities: ~0.2 s each).
        let specsTask = Task.detached { () -> (Schema?, SchemaSnapshot?, DiagnosticLog) in
            var log = DiagnosticLog()
            let schema = migrations.schema(into: &log)
            return (schema, schema.map(SchemaSnapshot.init(schema:)), log)
        }
        let historyTask = Task.detached {
            try MigrationHistory.loadAllowingProblems(path: migrations.path, shownAs: migrations.directory)
        }
        let ledger: [Ledger.Entry]?
        do {
            ledger = try await readLedger()
        } catch {
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
        let (history, problems) = try await historyTask.value
        var (schema, snapshot, log) = await specsTask.value
        let specs = try MigrationStatus.specs(schema, snapshot: snapshot, of: migrations, against: history, into: &log)
        let status = DatabaseStatus(history: history, historyProblems: problems, ledger: ledger, specs: specs)
        ConsoleOutput.printDiagnostics(log.sorted.filter { specs == .errors || $0.severity == .error })
        if json {
            print(try MigrationJSON.status(status, database: DatabaseURL.redacted(database)), terminator: "")
        } else {
            printText(status, migrations)
        }
        if status.outcome != .inSync { throw ExitCode(status.outcome.rawValue) }
    }

    /// The ledger's rows, read in a read-only session; nil when the database has no ledger table.
    private func readLedger() async throws -> [Ledger.Entry]? {
        let connection = try await DatabaseConnector.connect(url: database)
        do {
            try await connection.execute("SET default_transaction_read_only = on")
            let ledger = try await Ledger.entries(on: connection)
            await connection.close()
            return ledger
        } catch {
            await connection.close()
            throw error
        }
    }

    private func printText(_ status: DatabaseStatus, _ migrations: MigrationProject) {
        print("\(migrations.directory) against \(DatabaseURL.redacted(database))\(status.ledgerExists ? "" : " (no ledger table: nothing applied)"):")
        let width = (status.entries.map(\.id.count) + status.unknownRows.map(\.row.version.count)).max() ?? 0
        func pad(_ id: String) -> String { id + String(repeating: " ", count: max(0, width - id.count)) }
        for entry in status.entries {
            let row = entry.ledger?.row
            let text: String
            switch entry.state {
            case .applied:
                text = "applied \(entry.ledger?.appliedAt ?? "")"
            case .pending:
                text = "pending" + (entry.postDeployUnits.isEmpty ? "" : " (unit\(entry.postDeployUnits.count == 1 ? "" : "s") \(entry.postDeployUnits.map(String.init).joined(separator: ", ")) of \(entry.upUnits) post-deploy)")
            case .partlyApplied where entry.pendingPostDeployUnits.first == (row?.unitsDone ?? 0) + 1:
                text = "PRE-DEPLOY APPLIED: \(row?.unitsDone ?? 0) of \(entry.upUnits) units; \(entry.pendingPostDeployUnits.count) post-deploy unit(s) pending: after the deploy, `migrate apply --phase post-deploy`"
            case .partlyApplied:
                text = "PARTLY APPLIED: \(row?.unitsDone ?? 0) of \(entry.upUnits) units (started \(entry.ledger?.startedAt ?? "?")); `migrate apply` resumes at unit \((row?.unitsDone ?? 0) + 1)"
            case .partlyReverted:
                text = "PARTLY REVERTED: \(row?.unitsReverted ?? 0) of \(entry.downUnits ?? 0) downgrade units; finish the downgrade, or go back up (docs/migrations.md)"
            case .checksumMismatch:
                text = "CHECKSUM MISMATCH: applied with \(row?.checksum.prefix(12) ?? "")…, the files' is \(entry.checksum.prefix(12))…"
            }
            print("  \(pad(entry.id))  \(text)")
        }
        for entry in status.unknownRows {
            print("  \(pad(entry.row.version))  NO MIGRATION: in the ledger (\(entry.appliedAt.map { "applied \($0)" } ?? "partly applied")), but not in \(migrations.directory)")
        }
        switch status.specs {
        case .captured: print("specs: captured by the last migration")
        case .errors: print("specs: they have errors")
        case .changesNeeded(let lines):
            print("specs: they change something no migration captures; run `taxigen migrate new -m \"…\"`:")
            for line in lines { print("  \(line)") }
        }
        let counts = status.counts
        let summary = DatabaseStatus.State.allCases.compactMap { state in
            counts[state].map { "\($0) \(state.rawValue.replacingOccurrences(of: "_", with: " "))" }
        }
        print((summary + (status.unknownRows.isEmpty ? [] : ["\(status.unknownRows.count) without a migration"])).joined(separator: ", ") + ".")
        for entry in status.entries where entry.state == .checksumMismatch {
            ConsoleOutput.printError("\(migrations.directory)/\(entry.id): error: was applied with checksum \(entry.ledger?.row.checksum ?? ""), but its files' checksum is \(entry.checksum): it was edited after it was applied"
                                     + "\n    hint: restore the files as they were applied (from version control) and write a new migration for the change")
        }
        for entry in status.unknownRows {
            ConsoleOutput.printError("\(Ledger.table): error: \(entry.row.version) is in the ledger, but \(migrations.directory) has no such migration"
                                     + "\n    hint: the database was migrated from another branch, or the migration was renumbered by `migrate rebase`: downgrade it with the files it was applied from, or recreate the development database")
        }
        for problem in status.ledgerProblems {
            ConsoleOutput.printError("\(Ledger.table): error: \(problem)")
        }
        if !status.historyProblems.isEmpty { MigrateOutput.printHistoryProblems(status.historyProblems) }
    }
}
