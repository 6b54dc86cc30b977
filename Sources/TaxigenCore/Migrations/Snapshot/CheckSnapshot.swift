/// One CHECK constraint of a table snapshot.
public struct CheckSnapshot: Codable, Sendable, Hashable {
    /// The constraint name.
    public var name: String
    /// The constrained column, unquoted.
    public var column: String
    /// The body inside `CHECK (…)`, as the DDL writes it.
    public var expression: String

    /// Creates a CHECK snapshot.
    public init(name: String, column: String, expression: String) {
        self.name = name
        self.column = column
        self.expression = expression
    }
}
