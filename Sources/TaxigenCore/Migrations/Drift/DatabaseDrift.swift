/// `taxigen db diff`: how a live database differs from what the specs ask for.
///
/// Reported: missing and extra tables, columns and indexes; columns whose type or nullability differ;
/// indexes whose columns, uniqueness, access method, operator class or `WHERE deleted_at IS NULL` differ;
/// invalid indexes (a failed `CREATE INDEX CONCURRENTLY`); missing and extra CHECK constraints; and every
/// foreign key, which the guidelines forbid. Defaults and comments are not compared.
public struct DatabaseDrift: Sendable {
    /// One difference.
    public struct Item: Sendable, Hashable, CustomStringConvertible {
        /// What kind of difference.
        public enum Kind: String, Sendable, Hashable {
            case missingTable = "missing table"
            case extraTable = "extra table"
            case missingColumn = "missing column"
            case extraColumn = "extra column"
            case changedColumn = "changed column"
            case missingIndex = "missing index"
            case extraIndex = "extra index"
            case changedIndex = "changed index"
            case invalidIndex = "invalid index"
            case missingCheck = "missing CHECK"
            case extraCheck = "extra CHECK"
            case foreignKey = "foreign key"
        }

        /// What kind of difference.
        public let kind: Kind
        /// The object, `table` or `table.name`.
        public let object: String
        /// The details.
        public let detail: String

        /// `kind object: detail`.
        public var description: String { "\(kind.rawValue) \(object)" + (detail.isEmpty ? "" : ": \(detail)") }
    }

    /// Every difference, in table order.
    public let items: [Item]

    /// Compares the catalog with the snapshot of the specs.
    public init(expected: SchemaSnapshot, actual: LiveCatalog) {
        var items: [Item] = []
        let live = Dictionary(uniqueKeysWithValues: actual.tables.map { ($0.name, $0) })
        // A history table (`history: true`) is expected beside its table.
        let expectedTables = expected.tables + expected.tables.compactMap(\.historyTable)
        for table in expectedTables {
            guard let found = live[table.name] else {
                items.append(Item(kind: .missingTable, object: table.name, detail: ""))
                continue
            }
            items += Self.columns(table, found)
            items += Self.indexes(table, actual.indexes.filter { $0.table == table.name })
            items += Self.checks(table, actual.constraints.filter { $0.table == table.name && $0.type == "c" })
        }
        for table in actual.tables where !expectedTables.contains(where: { $0.name == table.name }) {
            items.append(Item(kind: .extraTable, object: table.name, detail: "\(table.columns.count) columns"))
        }
        for index in actual.indexes where !index.isValid {
            items.append(Item(kind: .invalidIndex, object: "\(index.table).\(index.name)",
                              detail: "a failed CREATE INDEX CONCURRENTLY left it; drop it and build it again"))
        }
        for constraint in actual.constraints where constraint.type == "f" {
            items.append(Item(kind: .foreignKey, object: "\(constraint.table).\(constraint.name)",
                              detail: "\(constraint.definition) (the guidelines forbid foreign-key constraints)"))
        }
        self.items = items
    }

    private static func columns(_ table: TableSnapshot, _ found: LiveCatalog.Table) -> [Item] {
        var items: [Item] = []
        for column in table.columns {
            let object = "\(table.name).\(column.name)"
            guard let live = found.columns.first(where: { $0.name == column.name }) else {
                items.append(Item(kind: .missingColumn, object: object, detail: column.type))
                continue
            }
            let type = ColumnType(column.type).catalogSpelling
            var differences: [String] = []
            if live.type != type { differences.append("type \(live.type), the specs say \(type)") }
            if live.isNotNull == column.nullable {
                differences.append(live.isNotNull ? "NOT NULL, the specs say NULL" : "NULL, the specs say NOT NULL")
            }
            if !differences.isEmpty {
                items.append(Item(kind: .changedColumn, object: object, detail: differences.joined(separator: "; ")))
            }
        }
        for column in found.columns where table.column(named: column.name) == nil {
            items.append(Item(kind: .extraColumn, object: "\(table.name).\(column.name)", detail: column.type))
        }
        return items
    }

    private static func indexes(_ table: TableSnapshot, _ found: [LiveCatalog.Index]) -> [Item] {
        var items: [Item] = []
        for index in table.indexes {
            let object = "\(table.name).\(index.name)"
            guard let live = found.first(where: { $0.name == index.name }) else {
                items.append(Item(kind: .missingIndex, object: object, detail: index.definition))
                continue
            }
            var differences: [String] = []
            if live.columns != index.columns { differences.append("columns (\(live.columns.joined(separator: ", ")))") }
            if live.isUnique != index.unique { differences.append(live.isUnique ? "unique" : "not unique") }
            if live.method != index.method { differences.append("using \(live.method)") }
            if let operatorClass = index.operatorClass {
                if live.operatorClasses.last != operatorClass {
                    differences.append("operator class \(live.operatorClasses.joined(separator: ", "))")
                }
            } else if !live.nonDefaultClasses.isEmpty {
                // A plain index in the specs, a pattern (or other) class in the database: other queries served.
                differences.append("operator class \(live.nonDefaultClasses.joined(separator: ", "))")
            }
            let predicate = index.partial ? "(deleted_at IS NULL)" : nil
            if live.predicate != predicate { differences.append(live.predicate.map { "WHERE \($0)" } ?? "over every row") }
            if !differences.isEmpty {
                items.append(Item(kind: .changedIndex, object: object,
                                  detail: differences.joined(separator: ", ") + "; the specs say: \(index.definition)"))
            }
        }
        let primaryKey = table.primaryKeyConstraint
        for index in found where table.index(named: index.name) == nil && !(index.isPrimary && index.name == primaryKey) {
            items.append(Item(kind: .extraIndex, object: "\(table.name).\(index.name)",
                              detail: "on (\(index.columns.joined(separator: ", ")))" + (index.isUnique ? ", unique" : "")))
        }
        return items
    }

    private static func checks(_ table: TableSnapshot, _ found: [LiveCatalog.Constraint]) -> [Item] {
        var items: [Item] = []
        for check in table.checks where !found.contains(where: { $0.name == check.name }) {
            items.append(Item(kind: .missingCheck, object: "\(table.name).\(check.name)", detail: check.expression))
        }
        for constraint in found where table.check(named: constraint.name) == nil {
            items.append(Item(kind: .extraCheck, object: "\(table.name).\(constraint.name)", detail: constraint.definition))
        }
        return items
    }
}
