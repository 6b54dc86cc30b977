/// Raised when the database cannot be reached or cannot serve the request: the connection failed, was lost
/// before the statement was sent (or inside a transaction, before `COMMIT`), no pooled connection became
/// available in time, or the server refused or ended the session (classes 08, 53, 57P0x, 58, 25006).
///
/// Corresponds to the guidelines' `OperationalError` handling ("handle connection timeouts gracefully").
/// When a connection is lost while a `COMMIT` or a write outside a transaction is in flight, Taxiway raises
/// ``OutcomeUnknown`` instead.
public struct DatabaseUnavailable: TaxiwayError {
    /// Why the database is considered unavailable (never contains credentials or parameter values).
    public let reason: String
    /// The error that caused it (a `PSQLError`, a pool error, a NIO connect error), when there is one.
    public let underlying: (any Error)?
    /// Whether trying again later may succeed: true unless the server said it never will (the database
    /// was dropped, the credentials were refused).
    public let isRetryable: Bool

    /// The database is unavailable because of `reason`, caused by `underlying` when known.
    public init(reason: String, underlying: (any Error)? = nil, isRetryable: Bool = true) {
        self.reason = reason
        self.underlying = underlying
        self.isRetryable = isRetryable
    }

    /// A message with the reason.
    public var description: String { "database unavailable: \(reason)" }
}
