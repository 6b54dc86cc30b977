/// Raised by ``Database/query(_:logger:)`` (the raw, streaming form) when it cannot carry the ``Caller`` to the
/// server: inside a caller, or while a pooled session still carries another caller's principal or tenant.
///
/// The pool picks the connection such a query streams on, so Taxiway cannot set or clear the session's
/// settings first; a row-level security policy would then compare rows with the wrong tenant. Use
/// ``DatabaseExecutor/run(_:context:)`` (or a ``Transaction``'s `query`), which carries the caller. Not
/// retryable; a programming error.
public struct CallerNotCarried: TaxiwayError, Equatable {
    /// The refusal.
    public init() {}

    /// A message saying why the statement was refused and what to use instead.
    public var description: String {
        "Database.query(_:) cannot carry the caller (principal, tenant) to the server; use run(_:context:) or a transaction"
    }
}
