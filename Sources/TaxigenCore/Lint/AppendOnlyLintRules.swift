/// The checklist items whose answer differs for an append-only table (`append_only:`): it keeps only the audit
/// column that makes sense for rows that never change (`created_at`), refuses UPDATE and DELETE by trigger
/// instead of soft-deleting, indexes `created_at` instead of `version`, and when partitioned has the primary
/// key `(key, created_at)`. Each item checks the DDL holds exactly that.
enum AppendOnlyLintRules {
    /// Base for an append-only table: key first, `created_at` last; JsonBase as for any table.
    static func baseClass(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        let roles = entity.columns.map(\.role)
        if roles.first != .primaryKey {
            findings.append(subject.finding("the first column of '\(entity.tableName)' is not its key"))
        }
        if roles.last != .createdAt || roles.contains(where: { [.updatedAt, .deletedAt, .version].contains($0) }) {
            findings.append(subject.finding("append-only '\(entity.tableName)' does not end with created_at alone (no updated_at, deleted_at, version)"))
        }
        if entity.hasJSONData != entity.columns.contains(where: { $0.role == .data }) {
            findings.append(subject.finding("json_data and the data column of '\(entity.tableName)' disagree"))
        }
        return LintOutcome(findings, (entity.hasJSONData ? "Base + JsonBase" : "Base") + ", append-only (created_at only)")
    }

    /// `created_at timestamptz NOT NULL DEFAULT now()`, the refusing triggers, and the function they run.
    static func auditFields(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        if let column = entity.column(named: "created_at") {
            let actual = subject.createTable?.definition(of: column)
            if actual?.uppercased() != "\(column.sqlName) timestamptz NOT NULL DEFAULT now()".uppercased() {
                findings.append(subject.finding("the DDL declares created_at as `\(actual ?? "nothing")`, not `created_at timestamptz NOT NULL DEFAULT now()`"))
            }
        } else {
            findings.append(subject.finding("'\(entity.tableName)' lacks the audit column created_at"))
        }
        for trigger in AppendOnlyDDL.triggers(for: entity) where !subject.tableStatementsUppercased.contains(trigger.uppercased()) {
            findings.append(subject.finding("the DDL has no `\(trigger)`: a plain SQL UPDATE or DELETE would change append-only rows"))
        }
        let function = "CREATE OR REPLACE FUNCTION \(AppendOnlyDDL.refuseFunction)()".uppercased()
        if !subject.ddl.uppercased.contains(where: { $0.hasPrefix(function) && $0.contains("RAISE EXCEPTION") }) {
            findings.append(subject.finding("the DDL's \(AppendOnlyDDL.refuseFunction)() does not raise"))
        }
        return LintOutcome(findings, "created_at (append-only: no updated_at, deleted_at, version); trigger \(DerivedNames.appendOnlyTrigger(table: entity.tableName)) refuses UPDATE and DELETE")
    }

    /// The key `<entity>_id uuid NOT NULL DEFAULT gen_random_uuid()` (the repository supplies a UUIDv7), and the
    /// primary key over it, with `created_at` on a partitioned table.
    static func uuidPrimaryKey(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        let key = entity.primaryKey
        let expected = "\(key.sqlName) uuid NOT NULL DEFAULT gen_random_uuid()"
        if subject.createTable?.definition(of: key)?.uppercased() != expected.uppercased() {
            findings.append(subject.finding("the DDL declares the key as `\(subject.createTable?.definition(of: key) ?? "nothing")`, not `\(expected)`"))
        }
        let columns = AppendOnlyDDL.primaryKeyColumns(of: entity).joined(separator: ", ")
        let constraint = "CONSTRAINT \(Naming.sqlIdentifier(DerivedNames.primaryKeyConstraint(table: entity.tableName))) PRIMARY KEY (\(columns))"
        if !(subject.createTable?.constraints.contains { $0.uppercased() == constraint.uppercased() } ?? false) {
            findings.append(subject.finding("the DDL lacks `\(constraint)`"))
        }
        return LintOutcome(findings, "\(key.name) uuid, UUIDv7 from the repository (default gen_random_uuid()); primary key (\(columns))")
    }

    /// Rows are never deleted: the refusing trigger stands in for soft delete, and unique indexes hold over
    /// every row (there are no soft-deleted ones).
    static func softDelete(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        if entity.columns.contains(where: { $0.role == .deletedAt }) {
            findings.append(subject.finding("append-only '\(entity.tableName)' has a deleted_at column"))
        }
        let trigger = AppendOnlyDDL.triggers(for: entity)[0].uppercased()
        if !subject.tableStatementsUppercased.contains(trigger) {
            findings.append(subject.finding("append-only '\(entity.tableName)' has no trigger refusing DELETE"))
        }
        return LintOutcome(findings, "append-only: rows are never deleted (DELETE refused by \(DerivedNames.appendOnlyTrigger(table: entity.tableName)))")
    }
}
