/// `taxigen migrate status`: what a database's ledger holds against the migration files and the specs.
/// It only reads the database (the ledger is not even created).
public struct DatabaseStatus: Sendable {
    /// Where one migration is in the database.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Every unit of its upgrade is recorded, with the checksum of its files.
        case applied
        /// The ledger has no row for it.
        case pending
        /// Its upgrade stopped after some units (`applied_at` is NULL): `migrate apply` resumes it.
        case partlyApplied = "partly_applied"
        /// Its downgrade stopped after some units: finish it, or go back up (docs/migrations.md).
        case partlyReverted = "partly_reverted"
        /// The ledger recorded another checksum: its files were edited after it was applied.
        case checksumMismatch = "checksum_mismatch"
    }

    /// One migration of the files and its ledger row.
    public struct Entry: Sendable, Hashable {
        /// The migration.
        public let id: String
        /// Its number.
        public let number: Int
        /// Its checksum from the files.
        public let checksum: String
        /// The units of its upgrade.
        public let upUnits: Int
        /// The units of its downgrade; nil when it is irreversible.
        public let downUnits: Int?
        /// Where it is.
        public let state: State
        /// Its ledger row, if it has one.
        public let ledger: Ledger.Entry?
        /// The numbers of its upgrade's post-deploy units (`--phase post-deploy`), in order; empty for most.
        public var postDeployUnits: [Int] = []

        /// Its post-deploy units the ledger does not record yet: all of them while it is pending or partly
        /// applied (those after `units_done`), none once applied.
        public var pendingPostDeployUnits: [Int] {
            switch state {
            case .pending: postDeployUnits
            case .partlyApplied: postDeployUnits.filter { $0 > (ledger?.row.unitsDone ?? 0) }
            default: []
            }
        }
    }

    /// The directory as the user names it.
    public let directory: String
    /// Whether the database has a ledger table.
    public let ledgerExists: Bool
    /// Every migration of the files, in order.
    public let entries: [Entry]
    /// Ledger rows whose migration has no directory (applied from another branch, or renamed by a rebase).
    public let unknownRows: [Ledger.Entry]
    /// What is wrong with the files (an edited file, a fork, …).
    public let historyProblems: [HistoryProblem]
    /// What is wrong with the ledger's order (a row after a missing or partial one), as `migrate apply`'s guard says it.
    public let ledgerProblems: [String]
    /// Whether the last migration captures the specs.
    public let specs: MigrationStatus.SpecsCheck

    /// Compares a history (possibly with problems) and a database's ledger (nil: no ledger table).
    public init(history: MigrationHistory, historyProblems: [HistoryProblem] = [], ledger: [Ledger.Entry]?,
                specs: MigrationStatus.SpecsCheck) {
        directory = history.directory
        ledgerExists = ledger != nil
        var rows = ledger ?? []
        // A database migrated before a squash: read as `migrate apply` will record it (or refuse it).
        let adoption = SquashAdoption(history: history)
        var squashProblem: String?
        switch adoption.decision(rows.map(\.row)) {
        case .none: break
        case .adopt: rows = adoption.adoptedView(rows)
        case .refuse(let message, let hint): squashProblem = "\(message)\n    hint: \(hint)"
        }
        let byVersion = Dictionary(rows.map { ($0.row.version, $0) }, uniquingKeysWith: { first, _ in first })
        entries = history.migrations.map { migration in
            let entry = byVersion[migration.id]
            let state: State
            switch entry?.row {
            case nil: state = .pending
            case let row? where row.checksum != migration.checksum: state = .checksumMismatch
            case let row? where !row.isApplied: state = .partlyApplied
            case let row? where row.unitsReverted > 0: state = .partlyReverted
            default: state = .applied
            }
            var result = Entry(id: migration.id, number: migration.number, checksum: migration.checksum, upUnits: migration.up.units.count,
                               downUnits: migration.down?.units.count, state: state, ledger: entry)
            result.postDeployUnits = migration.up.units.indices.filter { migration.up.units[$0].phase == .postDeploy }.map { $0 + 1 }
            return result
        }
        let known = Set(history.migrations.map(\.id)).union(squashProblem == nil ? [] : adoption.checkpoint?.squashed.ids ?? [])
        unknownRows = rows.filter { !known.contains($0.row.version) }
        self.historyProblems = historyProblems
        if let squashProblem {
            ledgerProblems = [squashProblem]
        } else if historyProblems.isEmpty, unknownRows.isEmpty, !entries.contains(where: { $0.state == .checksumMismatch }) {
            ledgerProblems = LedgerGuard(known: history.migrations, required: 0, direction: .upgrade).problems(rows.map(\.row))
        } else {
            ledgerProblems = []
        }
        self.specs = specs
    }

    /// How `migrate status` ends, as `migrate check` does: 1 on an error (a broken history, a migration
    /// edited after it was applied, a ledger row without a migration, a ledger out of order, specs with
    /// errors), else 2 when something is to do (a migration pending or stopped partway, or specs no
    /// migration captures), else 0.
    public var outcome: MigrationStatus.Outcome {
        if !historyProblems.isEmpty || !unknownRows.isEmpty || !ledgerProblems.isEmpty || specs == .errors
            || entries.contains(where: { $0.state == .checksumMismatch }) {
            return .error
        }
        if entries.contains(where: { $0.state != .applied }) { return .changesNeeded }
        if case .changesNeeded = specs { return .changesNeeded }
        return .inSync
    }

    /// The number of migrations in each state.
    public var counts: [State: Int] {
        Dictionary(grouping: entries, by: \.state).mapValues(\.count)
    }
}
