/// One index of a table snapshot.
public struct IndexSnapshot: Codable, Sendable, Hashable {
    /// The index name.
    public var name: String
    /// The indexed columns, unquoted, in order.
    public var columns: [String]
    /// Whether the index is unique.
    public var unique: Bool
    /// The access method (`btree`, `gin`, `hnsw`, `ivfflat`).
    public var method: String
    /// The operator class of a vector index, if any.
    public var operatorClass: String?
    /// Whether the index covers active rows only (`WHERE deleted_at IS NULL`).
    public var partial: Bool
    /// The `CREATE INDEX` statement of the DDL, without the final `;`.
    public var definition: String

    /// Creates an index snapshot.
    public init(name: String, columns: [String], unique: Bool, method: String, operatorClass: String?, partial: Bool,
                definition: String) {
        self.name = name
        self.columns = columns
        self.unique = unique
        self.method = method
        self.operatorClass = operatorClass
        self.partial = partial
        self.definition = definition
    }

    /// Whether two indexes are the same apart from their names, after mapping this one's columns.
    func hasSameShape(as other: IndexSnapshot, mappingColumns map: (String) -> String = { $0 }) -> Bool {
        columns.map(map) == other.columns && unique == other.unique && method == other.method
            && operatorClass == other.operatorClass && partial == other.partial
    }

    /// The JSON keys (snake_case).
    private enum CodingKeys: String, CodingKey {
        case name, columns, unique, method, partial, definition
        case operatorClass = "operator_class"
    }
}
