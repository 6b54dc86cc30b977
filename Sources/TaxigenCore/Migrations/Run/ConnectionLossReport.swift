/// The error `migrate apply` ends with when its connection is lost (the session killed, the server
/// restarted, the network or the client gone): which unit was running and that it may or may not have
/// applied, what the ledger records, and that running again finishes the job. The runner sends nothing
/// more on the lost connection (no `ROLLBACK`, no reset, no unlock: the session, its transaction, its
/// settings and its advisory lock ended with it).
struct ConnectionLossReport {
    let migration: Migration
    let script: MigrationScript
    let unit: Int
    let direction: LedgerGuard.Direction
    let statement: String
    let lost: MigrationConnectionLost

    static let rerun = "run `taxigen migrate status` to see the ledger, then `taxigen migrate apply` again: it resumes at the first unit the ledger does not record"

    /// The error for a connection lost while a unit ran.
    var error: MigrationError {
        let step = script.units[unit - 1]
        let total = script.units.count
        let what: String
        if statement.hasPrefix("INSERT INTO \(Ledger.table)") || statement.hasPrefix("UPDATE \(Ledger.table)")
            || statement.hasPrefix("DELETE FROM \(Ledger.table)") || statement.hasPrefix("WITH taxigen_progress") {
            what = "its statements ran; whether its ledger row was written when the connection was lost, the ledger says (if not, the next run runs the unit again: harmless, IF [NOT] EXISTS or nothing left to change)"
        } else {
            switch step.kind {
            case .transaction:
                what = "it ran in one transaction with its ledger row: if its COMMIT reached the server it is applied and recorded, otherwise the server rolled it back; the ledger says which"
            case .standalone:
                if let index = step.concurrentIndex {
                    what = "it ran outside a transaction (CREATE INDEX CONCURRENTLY) and may have left the index \(index) invalid; the next run drops it and builds it again"
                } else if let file = step.dataStep {
                    what = "it is the data step \(file), run outside a transaction: its committed batches stay with their progress in \(DataStep.progressTable), the batch that was running was rolled back, and the next run goes on after the last committed batch"
                } else {
                    what = "it ran outside a transaction and may be partly done; the next run runs it again (IF [NOT] EXISTS, a backfill goes on with what is left)"
                }
            }
        }
        let before = unit - 1
        let committed = before == 0 ? "no unit of its \(direction.rawValue) is recorded as committed"
            : "units 1–\(before) of its \(direction.rawValue) are committed and recorded in the ledger"
        return MigrationError("\(migration.id): \(lost) during unit \(unit) of \(total) of its \(direction.rawValue): unit \(unit) may or may not have applied. \(what.prefix(1).uppercased() + what.dropFirst()); \(committed).",
                              hint: "nothing of it runs on the server any more. \(Self.rerun). The statement: \(statement.split(separator: "\n").first.map(String.init) ?? statement)")
    }

    /// The error for a connection lost while no unit ran (reading the ledger, taking the lock, between units).
    static func betweenUnits(_ lost: MigrationConnectionLost) -> MigrationError {
        MigrationError("\(lost) while no unit was running: every unit committed is recorded in the ledger", hint: rerun)
    }

    /// The error for a connection lost in one of the runner's own transactions (a roll-forward, a data-loss downgrade).
    static func inTransaction(_ migration: Migration, what: String, error: any Error) -> MigrationError {
        MigrationError("\(migration.id): \(error) while \(what), in one transaction: if its COMMIT reached the server it is done, otherwise it was rolled back; the ledger says which",
                       hint: rerun)
    }

    /// Asks the server (PostgreSQL 14 and later) to check every second, while a statement runs, that the
    /// client is still there: a killed `migrate apply` then stops its running statement (a data step's
    /// batch, an index build) within a second, instead of running it to its end and holding the
    /// migration lock meanwhile.
    static func checkClientConnection(on connection: some MigrationConnection) async throws {
        let version = Int(try await connection.query("SELECT current_setting('server_version_num')").first?.first.flatMap { $0 } ?? "") ?? 0
        if version >= 140000 {
            try await connection.execute("SET client_connection_check_interval = '1s'")
        }
    }
}
