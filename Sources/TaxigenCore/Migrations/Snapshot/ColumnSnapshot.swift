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
    /// Whether the field is `deprecated: true`: the generated code no longer reads or writes the column, so a
    /// later migration may drop it (with `zero_downtime`, only such a column may be dropped). Written to the
    /// JSON only when true, so snapshots without deprecated fields keep their bytes.
    public var deprecated: Bool
    /// For the old column of a rename in progress (`zero_downtime` expand), the column that replaces it: a
    /// trigger keeps the two in step until `migrate new --contract` drops this one. Nil otherwise (and then
    /// not written to the JSON).
    public var replacedBy: String?

    /// Creates a column snapshot.
    public init(name: String, type: String, nullable: Bool, defaultExpression: String?, comment: String?,
                deprecated: Bool = false, replacedBy: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultExpression = defaultExpression
        self.comment = comment
        self.deprecated = deprecated
        self.replacedBy = replacedBy
    }

    /// The column name as SQL spells it.
    public var sqlName: String { Naming.sqlIdentifier(name) }

    /// The JSON keys (snake_case).
    private enum CodingKeys: String, CodingKey {
        case name, type, nullable, comment, deprecated
        case defaultExpression = "default"
        case replacedBy = "replaced_by"
    }

    /// Reads a column; `deprecated` and `replaced_by` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(String.self, forKey: .type)
        nullable = try container.decode(Bool.self, forKey: .nullable)
        defaultExpression = try container.decodeIfPresent(String.self, forKey: .defaultExpression)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
        deprecated = try container.decodeIfPresent(Bool.self, forKey: .deprecated) ?? false
        replacedBy = try container.decodeIfPresent(String.self, forKey: .replacedBy)
    }

    /// Writes a column; `deprecated` only when true, `replaced_by` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(nullable, forKey: .nullable)
        try container.encodeIfPresent(defaultExpression, forKey: .defaultExpression)
        try container.encodeIfPresent(comment, forKey: .comment)
        if deprecated { try container.encode(true, forKey: .deprecated) }
        try container.encodeIfPresent(replacedBy, forKey: .replacedBy)
    }
}
