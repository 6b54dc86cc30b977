/// `taxigen migrate apply`: runs migrations on a development or staging database through a connection,
/// with the same units, ledger rows and guard as the offline script.
public struct MigrationRunner: Sendable {
    /// What a run did.
    public struct Report: Sendable, Hashable {
        /// Migrations upgraded, in order.
        public var applied: [String] = []
        /// Migrations downgraded, in order.
        public var reverted: [String] = []
        /// The irreversible migrations among `reverted`, gone below with `acceptDataLoss`, and the tables
        /// each dropped (and created again empty, where the schema below has them).
        public var lostData: [String: [String]] = [:]
        /// With `phase`, where the run stopped because the next unit belongs to the other phase: the
        /// migration, the unit's number and its phase; nil when it stopped at the target.
        public var stoppedBefore: (migration: String, unit: Int, phase: MigrationUnit.Phase)? = nil

        /// Compares everything but `stoppedBefore`'s tuple, field by field.
        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.applied == rhs.applied && lhs.reverted == rhs.reverted && lhs.lostData == rhs.lostData
                && lhs.stoppedBefore?.migration == rhs.stoppedBefore?.migration && lhs.stoppedBefore?.unit == rhs.stoppedBefore?.unit
                && lhs.stoppedBefore?.phase == rhs.stoppedBefore?.phase
        }

        /// Hashes what `==` compares.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(applied)
            hasher.combine(reverted)
            hasher.combine(stoppedBefore?.migration)
            hasher.combine(stoppedBefore?.unit)
        }
    }

    /// The history to run from.
    public let history: MigrationHistory
    /// `SET lock_timeout` for the session.
    public var lockTimeout = MigrationFileText.defaultLockTimeout
    /// `SET statement_timeout` for the session.
    public var statementTimeout = MigrationFileText.defaultStatementTimeout
    /// Whether a database without `taxiway.environment` may be migrated (`--allow-unmarked`); a database
    /// marked anything but development, staging or test is refused regardless.
    public var allowUnmarked = false
    /// Whether tables with vector columns and the `vector` extension are left out (`--without-vector`).
    public var withoutVector = false
    /// Whether a downgrade may go below an irreversible migration by dropping the tables it changed and
    /// creating them again, empty, as the schema below says (`--accept-data-loss`; see `DataLossDowngrade`).
    /// Refused, before anything runs, on a database not marked development or test.
    public var acceptDataLoss = false
    /// Only the units of one phase (`--phase`): an upgrade runs the pending units in order and stops before the
    /// first unit of the other phase (see `MigrationUnit.Phase`); nil runs every unit. Refused for a downgrade.
    public var phase: MigrationUnit.Phase?
    /// Called with a line of progress.
    public var progress: @Sendable (String) -> Void = { _ in }

    /// Creates a runner.
    public init(history: MigrationHistory) {
        self.history = history
    }

    /// Brings the database to `target` (a position: 0 is no migration, `history.migrations.count` the last),
    /// upgrading or downgrading. Refuses a database not marked development, staging or test, a ledger that
    /// does not match, and a downgrade past an irreversible migration (unless `acceptDataLoss`, which a
    /// database not marked development or test refuses), before changing anything.
    @discardableResult
    public func apply(to target: Int, on connection: some MigrationConnection) async throws -> Report {
        let environment = try await ProductionGuard.environment(of: connection)
        if acceptDataLoss, let refusal = DataLossDowngrade.refusal(environment: environment.value, database: environment.database) {
            throw refusal
        }
        if let refusal = ProductionGuard.refusal(environment: environment.value, database: environment.database, allowUnmarked: allowUnmarked) {
            throw refusal
        }
        try await connection.execute("SET lock_timeout = \(SQLLiteral.string(lockTimeout))")
        try await connection.execute("SET statement_timeout = \(SQLLiteral.string(statementTimeout))")
        do {
            try await ConnectionLossReport.checkClientConnection(on: connection)
            try await connection.execute("SELECT pg_advisory_lock(\(Ledger.lockKey))")
            let report = try await run(to: target, on: connection)
            try await connection.execute("SELECT pg_advisory_unlock(\(Ledger.lockKey))")
            return report
        } catch let lost as MigrationConnectionLost {
            throw ConnectionLossReport.betweenUnits(lost)   // the session and its advisory lock are gone
        } catch {
            try? await connection.execute("SELECT pg_advisory_unlock(\(Ledger.lockKey))")
            throw error
        }
    }

    private func run(to target: Int, on connection: some MigrationConnection) async throws -> Report {
        try await connection.execute(Ledger.createTable)
        try await SquashAdoption(history: history).adopt(on: connection, progress: progress)
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
        if phase != nil, direction == .downgrade {
            throw MigrationError("--phase applies to upgrades only; this is a downgrade", hint: "leave out --phase to downgrade")
        }
        try await checkVector(state: state, target: target, direction: direction, on: connection)
        var report = Report()
        if direction == .upgrade {
            try DataStep.refuseUnwritten(migrations[state.complete..<max(target, state.complete)], directory: history.directory)
            for (offset, migration) in migrations[state.complete..<max(target, state.complete)].enumerated() {
                var done = rows.first { $0.version == migration.id }?.unitsDone ?? 0
                if offset == 0, state.partlyReverted {
                    try await rollForward(migration, on: connection)
                    done = 0
                }
                if let stop = PhaseFilter(phase: phase).stop(in: migration.up, from: done) {
                    try await run(migration, migration.up, from: done, to: stop, direction: .upgrade, on: connection)
                    report.stoppedBefore = (migration.id, stop + 1, migration.up.units[stop].phase)
                    progress("\(migration.id): unit \(stop + 1) of \(migration.up.units.count) runs \(migration.up.units[stop].phase.rawValue): stopped before it (--phase \(phase!.rawValue))")
                    break
                }
                try await run(migration, migration.up, from: done, direction: .upgrade, on: connection)
                report.applied.append(migration.id)
            }
        } else {
            let steps = Array(migrations[target..<(state.partlyReverted ? state.complete + 1 : state.complete)].reversed())
            if !acceptDataLoss, let blocked = steps.first(where: { !$0.isReversible }) {
                throw MigrationError("\(blocked.id) is irreversible: cannot downgrade past it",
                                     hint: "see \(history.directory)/\(blocked.id)/IRREVERSIBLE; on a development or test database, "
                                        + "--accept-data-loss goes below it by dropping the tables it changed and creating them again empty")
            }
            let belowIrreversible = try steps.filter { !$0.isReversible }.map { migration in
                try DataLossDowngrade(position: migrations.firstIndex { $0.id == migration.id }! + 1, of: history)
            }
            for downgrade in belowIrreversible { _ = try downgrade.unit() }  // refuse before anything runs
            for migration in steps {
                if let downgrade = belowIrreversible.first(where: { $0.migration.id == migration.id }) {
                    try await run(downgrade, on: connection)
                    report.reverted.append(migration.id)
                    report.lostData[migration.id] = downgrade.tablesLosingRows
                    continue
                }
                let done = rows.first { $0.version == migration.id }?.unitsReverted ?? 0
                try await run(migration, migration.down!, from: done, direction: .downgrade, on: connection)
                report.reverted.append(migration.id)
            }
        }
        return report
    }

    /// Goes below an irreversible migration in one transaction that also deletes its ledger row.
    private func run(_ downgrade: DataLossDowngrade, on connection: some MigrationConnection) async throws {
        let migration = downgrade.migration
        let unit = try downgrade.unit()
        let statements = withoutVector ? try VectorlessTarget(history: history).kept(unit) : unit.statements
        progress("\(migration.id): irreversible; --accept-data-loss drops \(downgrade.tablesLosingRows.joined(separator: ", ")) with their rows")
        var current = ""
        do {
            try await connection.execute("BEGIN")
            for statement in statements + [downgrade.record] {
                current = statement
                try await connection.execute(statement)
            }
            current = "COMMIT"
            try await connection.execute("COMMIT")
        } catch {
            if error is MigrationConnectionLost { throw ConnectionLossReport.inTransaction(migration, what: "going below it (--accept-data-loss)", error: error) }
            try? await connection.execute("ROLLBACK")
            throw MigrationError("\(migration.id): going below it (--accept-data-loss) failed: \(error). It was rolled back: nothing changed, the database is still at \(migration.id).",
                                 hint: "fix the cause and run again. The statement: \(current.split(separator: "\n").first.map(String.init) ?? current)")
        }
        progress("\(migration.id): gone below, losing the rows of \(downgrade.tablesLosingRows.count) table(s)")
    }

    /// Prepares the upgrade of a migration whose downgrade stopped partway (see `RollForward`).
    private func rollForward(_ migration: Migration, on connection: some MigrationConnection) async throws {
        progress("\(migration.id): its downgrade stopped partway; the upgrade runs again from its first unit")
        do {
            try await connection.execute("BEGIN")
            for statement in RollForward(migration: migration).statements { try await connection.execute(statement.sql) }
            try await connection.execute("COMMIT")
        } catch {
            if error is MigrationConnectionLost { throw ConnectionLossReport.inTransaction(migration, what: "preparing to run its upgrade again", error: error) }
            try? await connection.execute("ROLLBACK")
            throw MigrationError("\(migration.id): preparing to run its upgrade again failed and was rolled back: \(error)",
                                 hint: "nothing changed; run again")
        }
    }

    /// `--without-vector` and its opposite: refuses, before anything runs, a database migrated the other way.
    private func checkVector(state: LedgerState, target: Int, direction: LedgerGuard.Direction,
                             on connection: some MigrationConnection) async throws {
        let migrations = history.migrations
        if withoutVector {
            let vectorless = try VectorlessTarget(history: history)
            guard !vectorless.tables.isEmpty else { return }
            let existing = try await connection.query(vectorless.existingTablesQuery).compactMap { $0.first ?? nil }
            if !existing.isEmpty {
                throw MigrationError("--without-vector leaves out \(vectorless.tables.joined(separator: ", ")), but \(existing.joined(separator: ", ")) exists in this database",
                                     hint: "this database was migrated with pgvector (or a later migration gave an existing table a vector column): migrate it without --without-vector")
            }
            return
        }
        let installed = try await connection.query("SELECT count(*)::text FROM pg_extension WHERE extname = '\(VectorlessTarget.extensionName)'").first?.first == "1"
        if !installed, state.complete > 0, try migrations[state.complete - 1].snapshot.extensions.contains(VectorlessTarget.extensionName) {
            throw MigrationError("the database has no \(VectorlessTarget.extensionName) extension although \(migrations[state.complete - 1].id) needs it: it was migrated --without-vector",
                                 hint: "pass --without-vector again")
        }
        let upcoming = direction == .upgrade ? Array(migrations[min(state.complete, target)..<max(target, state.complete)]) : []
        if !installed, try upcoming.contains(where: { try $0.snapshot.extensions.contains(VectorlessTarget.extensionName) }) {
            let available = try await connection.query("SELECT count(*)::text FROM pg_available_extensions WHERE name = '\(VectorlessTarget.extensionName)'").first?.first == "1"
            if !available {
                throw MigrationError("the schema needs the \(VectorlessTarget.extensionName) extension (pgvector), which this server does not have",
                                     hint: "install pgvector on the server, or migrate everything but the tables with vector columns: --without-vector (see docs/migrations.md)")
            }
        }
    }

    /// Runs the units of one direction of a migration after the first `done`.
    private func run(_ migration: Migration, _ script: MigrationScript, from done: Int, to end: Int? = nil,
                     direction: LedgerGuard.Direction, on connection: some MigrationConnection) async throws {
        let vectorless = withoutVector ? try VectorlessTarget(history: history) : nil
        for (offset, unit) in script.units.enumerated() where offset >= done && offset < (end ?? script.units.count) {
            let number = offset + 1
            let record = direction == .upgrade ? Ledger.recordUp(migration, unit: number) : Ledger.recordDown(migration, unit: number)
            let statements = vectorless.map { $0.kept(unit) } ?? unit.statements
            let step = unit.dataStep.map { DataStep.stepName(migration, $0) }
            var current = ""
            do {
                switch unit.kind {
                case .transaction:
                    try await connection.execute("BEGIN")
                    for statement in (step.map(DataStep.localSettings) ?? []) + statements {
                        current = statement
                        try await connection.execute(statement)
                    }
                    current = record
                    try await connection.execute(record)
                    current = "COMMIT"
                    try await connection.execute("COMMIT")
                case .standalone:
                    if let index = unit.concurrentIndex, !statements.isEmpty {
                        try await dropInvalidIndex(index, on: connection)
                    }
                    for statement in step.map({ DataStep.sessionSetup(step: $0) }) ?? [] {
                        try await connection.execute(statement)
                    }
                    for statement in statements {
                        current = statement
                        try await connection.execute(current)
                    }
                    for statement in step == nil ? [] : DataStep.sessionReset {
                        try await connection.execute(statement)
                    }
                    current = step.map { DataStep.record(record, step: $0) } ?? record
                    try await connection.execute(current)
                }
            } catch let lost as MigrationConnectionLost {
                // Nothing more is sent: the session is gone, with its transaction and its settings.
                throw ConnectionLossReport(migration: migration, script: script, unit: number, direction: direction,
                                           statement: current, lost: lost).error
            } catch {
                if step != nil, unit.kind == .standalone {
                    for statement in DataStep.sessionReset { try? await connection.execute(statement) }
                }
                throw await failure(of: migration, script, unit: number, direction: direction, statement: current, error: error, on: connection)
            }
            progress("\(migration.id): unit \(number) of \(script.units.count) \(direction == .upgrade ? "applied" : "reverted")")
        }
    }

    /// Drops the invalid index a failed `CREATE INDEX CONCURRENTLY` leaves behind, if there is one; true if it did.
    @discardableResult
    private func dropInvalidIndex(_ index: String, on connection: some MigrationConnection) async throws -> Bool {
        guard try await connection.query(Ledger.invalidIndexQuery(index)).first?.first == "true" else { return false }
        try await connection.execute(AlterSQL.dropIndexConcurrently(index))
        return true
    }

    /// The error for a failed unit, saying truthfully what was undone, what is committed and how to go on.
    private func failure(of migration: Migration, _ script: MigrationScript, unit number: Int, direction: LedgerGuard.Direction,
                         statement: String, error: any Error, on connection: some MigrationConnection) async -> MigrationError {
        let unit = script.units[number - 1]
        let total = script.units.count
        var what: String
        switch unit.kind {
        case .transaction:
            try? await connection.execute("ROLLBACK")
            what = "it was rolled back"
        case .standalone where statement.hasPrefix("INSERT INTO \(Ledger.table)") || statement.hasPrefix("UPDATE \(Ledger.table)")
                               || statement.hasPrefix("DELETE FROM \(Ledger.table)") || statement.hasPrefix("WITH taxigen_progress"):
            what = "its statement ran, but writing the ledger failed; the next run runs it again (harmless: IF [NOT] EXISTS, or a backfill with nothing left)"
        case .standalone:
            if let index = unit.concurrentIndex {
                do {
                    what = try await dropInvalidIndex(index, on: connection)
                        ? "the invalid index \(index) it left was dropped (DROP INDEX CONCURRENTLY)"
                        : "it left no index behind"
                } catch {
                    what = "it left the invalid index \(index), and dropping it failed too (\(error)); the next run drops it first"
                }
            } else if let file = unit.dataStep {
                what = "it is the data step \(file), run outside a transaction: what it committed stays (a batched step's batches, with their progress in \(DataStep.progressTable)), and the next run goes on after the last committed batch"
            } else if statement.hasPrefix("DO ") {
                what = "the batches before the failing one are committed; the next run fills the rest"
            } else if statement.hasPrefix("DROP INDEX CONCURRENTLY") {
                what = "it ran outside a transaction and may have left the index marked invalid; the next run drops it"
            } else {
                what = "it ran outside a transaction"
            }
        }
        let before = number - 1
        let committed = before == 0 ? "nothing of its \(direction.rawValue) is committed"
            : "units 1–\(before) of its \(direction.rawValue) are committed and recorded in the ledger"
        let next: String
        switch direction {
        case .upgrade:
            next = "fix the cause and run again: it resumes at unit \(number)"
        case .downgrade where before == 0:
            next = "fix the cause and run again"
        case .downgrade:
            let position = (history.migrations.firstIndex { $0.id == migration.id } ?? 0) + 1
            next = "the database is partly reverted. Either fix the cause and run again (the downgrade resumes at unit \(number)), "
                + "or go back up with --to \(position == history.migrations.count ? "head" : migration.id): the upgrade then runs again from its first unit"
        }
        return MigrationError("\(migration.id): unit \(number) of \(total) of its \(direction.rawValue) failed: \(error). \(what.prefix(1).uppercased() + what.dropFirst()); \(committed).",
                              hint: "\(next). The statement: \(statement.split(separator: "\n").first.map(String.init) ?? statement)")
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
