/// Raised when the database cannot be reached: the connection failed, was lost, or no pooled connection
/// became available in time. Retrying later may succeed.
///
/// Corresponds to the guidelines' `OperationalError` handling ("handle connection timeouts gracefully").
public struct DatabaseUnavailable: TaxiwayError {
    /// Why the database is considered unavailable (never contains credentials or parameter values).
    public let reason: String
    /// The error that caused it (a `PSQLError`, a pool error, a NIO connect error), when there is one.
    public let underlying: (any Error)?

    /// The database is unavailable because of `reason`, caused by `underlying` when known.
    public init(reason: String, underlying: (any Error)? = nil) {
        self.reason = reason
        self.underlying = underlying
    }

    /// Always true: the server may come back.
    public var isRetryable: Bool { true }

    /// A message with the reason.
    public var description: String { "database unavailable: \(reason)" }
}
