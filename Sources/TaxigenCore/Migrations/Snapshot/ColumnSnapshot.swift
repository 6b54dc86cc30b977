/// One column of a table snapshot.
public struct ColumnSnapshot: Codable, Sendable, Hashable {
    /// The column name, unquoted.
    public var name: String
    /// The SQL type as the DDL writes it (`varchar(255)`, `numeric(12,2)`, `vector(384)`, `text[]`).
    public var type: String
    /// Whether NULL is allowed.
    public var nullable: Bool
    /// The `DEFAULT` expression as the DDL writes it, if any.
    public var defaultExpression: String?
    /// `COMMENT ON COLUMN` text, if any.
    public var comment: String?

    /// Creates a column snapshot.
    public init(name: String, type: String, nullable: Bool, defaultExpression: String?, comment: String?) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultExpression = defaultExpression
        self.comment = comment
    }

    /// The column name as SQL spells it.
    public var sqlName: String { Naming.sqlIdentifier(name) }

    /// The JSON keys (snake_case).
    private enum CodingKeys: String, CodingKey {
        case name, type, nullable, comment
        case defaultExpression = "default"
    }
}
