/// The checklist items about indexes: what must be indexed, and unique indexes under soft delete.
enum IndexRules {
    /// Every ref and `version` lead an index, every unique field has a unique index, every index of the
    /// `Schema` is created by the DDL as planned, no two indexes are the same, and an index serves every
    /// named query (see `QueryIndexRules`).
    static func indexes(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        for (column, target) in entity.refs where !entity.indexes.contains(where: { $0.columns.first == column.name }) {
            findings.append(LintFinding("ref '\(column.name)' (→ \(target)) leads no index; the guidelines index every reference",
                                        at: column.location))
        }
        // An append-only table has no version; it indexes created_at, which its time-range reads go by.
        let audited = entity.traits.appendOnly == nil ? "version" : "created_at"
        if !entity.indexes.contains(where: { $0.columns.first == audited || $0.columns.dropFirst().first == audited && $0.columns.first == entity.traits.tenantKey }) {
            findings.append(subject.finding("'\(audited)' leads no index; the guidelines index it on every table"))
        }
        for column in entity.columns where column.isUnique {
            // A sensitive field is unique through its lookup digest's column.
            let indexed = column.isSensitive && column.lookup != nil ? EntityBuilder.lookupColumnName(column.name) : column.name
            let expected = (entity.traits.tenantKey.map { [$0] } ?? []) + [indexed]
            if !entity.indexes.contains(where: { $0.isUnique && $0.columns == expected }) {
                findings.append(LintFinding("unique field '\(column.name)' has no unique index", at: column.location))
            }
        }
        let created = subject.tableStatementsUppercased
        for index in entity.indexes {
            let head = "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(Naming.sqlIdentifier(index.name)) ON \(entity.sqlTableName) USING \(index.kind.rawValue) (".uppercased()
            guard let statement = created.first(where: { $0.hasPrefix(head) }) else {
                findings.append(LintFinding("the DDL does not create index '\(index.name)' as `\(head)…`", at: index.location))
                continue
            }
            // An append-only table has no deleted_at: its indexes are never partial.
            if entity.traits.appendOnly == nil, statement.hasSuffix("WHERE DELETED_AT IS NULL") != index.isPartial {
                findings.append(LintFinding("index '\(index.name)' should \(index.isPartial ? "" : "not ")be partial (WHERE deleted_at IS NULL)",
                                            at: index.location))
            }
        }
        var seen: [IndexShape: Index] = [:]
        for index in entity.indexes {
            let shape = IndexShape(index)
            if let first = seen[shape] {
                findings.append(LintFinding("index '\(index.name)' duplicates '\(first.name)' (same columns, kind and rows): it costs every write and serves no query",
                                            at: index.location))
            } else {
                seen[shape] = index
            }
        }
        findings += QueryIndexRules.findings(entity)
        let origins = Dictionary(grouping: entity.indexes, by: \.origin)
        let parts: [(Index.Origin, String)] = [(.ref, "ref"), (.version, "version"), (.appendTime, "created_at"), (.uniqueField, "unique"),
                                               (.fieldIndex, "field"), (.declared, "declared")]
        let detail = parts.compactMap { origin, word in origins[origin].map { "\($0.count) \(word)" } }.joined(separator: ", ")
        let queries = entity.queries.isEmpty ? "" : "; \(entity.queries.count) named quer\(entity.queries.count == 1 ? "y" : "ies") served"
        return LintOutcome(findings, "\(entity.indexes.count) indexes: \(detail)\(queries)")
    }

    /// `deleted_at` is the nullable soft-delete column, and every unique index holds among active rows
    /// only (partial, or over `deleted_at`), so a soft-deleted row never blocks a new one.
    static func softDelete(_ subject: LintSubject) -> LintOutcome {
        if subject.entity.traits.appendOnly != nil { return AppendOnlyLintRules.softDelete(subject) }
        let entity = subject.entity
        var findings: [LintFinding] = []
        let deletedAt = entity.columns.filter { $0.role == .deletedAt }
        if deletedAt.count != 1 || deletedAt.first?.isNullable != true || deletedAt.first?.type != .timestamp
            || deletedAt.first?.defaultValue != nil {
            findings.append(subject.finding("'\(entity.tableName)' has no nullable deleted_at timestamptz without a default"))
        }
        let unique = entity.indexes.filter(\.isUnique)
        for index in unique where !index.isPartial && !index.columns.contains("deleted_at") {
            findings.append(LintFinding("unique index '\(index.name)' covers soft-deleted rows: a soft-deleted row blocks a new one with the same \(index.columns.joined(separator: ", ")); drop `include_deleted` or add deleted_at to its fields",
                                        at: index.location))
        }
        return LintOutcome(findings, unique.isEmpty ? "deleted_at; no unique index"
                                                    : "deleted_at; \(unique.count) unique \(unique.count == 1 ? "index holds" : "indexes hold") among active rows")
    }
}

/// What makes two indexes the same for queries: columns, kind, operator class and which rows they cover
/// (a unique index serves every query a plain one on the same columns would).
private struct IndexShape: Hashable {
    let columns: [String]
    let kind: Index.Kind
    let operatorClass: String?
    let isPartial: Bool

    init(_ index: Index) {
        columns = index.columns
        kind = index.kind
        operatorClass = index.operatorClass
        isPartial = index.isPartial
    }
}
