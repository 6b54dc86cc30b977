/// Raised when the connection was lost while a `COMMIT`, or a write outside a transaction, was on its way to
/// the server or running there: the server may have applied it or not, and nothing can tell which.
///
/// Not retryable: running the same write again may apply it twice (a second `create` inserts a second row).
/// Check what the database holds (for example, find the row by a natural key) before doing anything again.
/// A lost connection before the statement was sent, or inside a transaction before `COMMIT`, is a retryable
/// ``DatabaseUnavailable`` instead: there the server certainly applied nothing.
public struct OutcomeUnknown: TaxiwayError {
    /// The repository operation (e.g. `insert`) or `commit`.
    public let operation: String
    /// What happened, in words (never parameter values).
    public let reason: String
    /// The error that caused it (a `PSQLError`, a NIO error), when there is one.
    public let underlying: (any Error)?

    /// The outcome of `operation` is unknown because of `reason`.
    public init(operation: String, reason: String, underlying: (any Error)? = nil) {
        self.operation = operation
        self.reason = reason
        self.underlying = underlying
    }

    /// Always false: the operation may already have been applied.
    public var isRetryable: Bool { false }

    /// A message saying the outcome is unknown.
    public var description: String {
        "the outcome of \(operation) is unknown (\(reason)): it may or may not have been applied; check before retrying"
    }
}
