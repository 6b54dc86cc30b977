/// `taxigen migrate check`: whether the committed migrations are intact and capture the specs.
public struct MigrationStatus: Sendable {
    /// How the check ends.
    public enum Outcome: Int32, Sendable {
        /// The migrations are intact and capture the specs.
        case inSync = 0
        /// A migration was edited, the history is not linear, a file is broken, or the specs do not check.
        case error = 1
        /// The specs change something no migration captures yet: run `taxigen migrate new`.
        case changesNeeded = 2
    }

    /// How the check ends.
    public let outcome: Outcome
    /// The history's problems (with `.error`).
    public let problems: [HistoryProblem]
    /// What a new migration would change (with `.changesNeeded`).
    public let pendingChanges: [String]
    /// How many migrations there are.
    public let migrationCount: Int

    /// Checks a project: its history first, then the specs against the last snapshot.
    public static func check(_ project: MigrationProject, into log: inout DiagnosticLog) throws -> MigrationStatus {
        let history: MigrationHistory
        do {
            history = try project.history()
        } catch let error as HistoryError {
            return MigrationStatus(outcome: .error, problems: error.problems, pendingChanges: [], migrationCount: 0)
        }
        let unreadable = history.unreadableSnapshots()
        if !unreadable.isEmpty {
            return MigrationStatus(outcome: .error, problems: unreadable, pendingChanges: [], migrationCount: history.migrations.count)
        }
        switch try specs(of: project, against: history, into: &log) {
        case .errors:
            return MigrationStatus(outcome: .error, problems: [], pendingChanges: [], migrationCount: history.migrations.count)
        case .captured:
            return MigrationStatus(outcome: .inSync, problems: [], pendingChanges: [], migrationCount: history.migrations.count)
        case .changesNeeded(let pending):
            return MigrationStatus(outcome: .changesNeeded, problems: [], pendingChanges: pending, migrationCount: history.migrations.count)
        }
    }

    /// Whether the last migration captures the specs.
    public enum SpecsCheck: Sendable, Hashable {
        /// The last snapshot equals the specs.
        case captured
        /// The specs change something; what a new migration would change (empty when it would be refused).
        case changesNeeded([String])
        /// The specs do not check (the diagnostics are in the log).
        case errors
    }

    /// Compares the specs with the last snapshot of a history.
    public static func specs(of project: MigrationProject, against history: MigrationHistory,
                             into log: inout DiagnosticLog) throws -> SpecsCheck {
        try specs(project.schema(into: &log), of: project, against: history, into: &log)
    }

    /// Compares checked specs (nil: they have errors) and their snapshot with the last snapshot of a
    /// history; `migrate status` loads the specs while it reads the history and the database.
    public static func specs(_ schema: Schema?, snapshot: SchemaSnapshot? = nil, of project: MigrationProject,
                             against history: MigrationHistory, into log: inout DiagnosticLog) throws -> SpecsCheck {
        guard let schema else { return .errors }
        let target = snapshot ?? SchemaSnapshot(schema: schema)
        guard try target != history.headSnapshot else { return .captured }
        var diffLog = DiagnosticLog()
        let diff = SchemaDiffer.diff(from: try history.headSnapshot, to: schema, snapshot: target, into: &diffLog)
        if diff.isEmpty, !diffLog.hasErrors { return .captured }   // renames in progress, carried on as they are
        var pending: [String] = []
        if !diffLog.hasErrors, let plan = try? MigrationPlanner(diff: diff, schema: schema, ddl: project.freshDDL()).plan() {
            pending = plan.summary
        }
        log.append(contentsOf: diffLog.diagnostics)
        return .changesNeeded(pending)
    }
}
