/// Raised when PostgreSQL aborted a statement for a reason that may go away on retry: a serialization
/// failure (40001), a deadlock (40P01), a lock not obtained within `lock_timeout` (55P03), an object in use
/// (55006, 55000), a statement cancelled by `statement_timeout` or an operator (57014), a transaction ended by
/// `idle_in_transaction_session_timeout` or `transaction_timeout` (25P03, 25P04), a snapshot too old (72000).
///
/// Retry the whole unit of work (the transaction), not the single statement: the transaction is aborted.
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

    /// Always true: the conflict or limit is with concurrent work or load and may not recur.
    public var isRetryable: Bool { true }

    /// A message with the SQLSTATE.
    public var description: String { "\(message) (SQLSTATE \(sqlState)); retry the transaction" }
}
