/// Raised when a value or request is not acceptable: a bad page size, a malformed cursor, or a row the
/// database refused through a CHECK or NOT NULL constraint or a data exception (SQLSTATE class 22).
///
/// The guidelines' `IllegalArgumentException`. The message never contains bound parameter values.
public struct IllegalArgument: TaxiwayError, Equatable {
    /// What was wrong.
    public let message: String
    /// The database constraint that refused the value, when the database refused it.
    public let constraint: String?
    /// The SQLSTATE the database reported, when the database refused it.
    public let sqlState: String?

    /// An illegal argument described by `message`.
    public init(message: String, constraint: String? = nil, sqlState: String? = nil) {
        self.message = message
        self.constraint = constraint
        self.sqlState = sqlState
    }

    /// The message.
    public var description: String { message }
}
