import Foundation

/// The JSON that `migrate history --json` and `migrate status --json` print, for tools. Its shape is
/// documented in docs/migrations.md and versioned: `version` changes only when a key is removed or its
/// meaning changes (keys may be added). Every key is always present (`null` when it does not apply); keys
/// are sorted and the text ends with a newline.
public enum MigrationJSON {
    /// The shape's version.
    public static let version = 1

    /// `migrate history --json`.
    public static func history(_ history: MigrationHistory, problems: [HistoryProblem]) throws -> String {
        try encode(HistoryDocument(version: version, directory: history.directory,
                                   migrations: history.migrations.map(HistoryMigration.init), problems: problems.map(Problem.init)))
    }

    /// `migrate status --json`; `database` is the URL without its password.
    public static func status(_ status: DatabaseStatus, database: String) throws -> String {
        let outcome = status.outcome
        return try encode(StatusDocument(
            version: version, directory: status.directory, database: database,
            outcome: outcome.name, exitStatus: Int(outcome.rawValue), ledgerExists: status.ledgerExists,
            migrations: status.entries.map(StatusMigration.init), unknownLedgerRows: status.unknownRows.map(LedgerRow.init),
            specs: Specs(status.specs),
            problems: status.historyProblems.map(Problem.init)
                + status.ledgerProblems.map { Problem(path: Ledger.table, kind: "ledger", message: $0, hint: nil) }))
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    private struct HistoryDocument: Encodable {
        let version: Int
        let directory: String
        let migrations: [HistoryMigration]
        let problems: [Problem]
    }

    private struct HistoryMigration: Encodable {
        let migration: Migration
        init(_ migration: Migration) { self.migration = migration }

        enum CodingKeys: String, CodingKey {
            case id, number, parent, message, changes, warnings, reversible, irreversibleReasons = "irreversible_reasons"
            case upUnits = "up_units", downUnits = "down_units", checksum
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(migration.id, forKey: .id)
            try container.encode(migration.number, forKey: .number)
            try container.encode(migration.parent, forKey: .parent)
            try container.encode(migration.message, forKey: .message)
            try container.encode(migration.changes, forKey: .changes)
            try container.encode(migration.warnings, forKey: .warnings)
            try container.encode(migration.isReversible, forKey: .reversible)
            try container.encode(migration.irreversibleReasons, forKey: .irreversibleReasons)
            try container.encode(migration.up.units.count, forKey: .upUnits)
            try container.encode(migration.down?.units.count, forKey: .downUnits)
            try container.encode(migration.checksum, forKey: .checksum)
        }
    }

    private struct StatusDocument: Encodable {
        let version: Int
        let directory: String
        let database: String
        let outcome: String
        let exitStatus: Int
        let ledgerExists: Bool
        let migrations: [StatusMigration]
        let unknownLedgerRows: [LedgerRow]
        let specs: Specs
        let problems: [Problem]

        enum CodingKeys: String, CodingKey {
            case version, directory, database, outcome, exitStatus = "exit_status", ledgerExists = "ledger_exists", migrations
            case unknownLedgerRows = "unknown_ledger_rows", specs, problems
        }
    }

    private struct StatusMigration: Encodable {
        let entry: DatabaseStatus.Entry
        init(_ entry: DatabaseStatus.Entry) { self.entry = entry }

        enum CodingKeys: String, CodingKey {
            case id, number, state, checksum, upUnits = "up_units", downUnits = "down_units", ledger
            case postDeployUnits = "post_deploy_units", pendingPostDeployUnits = "pending_post_deploy_units"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entry.id, forKey: .id)
            try container.encode(entry.number, forKey: .number)
            try container.encode(entry.state.rawValue, forKey: .state)
            try container.encode(entry.checksum, forKey: .checksum)
            try container.encode(entry.upUnits, forKey: .upUnits)
            try container.encode(entry.downUnits, forKey: .downUnits)
            try container.encode(entry.ledger.map(LedgerRow.init), forKey: .ledger)
            try container.encode(entry.postDeployUnits, forKey: .postDeployUnits)
            try container.encode(entry.pendingPostDeployUnits, forKey: .pendingPostDeployUnits)
        }
    }

    private struct LedgerRow: Encodable {
        let entry: Ledger.Entry
        init(_ entry: Ledger.Entry) { self.entry = entry }

        enum CodingKeys: String, CodingKey {
            case version, checksum, unitsTotal = "units_total", unitsDone = "units_done", unitsReverted = "units_reverted"
            case startedAt = "started_at", appliedAt = "applied_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entry.row.version, forKey: .version)
            try container.encode(entry.row.checksum, forKey: .checksum)
            try container.encode(entry.row.unitsTotal, forKey: .unitsTotal)
            try container.encode(entry.row.unitsDone, forKey: .unitsDone)
            try container.encode(entry.row.unitsReverted, forKey: .unitsReverted)
            try container.encode(entry.startedAt, forKey: .startedAt)
            try container.encode(entry.appliedAt, forKey: .appliedAt)
        }
    }

    private struct Specs: Encodable {
        let state: String
        let changes: [String]

        init(_ check: MigrationStatus.SpecsCheck) {
            switch check {
            case .captured: (state, changes) = ("captured", [])
            case .changesNeeded(let lines): (state, changes) = ("changes_needed", lines)
            case .errors: (state, changes) = ("errors", [])
            }
        }
    }

    private struct Problem: Encodable {
        let path: String
        let kind: String
        let message: String
        let hint: String?

        init(path: String, kind: String, message: String, hint: String?) {
            self.path = path
            self.kind = kind
            self.message = message
            self.hint = hint
        }

        init(_ problem: HistoryProblem) {
            let kind = switch problem.kind {
            case .edited: "edited"
            case .files: "files"
            case .nonLinear: "non_linear"
            case .malformed: "malformed"
            }
            self.init(path: problem.path, kind: kind, message: problem.message, hint: problem.hint)
        }

        enum CodingKeys: String, CodingKey { case path, kind, message, hint }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(kind, forKey: .kind)
            try container.encode(message, forKey: .message)
            try container.encode(hint, forKey: .hint)
        }
    }
}

extension MigrationStatus.Outcome {
    /// The outcome's name in JSON: `in_sync`, `error`, `changes_needed`.
    public var name: String {
        switch self {
        case .inSync: "in_sync"
        case .error: "error"
        case .changesNeeded: "changes_needed"
        }
    }
}
