/// The checklist items about a table's shape: base class, audit fields, UUID key, offline DDL.
enum StructureRules {
    /// The implicit columns of the guidelines' `Base` (and `JsonBase`), in the order taxigen adds them.
    static let auditRoles: [Column.Role] = [.createdAt, .updatedAt, .deletedAt, .version]

    /// Base: key first, audit columns last in order; JsonBase: a `data jsonb NOT NULL DEFAULT '{}'` column
    /// exactly when `json_data` is set.
    static func baseClass(_ subject: LintSubject) -> LintOutcome {
        if subject.entity.traits.appendOnly != nil { return AppendOnlyLintRules.baseClass(subject) }
        let entity = subject.entity
        var findings: [LintFinding] = []
        let roles = entity.columns.map(\.role)
        if roles.first != .primaryKey {
            findings.append(subject.finding("the first column of '\(entity.tableName)' is not its key"))
        }
        if Array(roles.suffix(auditRoles.count)) != auditRoles {
            findings.append(subject.finding("'\(entity.tableName)' does not end with the Base columns created_at, updated_at, deleted_at, version"))
        }
        let dataColumns = entity.columns.filter { $0.role == .data }
        if entity.hasJSONData {
            if dataColumns.count != 1 {
                findings.append(subject.finding("json_data is set but '\(entity.tableName)' has \(dataColumns.count) data columns"))
            } else if let table = subject.createTable, let definition = table.definition(of: dataColumns[0]),
                      definition.uppercased() != "\(dataColumns[0].sqlName) jsonb NOT NULL DEFAULT '{}'::jsonb".uppercased() {
                findings.append(subject.finding("the JsonBase column is `\(definition)`, not `data jsonb NOT NULL DEFAULT '{}'::jsonb`"))
            }
        } else if !dataColumns.isEmpty {
            findings.append(subject.finding("'\(entity.tableName)' has a data column without json_data"))
        }
        return LintOutcome(findings, entity.hasJSONData ? "Base + JsonBase" : "Base")
    }

    /// Every audit column with the type, nullability and default the guidelines give it, and the trigger
    /// that keeps `updated_at` and `version` right.
    static func auditFields(_ subject: LintSubject) -> LintOutcome {
        if subject.entity.traits.appendOnly != nil { return AppendOnlyLintRules.auditFields(subject) }
        let entity = subject.entity
        var findings: [LintFinding] = []
        let expected: [(Column.Role, String, String)] = [
            (.createdAt, "created_at", "timestamptz NOT NULL DEFAULT now()"),
            (.updatedAt, "updated_at", "timestamptz NOT NULL DEFAULT now()"),
            (.deletedAt, "deleted_at", "timestamptz NULL"),
            (.version, "version", "integer NOT NULL DEFAULT 1"),
        ]
        let table = subject.createTable
        for (role, name, definition) in expected {
            let columns = entity.columns.filter { $0.role == role }
            guard columns.count == 1, let column = columns.first, column.name == name else {
                findings.append(subject.finding("'\(entity.tableName)' lacks the audit column \(name)"))
                continue
            }
            let actual = table?.definition(of: column)
            if actual?.uppercased() != "\(column.sqlName) \(definition)".uppercased() {
                findings.append(subject.finding("the DDL declares \(name) as `\(actual ?? "nothing")`, not `\(name) \(definition)`"))
            }
        }
        let trigger = DerivedNames.touchTrigger(table: entity.tableName)
        let expectedTrigger = "CREATE TRIGGER \(Naming.sqlIdentifier(trigger)) BEFORE UPDATE ON \(entity.sqlTableName) FOR EACH ROW EXECUTE FUNCTION \(SQLStatements.touchFunction)()"
        if !subject.tableStatementsUppercased.contains(expectedTrigger.uppercased()) {
            findings.append(subject.finding("the DDL has no `\(expectedTrigger)`: a plain SQL UPDATE would leave updated_at and version stale"))
        }
        let body = subject.ddl.touchFunction ?? ""
        if !body.contains("NEW.UPDATED_AT := NOW()") || !body.contains("NEW.VERSION := OLD.VERSION + 1") {
            findings.append(subject.finding("the DDL's \(SQLStatements.touchFunction)() does not set updated_at to now() and version to OLD.version + 1"))
        }
        return LintOutcome(findings, "created_at, updated_at, deleted_at, version; trigger \(trigger)")
    }

    /// `<entity>_id uuid NOT NULL DEFAULT gen_random_uuid()` and `CONSTRAINT pk_<table> PRIMARY KEY`.
    static func uuidPrimaryKey(_ subject: LintSubject) -> LintOutcome {
        if subject.entity.traits.appendOnly != nil { return AppendOnlyLintRules.uuidPrimaryKey(subject) }
        let entity = subject.entity
        var findings: [LintFinding] = []
        let keys = entity.columns.filter { $0.role == .primaryKey }
        guard keys.count == 1, let key = keys.first else {
            return LintOutcome([subject.finding("'\(entity.tableName)' has \(keys.count) key columns, not one")], "")
        }
        if key.name != "\(entity.snakeName)_id" || key.type != .primaryKey || key.isNullable {
            findings.append(subject.finding("the key is '\(key.name)', not a non-null '\(entity.snakeName)_id' uuid"))
        }
        let table = subject.createTable
        let expected = "\(key.sqlName) uuid NOT NULL DEFAULT gen_random_uuid()"
        if table?.definition(of: key)?.uppercased() != expected.uppercased() {
            findings.append(subject.finding("the DDL declares the key as `\(table?.definition(of: key) ?? "nothing")`, not `\(expected)`"))
        }
        let constraint = "CONSTRAINT \(Naming.sqlIdentifier(DerivedNames.primaryKeyConstraint(table: entity.tableName))) PRIMARY KEY (\(key.sqlName))"
        if !(table?.constraints.contains { $0.uppercased() == constraint.uppercased() } ?? false) {
            findings.append(subject.finding("the DDL lacks `\(constraint)`"))
        }
        return LintOutcome(findings, "\(key.name) uuid DEFAULT gen_random_uuid()")
    }

    /// The table is in the planned `SQL/schema.sql`, a script that runs as one transaction.
    static func offlineDDL(_ subject: LintSubject) -> LintOutcome {
        var findings: [LintFinding] = []
        if !subject.plannedPaths.contains(SQLPlanner.path) {
            findings.append(subject.finding("no \(SQLPlanner.path) is planned"))
        }
        if subject.createTable == nil {
            findings.append(subject.finding("\(SQLPlanner.path) has no CREATE TABLE \(subject.entity.sqlTableName)"))
        }
        if subject.ddl.uppercased.first != "BEGIN" || subject.ddl.uppercased.last != "COMMIT" {
            findings.append(subject.finding("\(SQLPlanner.path) is not one transaction (BEGIN … COMMIT)"))
        }
        return LintOutcome(findings, "\(SQLPlanner.path): CREATE TABLE \(subject.entity.sqlTableName), in one transaction")
    }
}
