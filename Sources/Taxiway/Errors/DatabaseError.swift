/// Raised for a database error that is none of the more specific kinds: a programming error (a syntax
/// error, a wrong cursor or transaction command), missing privileges, a trigger or function that raised, an
/// internal server error, or an unexpected protocol message.
///
/// Not retryable. The message names the SQLSTATE and its class, never the server's text (which may quote
/// values); the server's error is in ``underlying``.
public struct DatabaseError: TaxiwayError {
    /// The SQLSTATE PostgreSQL reported, e.g. `42601`; nil for a client-side error.
    public let sqlState: String?
    /// What kind of error it is, e.g. `syntax error or access rule violation`.
    public let reason: String
    /// The error that caused it (a `PSQLError`), when there is one.
    public let underlying: (any Error)?

    /// A database error with `sqlState` (when the server reported one), described by `reason`.
    public init(sqlState: String?, reason: String, underlying: (any Error)? = nil) {
        self.sqlState = sqlState
        self.reason = reason
        self.underlying = underlying
    }

    /// A message with the reason and the SQLSTATE.
    public var description: String {
        guard let sqlState else { return "database error: \(reason)" }
        return "database error: \(reason) (SQLSTATE \(sqlState))"
    }
}
