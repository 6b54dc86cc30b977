import ArgumentParser
import Foundation
import TaxigenCore

/// `taxigen migrate apply --database URL [--to REV]`.
struct MigrateApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Migrate a development or staging database (never production: use `migrate sql`).",
        discussion: """
        Upgrades (or, with --to before the database's revision, downgrades) through PostgresNIO, with the \
        units, ledger and guard of the offline script. Migrates only a database whose setting \
        taxiway.environment is development, staging or test (mark it once: ALTER DATABASE <name> SET \
        taxiway.environment = 'development'); any other value is refused, and so is an unmarked \
        database unless --allow-unmarked is given. Exit status: 0 migrated or already there; 1 refused \
        or failed (the message says what the failed unit left and what is committed; run again to \
        resume; after a failed downgrade, --to the migration goes back up). A lost connection (the session killed, \
        the server restarted) ends it at once with exit status 1, naming the unit that may or may not have \
        applied and what the ledger records; run again to finish. A downgrade past an \
        irreversible migration is refused unless --accept-data-loss is given, on a development or test \
        database only.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "The database: postgres://user:password@host:5432/database[?sslmode=disable].")
    var database: String

    @Option(help: "The revision to bring it to: base, head, a migration id or number (default: head).")
    var to = "head"

    @Option(help: "SET lock_timeout for the session.")
    var lockTimeout = MigrationFileText.defaultLockTimeout

    @Option(help: "SET statement_timeout for the session.")
    var statementTimeout = MigrationFileText.defaultStatementTimeout

    @Flag(help: "Migrate a database that has no taxiway.environment setting (a throwaway database). A database marked anything but development, staging or test is refused regardless.")
    var allowUnmarked = false

    @Flag(help: "Downgrade below an irreversible migration by dropping the tables it changed, WITH THEIR ROWS, and creating them again empty as the migration before it has them. Only on a database marked development or test; refused on any other, production included.")
    var acceptDataLoss = false

    @Flag(help: "Leave out the tables with vector columns and the vector extension (a server without pgvector).")
    var withoutVector = false

    @Option(help: "Run only the units of one phase: pre-deploy (before the new release is deployed; stops before the first post-deploy unit) or post-deploy (after it; stops before the next pre-deploy unit). Default: every unit.")
    var phase: String?

    func run() async throws {
        let migrations = MigrationProject(config: try project.config())
        let history = try MigrateOutput.history(of: migrations)
        let target = try MigrateOutput.position(of: to, in: history, option: "--to")
        var runner = MigrationRunner(history: history)
        runner.lockTimeout = lockTimeout
        runner.statementTimeout = statementTimeout
        runner.allowUnmarked = allowUnmarked
        runner.withoutVector = withoutVector
        runner.acceptDataLoss = acceptDataLoss
        if let phase { runner.phase = try MigrateOutput.phase(phase) }
        runner.progress = { print($0) }
        let connection = try await DatabaseConnector.connectOrExit(url: database)
        do {
            let report = try await runner.apply(to: target, on: connection)
            await connection.close()
            let where_ = target == 0 ? "base" : history.migrations[target - 1].id
            if let stop = report.stoppedBefore {
                let next = stop.phase == .postDeploy ? "deploy the new release, then run `migrate apply --phase post-deploy`"
                    : "the next unit belongs to the next release: run `migrate apply --phase pre-deploy` before deploying it"
                print("\(report.applied.count) migration(s) applied; stopped before unit \(stop.unit) of \(stop.migration), which runs \(stop.phase.rawValue): \(next).")
            } else if report.applied.isEmpty && report.reverted.isEmpty {
                print("The database is at \(where_) already; nothing to do.")
            } else {
                print("The database is at \(where_): \(report.applied.count) migration(s) applied, \(report.reverted.count) reverted.")
                for (id, tables) in report.lostData.sorted(by: { $0.key > $1.key }) {
                    print("Data lost below the irreversible \(id): every row of \(tables.joined(separator: ", ")).")
                }
            }
        } catch {
            await connection.close()
            ConsoleOutput.printError(ErrorText.failureLine(error))
            throw ExitCode(1)
        }
    }
}
