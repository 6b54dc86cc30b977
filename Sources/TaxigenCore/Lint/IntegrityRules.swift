/// The checklist items about what the database itself guarantees: no foreign keys, CHECK constraints,
/// PostgreSQL's own types.
enum IntegrityRules {
    /// No statement of the DDL that names the table declares `REFERENCES` or `FOREIGN KEY`, and every ref
    /// is a plain `uuid` column.
    static func noForeignKeys(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        for statement in subject.tableStatements {
            let words = statement.words
            let foreignKey = zip(words, words.dropFirst()).contains { $0 == "FOREIGN" && $1 == "KEY" }
            if words.contains("REFERENCES") || foreignKey {
                findings.append(subject.finding("\(SQLPlanner.path):\(statement.line): a foreign key on '\(entity.tableName)'; the guidelines allow none"))
            }
        }
        let table = subject.createTable
        for (column, target) in entity.refs {
            let type = table?.type(of: column)
            if type?.lowercased() != "uuid" {
                findings.append(LintFinding("ref '\(column.name)' (→ \(target)) is declared as `\(type ?? "nothing")`, not a plain uuid",
                                            at: column.location))
            }
        }
        let refs = entity.refs.count
        return LintOutcome(findings, refs == 0 ? "no refs; no foreign keys"
                                               : refs == 1 ? "1 ref as a plain uuid column; no foreign keys"
                                                           : "\(refs) refs as plain uuid columns; no foreign keys")
    }

    /// Every rule SQL can state is a CHECK constraint that the DDL declares: enum values, text lengths,
    /// number ranges, array item counts and item ranges, and a positive version.
    static func databaseConstraints(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        for column in entity.columns {
            for (suffix, rule) in CheckConstraint.derived(from: column)
            where !entity.checks.contains(where: { $0.column == column.name && $0.rule == rule }) {
                findings.append(LintFinding("the database does not enforce the \(suffix) rule of '\(column.name)'; only validation does",
                                            at: column.location))
            }
        }
        let constraints = subject.createTable?.constraints.map { $0.uppercased() } ?? []
        for check in entity.checks {
            let head = "CONSTRAINT \(Naming.sqlIdentifier(check.name)) CHECK (".uppercased()
            if !constraints.contains(where: { $0.hasPrefix(head) }) {
                let location = entity.column(named: check.column)?.location ?? entity.location
                findings.append(LintFinding("the DDL does not declare `CONSTRAINT \(check.name) CHECK (…)`", at: location))
            }
        }
        return LintOutcome(findings, "\(entity.checks.count) CHECK constraint\(entity.checks.count == 1 ? "" : "s")")
    }

    /// JSON is `jsonb`, timestamps `timestamptz`, keys and refs `uuid`, arrays native arrays, vectors
    /// pgvector's `vector(n)` (with the extension created first); the DDL spells each column so.
    static func postgresFeatures(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        let table = subject.createTable
        var used: [String] = []
        for column in entity.columns {
            let planned = SQLTypeMapping.type(of: column)
            let required: String? = switch column.type {
            case .json: "jsonb"
            case .timestamp: "timestamptz"
            case .uuid, .ref, .primaryKey: "uuid"
            case .array: planned.hasSuffix("[]") ? planned : "an array type"
            case .vector(let dimensions, _): "vector(\(dimensions))"
            case .sealed: "bytea"
            default: nil
            }
            if let required, planned != required {
                findings.append(LintFinding("'\(column.name)' maps to \(planned), not \(required)", at: column.location))
            }
            if let type = table?.type(of: column), type.lowercased() != planned.lowercased() {
                findings.append(LintFinding("the DDL declares '\(column.name)' as \(type), not \(planned)", at: column.location))
            }
            if required != nil, !used.contains(planned.hasSuffix("[]") ? "arrays" : planned) {
                used.append(planned.hasSuffix("[]") ? "arrays" : planned)
            }
        }
        if entity.usesVector {
            let extensionIndex = subject.ddl.vectorExtensionPosition
            let tableIndex = subject.createTablePosition
            if extensionIndex == nil || (tableIndex != nil && extensionIndex! > tableIndex!) {
                findings.append(subject.finding("'\(entity.tableName)' has a vector column but the DDL does not create the vector extension before it"))
            }
        }
        return LintOutcome(findings, used.joined(separator: ", "))
    }
}
