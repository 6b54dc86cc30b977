/// Raised when a transaction's body returned normally but PostgreSQL rolled the transaction back on
/// `COMMIT`, because a statement inside it had failed (and its error was caught and not rethrown); also for
/// a statement sent after such a failure (SQLSTATE 25P02, "current transaction is aborted").
///
/// Nothing of the unit of work was saved. Not retryable as it is: find the failure that was swallowed.
public struct TransactionRolledBack: TaxiwayError, Equatable {
    /// A transaction that was rolled back instead of committed.
    public init() {}

    /// A message saying nothing was saved.
    public var description: String {
        "the transaction was rolled back instead of committed: a statement inside it failed"
    }
}
