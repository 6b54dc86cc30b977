/// The parts of a `Schema` that decide what the database holds, and nothing else: a migration's
/// `snapshot.json` stores one, and `migrate new` plans the difference between two of them.
///
/// Every value is spelled as the DDL spells it (SQL types, default expressions, CHECK bodies, index
/// statements), and every list is sorted by name, so that the snapshot does not change when the specs
/// change in ways the database cannot see (field order, validation-only keys, `example:`, Swift names).
public struct SchemaSnapshot: Codable, Sendable, Hashable {
    /// The extensions the schema needs (`vector`), sorted.
    public var extensions: [String]
    /// The functions the schema creates (the touch trigger's function), sorted.
    public var functions: [String]
    /// Every table, sorted by name.
    public var tables: [TableSnapshot]

    /// Creates a snapshot; lists are sorted here so that any two equal schemas encode to the same bytes.
    public init(extensions: [String], functions: [String], tables: [TableSnapshot]) {
        self.extensions = extensions.sorted()
        self.functions = functions.sorted()
        self.tables = tables.sorted { $0.name < $1.name }
    }

    /// The schema of a database without any table: where the first migration starts.
    public static let empty = SchemaSnapshot(extensions: [], functions: [], tables: [])

    /// The table with a name, if any: a binary search, as the tables are sorted by name (a list that is
    /// not, edited by other code, is searched from the start).
    public func table(named name: String) -> TableSnapshot? {
        var low = 0, high = tables.count
        while low < high {
            let middle = (low + high) / 2
            if tables[middle].name < name { low = middle + 1 } else { high = middle }
        }
        if low < tables.count, tables[low].name == name { return tables[low] }
        return tables.first { $0.name == name }
    }
}

/// One table of a snapshot.
public struct TableSnapshot: Codable, Sendable, Hashable {
    /// The table name, unquoted.
    public var name: String
    /// `COMMENT ON TABLE` text, if any.
    public var comment: String?
    /// The primary key column.
    public var primaryKey: String
    /// The primary key constraint's name.
    public var primaryKeyConstraint: String
    /// The touch trigger's name.
    public var trigger: String
    /// Every column, sorted by name (PostgreSQL cannot reorder columns, so order is not part of the state).
    public var columns: [ColumnSnapshot]
    /// Every CHECK constraint, sorted by name.
    public var checks: [CheckSnapshot]
    /// Every index except the primary key's, sorted by name.
    public var indexes: [IndexSnapshot]
    /// A tenant-scoped table's key and policy (row-level security enabled and forced); nil otherwise.
    public var tenancy: TenancySnapshot?
    /// An append-only table's settings (`append_only:`); nil for an ordinary table.
    public var appendOnly: AppendOnlySnapshot?
    /// The table's history (`history: true`); nil otherwise.
    public var history: HistorySnapshot?

    /// Creates a table snapshot; columns, checks and indexes are sorted by name.
    public init(name: String, comment: String?, primaryKey: String, primaryKeyConstraint: String, trigger: String,
                columns: [ColumnSnapshot], checks: [CheckSnapshot], indexes: [IndexSnapshot],
                tenancy: TenancySnapshot? = nil, history: HistorySnapshot? = nil) {
        self.tenancy = tenancy
        self.history = history
        self.name = name
        self.comment = comment
        self.primaryKey = primaryKey
        self.primaryKeyConstraint = primaryKeyConstraint
        self.trigger = trigger
        self.columns = columns.sorted { $0.name < $1.name }
        self.checks = checks.sorted { $0.name < $1.name }
        self.indexes = indexes.sorted { $0.name < $1.name }
    }

    /// The column with a name, if any.
    public func column(named name: String) -> ColumnSnapshot? { columns.first { $0.name == name } }
    /// The CHECK constraint with a name, if any.
    public func check(named name: String) -> CheckSnapshot? { checks.first { $0.name == name } }
    /// The index with a name, if any.
    public func index(named name: String) -> IndexSnapshot? { indexes.first { $0.name == name } }

    /// The table name as SQL spells it (quoted when PostgreSQL reserves it).
    public var sqlName: String { Naming.sqlIdentifier(name) }

    /// The JSON keys (snake_case).
    private enum CodingKeys: String, CodingKey {
        case name, comment, columns, checks, indexes, trigger, tenancy
        case appendOnly = "append_only", history
        case primaryKey = "primary_key"
        case primaryKeyConstraint = "primary_key_constraint"
    }
}
