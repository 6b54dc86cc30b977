/// An entity table with a history (`history: true`): every change of its rows is recorded by a trigger in
/// an append-only history table, which ``Repository`` reads with `history(id:after:)`, `history(id:version:)`
/// and `history(id:at:)`.
public protocol HistoryTable: EntityTable {
    /// The history table and the statements that read it.
    static var history: HistorySchema { get }
}

/// An entity's history table as the repository core reads it: the model's columns (as the entity's table
/// selects them) followed by the history's own (`history_id`, `history_operation`, `history_at`,
/// `history_principal`), and the statements of its three reads.
public struct HistorySchema: Sendable {
    /// The history table's SQL name.
    public let table: String
    /// One page of a row's entries, newest first: `$1` the key, `$2` the limit.
    public let firstPage: String
    /// The next page: `$1` the key, `$2` the sequence the page starts below, `$3` the limit.
    public let nextPage: String
    /// The last entry at a version (a hard delete's entry left out): `$1` the key, `$2` the version.
    public let atVersion: String
    /// The last entry written at or before a time: `$1` the key, `$2` the time.
    public let atTime: String

    /// The history's own columns, read after the model's.
    public static let metadataColumns = ["history_id", "history_operation", "history_at", "history_principal"]

    /// The history table `table` of the entity table `schema` (whose model reads the columns of `schema.select`).
    public init(table: String, of schema: TableSchema) {
        self.table = table
        let list = Self.selectList(of: schema)
        let select = "SELECT \(list), \(Self.metadataColumns.joined(separator: ", ")) FROM \(table) WHERE \(schema.key) = $1"
        firstPage = select + " ORDER BY history_id DESC LIMIT $2"
        nextPage = select + " AND history_id < $2 ORDER BY history_id DESC LIMIT $3"
        atVersion = select + " AND version = $2 AND history_operation <> 'hard_delete' ORDER BY history_id DESC LIMIT 1"
        atTime = select + " AND history_at <= $2 ORDER BY history_id DESC LIMIT 1"
    }

    /// The column list of `schema.select` (`SELECT <list> FROM <table>`).
    static func selectList(of schema: TableSchema) -> String {
        let prefix = "SELECT "
        let suffix = " FROM \(schema.table)"
        var list = Substring(schema.select)
        if list.hasPrefix(prefix) { list = list.dropFirst(prefix.count) }
        if let range = list.range(of: suffix, options: .backwards) { list = list[..<range.lowerBound] }
        return String(list)
    }
}
