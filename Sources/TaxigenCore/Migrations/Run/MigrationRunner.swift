/// `taxigen migrate apply`: runs migrations on a development or staging database through a connection,
/// with the same units, ledger rows and guard as the offline script.
public struct MigrationRunner: Sendable {
    /// What a run did.
    public struct Report: Sendable, Hashable {
        /// Migrations upgraded, in order.
        public var applied: [String] = []
        /// Migrations downgraded, in order.
        public var reverted: [String] = []
    }

    /// The history to run from.
    public let history: MigrationHistory
    /// `SET lock_timeout` for the session.
    public var lockTimeout = MigrationFileText.defaultLockTimeout
    /// `SET statement_timeout` for the session.
    public var statementTimeout = MigrationFileText.defaultStatementTimeout
    /// Called with a line of progress.
    public var progress: @Sendable (String) -> Void = { _ in }

    /// Creates a runner.
    public init(history: MigrationHistory) {
        self.history = history
    }

    /// Brings the database to `target` (a position: 0 is no migration, `history.migrations.count` the last),
    /// upgrading or downgrading. Refuses a production database, a ledger that does not match, and a
    /// downgrade past an irreversible migration, before changing anything.
    @discardableResult
    public func apply(to target: Int, on connection: some MigrationConnection) async throws -> Report {
        let environment = try await ProductionGuard.environment(of: connection)
        if ProductionGuard.isProduction(environment) {
            throw MigrationError("refusing to migrate a production database (\(ProductionGuard.setting) = '\(environment ?? "")')",
                                 hint: "production is migrated by a DBA with the reviewed script: taxigen migrate sql")
        }
        try await connection.execute("SET lock_timeout = \(SQLLiteral.string(lockTimeout))")
        try await connection.execute("SET statement_timeout = \(SQLLiteral.string(statementTimeout))")
        try await connection.execute("SELECT pg_advisory_lock(\(Ledger.lockKey))")
        do {
            let report = try await run(to: target, on: connection)
            try await connection.execute("SELECT pg_advisory_unlock(\(Ledger.lockKey))")
            return report
        } catch {
            try? await connection.execute("SELECT pg_advisory_unlock(\(Ledger.lockKey))")
            throw error
        }
    }

    private func run(to target: Int, on connection: some MigrationConnection) async throws -> Report {
        try await connection.execute(Ledger.createTable)
        let rows = try await connection.query(Ledger.selectRows).map { values in
            guard let row = Ledger.Row(values) else { throw MigrationError("the ledger \(Ledger.table) has a row taxigen cannot read") }
            return row
        }
        let migrations = history.migrations
        let state = LedgerState(rows: rows, migrations: migrations)
        let direction: LedgerGuard.Direction
        if state.partlyReverted {
            direction = target <= state.complete ? .downgrade : .upgrade
        } else if state.partlyApplied {
            direction = target > state.complete ? .upgrade : .downgrade
        } else {
            direction = target >= state.complete ? .upgrade : .downgrade
        }
        let ledgerGuard = LedgerGuard(known: migrations, required: direction == .upgrade ? 0 : target, direction: direction)
        if let problem = ledgerGuard.problems(rows).first {
            throw MigrationError("the database's ledger does not match the migrations: \(problem)")
        }
        var report = Report()
        if direction == .upgrade {
            for migration in migrations[state.complete..<max(target, state.complete)] {
                let done = rows.first { $0.version == migration.id }?.unitsDone ?? 0
                try await run(migration, migration.up, from: done, direction: .upgrade, on: connection)
                report.applied.append(migration.id)
            }
        } else {
            let steps = Array(migrations[target..<(state.partlyReverted ? state.complete + 1 : state.complete)].reversed())
            if let blocked = steps.first(where: { !$0.isReversible }) {
                throw MigrationError("\(blocked.id) is irreversible: cannot downgrade past it",
                                     hint: "see \(history.directory)/\(blocked.id)/IRREVERSIBLE")
            }
            for migration in steps {
                let done = rows.first { $0.version == migration.id }?.unitsReverted ?? 0
                try await run(migration, migration.down!, from: done, direction: .downgrade, on: connection)
                report.reverted.append(migration.id)
            }
        }
        return report
    }

    /// Runs the units of one direction of a migration after the first `done`.
    private func run(_ migration: Migration, _ script: MigrationScript, from done: Int, direction: LedgerGuard.Direction,
                     on connection: some MigrationConnection) async throws {
        for (offset, unit) in script.units.enumerated() where offset >= done {
            let number = offset + 1
            let record = direction == .upgrade ? Ledger.recordUp(migration, unit: number) : Ledger.recordDown(migration, unit: number)
            var current = ""
            do {
                switch unit.kind {
                case .transaction:
                    try await connection.execute("BEGIN")
                    for statement in unit.statements {
                        current = statement
                        try await connection.execute(statement)
                    }
                    current = record
                    try await connection.execute(record)
                    current = "COMMIT"
                    try await connection.execute("COMMIT")
                case .standalone:
                    if let index = unit.concurrentIndex,
                       try await connection.query(Ledger.invalidIndexQuery(index)).first?.first == "true" {
                        current = AlterSQL.dropIndexConcurrently(index)
                        try await connection.execute(current)
                    }
                    current = unit.statements[0]
                    try await connection.execute(current)
                    current = record
                    try await connection.execute(record)
                }
            } catch {
                if unit.kind == .transaction { try? await connection.execute("ROLLBACK") }
                throw MigrationError("\(migration.id): unit \(number) of \(script.units.count) failed and was rolled back: \(error)",
                                     hint: "statement: \(current.split(separator: "\n").first.map(String.init) ?? current)")
            }
            progress("\(migration.id): unit \(number) of \(script.units.count) \(direction == .upgrade ? "applied" : "reverted")")
        }
    }
}

/// Where the ledger says a database is.
struct LedgerState {
    /// How many leading migrations are complete.
    let complete: Int
    /// Whether the migration after them is partly applied.
    let partlyApplied: Bool
    /// Whether the last recorded migration is partly reverted.
    let partlyReverted: Bool

    init(rows: [Ledger.Row], migrations: [Migration]) {
        var complete = 0
        var partlyApplied = false
        var partlyReverted = false
        for migration in migrations {
            guard let row = rows.first(where: { $0.version == migration.id }) else { break }
            if row.isComplete {
                complete += 1
                continue
            }
            partlyApplied = !row.isApplied
            partlyReverted = row.isApplied && row.unitsReverted > 0
            break
        }
        self.complete = complete
        self.partlyApplied = partlyApplied
        self.partlyReverted = partlyReverted
    }
}
