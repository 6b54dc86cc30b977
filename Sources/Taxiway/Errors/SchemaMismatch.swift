/// Raised when the database's schema is not the one the code was generated for: a table, column, function,
/// type or schema the statement names is missing or has another type (SQLSTATE 42P01, 42703, 42883, 42704,
/// 42804, 42809, 3F000).
///
/// This is what a running release sees after a migration renamed or dropped something it still uses. Not
/// retryable: deploy the matching code or migration.
public struct SchemaMismatch: TaxiwayError, Equatable {
    /// The SQLSTATE PostgreSQL reported, e.g. `42703`.
    public let sqlState: String
    /// The server's message, e.g. `column "email" does not exist` (it names schema objects, never values).
    public let message: String

    /// A schema mismatch reported with `sqlState` and `message`.
    public init(sqlState: String, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    /// A message with the server's message and the SQLSTATE.
    public var description: String { "the database schema does not match the code: \(message) (SQLSTATE \(sqlState))" }
}
