import Foundation
import PostgresNIO

/// One server of a ``Database`` with read replicas (the configured primary or a replica) and what the router
/// knows of it: whether it answers, whether it is a standby, how far it has replayed, whether it lags.
final class ReplicaServer: @unchecked Sendable {
    /// Its pooled client.
    let client: PostgresClient
    /// `host:port`, for logs.
    let name: String

    private let lock = NSLock()
    private var isDown = false
    private var isStandby = true
    private var isLagging = false
    private var replayed: WALPosition?
    /// The oldest primary position seen that the server had not replayed yet, and when it was seen.
    private var lagTarget: (position: WALPosition, seen: ContinuousClock.Instant)?

    init(client: PostgresClient, name: String) {
        self.client = client
        self.name = name
    }

    /// Whether reads may go to it: it answers, it is a standby and it does not lag beyond the bound.
    var servesReads: Bool {
        lock.withLock { !isDown && isStandby && !isLagging }
    }

    /// Whether it has replayed `position` (as far as the router last saw).
    func hasReplayed(_ position: WALPosition) -> Bool {
        lock.withLock { replayed.map { $0 >= position } ?? false }
    }

    /// Marks it down (a failed connection or statement); only a health check brings it back. True when it was up.
    @discardableResult
    func markDown() -> Bool {
        lock.withLock {
            defer { isDown = true }
            return !isDown
        }
    }

    /// Records that it replayed up to `position` (from a read's wait).
    func observeReplay(_ position: WALPosition) {
        lock.withLock { replayed = max(replayed ?? position, position) }
    }

    /// Records a health check's answer: whether it is in recovery and its replay position, against the primary's
    /// current position (nil when the primary did not answer). The lag is how long the server has not reached a
    /// position the primary had: an idle primary never makes a caught-up standby look behind. Returns whether it
    /// was down before.
    @discardableResult
    func observeHealth(inRecovery: Bool, replay: WALPosition?, primary: WALPosition?, maximumLag: Duration,
                       now: ContinuousClock.Instant = .now) -> Bool {
        lock.withLock {
            let wasDown = isDown
            isDown = false
            isStandby = inRecovery
            guard inRecovery, let replay else {
                lagTarget = nil
                isLagging = false
                return wasDown
            }
            replayed = max(replayed ?? replay, replay)
            guard let primary else { return wasDown }
            if replay >= primary {
                lagTarget = nil
            } else if lagTarget == nil || replay >= lagTarget!.position {
                lagTarget = (primary, now)
            }
            isLagging = lagTarget.map { now - $0.seen > maximumLag } ?? false
            return wasDown
        }
    }

    /// What a health check says, for logs and tests.
    var state: String {
        lock.withLock {
            isDown ? "down" : !isStandby ? "not a standby" : isLagging ? "lagging" : "serving reads"
        }
    }
}
