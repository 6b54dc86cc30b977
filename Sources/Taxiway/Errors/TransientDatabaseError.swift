/// Raised when PostgreSQL aborted a statement for a reason that goes away on retry: a serialization
/// failure (40001), a deadlock (40P01) or a lock that could not be taken (55P03).
///
/// Retry the whole unit of work (the transaction), not the single statement.
public struct TransientDatabaseError: TaxiwayError, Equatable {
    /// The SQLSTATE PostgreSQL reported, e.g. `40001`.
    public let sqlState: String
    /// What happened, in words.
    public let message: String

    /// A transient failure with `sqlState`, described by `message`.
    public init(sqlState: String, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    /// Always true: the conflict is with concurrent work and may not recur.
    public var isRetryable: Bool { true }

    /// A message with the SQLSTATE.
    public var description: String { "\(message) (SQLSTATE \(sqlState)); retry the transaction" }
}
