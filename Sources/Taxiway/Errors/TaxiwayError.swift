/// The common shape of every error Taxiway raises, so callers can handle them uniformly.
///
/// Every Taxiway error is `Sendable` (it may cross task boundaries), prints a message that never contains
/// bound parameter values, and says whether retrying the same operation later may succeed.
public protocol TaxiwayError: Error, Sendable, CustomStringConvertible {
    /// Whether running the same operation again (typically the whole unit of work) may succeed.
    var isRetryable: Bool { get }
}

extension TaxiwayError {
    /// Taxiway errors are not retryable unless they say otherwise.
    public var isRetryable: Bool { false }
}
