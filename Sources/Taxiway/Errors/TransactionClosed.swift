/// Raised when a ``Transaction`` is used after its body ended (it escaped the body, e.g. into a stored property
/// or an unstructured task).
///
/// The statement is not run: the connection may already serve another unit of work, and a statement on it
/// would join that one (a leaked `COMMIT` would commit someone else's work). Not retryable; a programming error.
public struct TransactionClosed: TaxiwayError, Equatable {
    /// The transaction's end: committed, rolled back or failed.
    public init() {}

    /// A message saying the transaction has ended.
    public var description: String {
        "the transaction has ended: a Transaction must not be used after its body returned or threw"
    }
}
