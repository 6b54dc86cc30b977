import Foundation

/// What the copies of one ``Transaction`` share: whether its body is still running, and the number of the
/// next savepoint (so every savepoint of the transaction has a name of its own).
final class TransactionState: @unchecked Sendable {
    private let lock = NSLock()
    private var open = true
    private var savepoints = 0

    /// Whether the transaction's body is still running.
    var isOpen: Bool { lock.withLock { open } }

    /// The body ended: from now on the transaction's handle refuses statements.
    func close() {
        lock.withLock { open = false }
    }

    /// Throws ``TransactionClosed`` when the body has ended.
    func checkOpen() throws {
        guard isOpen else { throw TransactionClosed() }
    }

    /// A savepoint name not used before in this transaction: `taxiway_sp_1`, `taxiway_sp_2`, …
    func nextSavepointName() -> String {
        lock.withLock {
            savepoints += 1
            return "taxiway_sp_\(savepoints)"
        }
    }
}
