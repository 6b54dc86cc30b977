import Foundation
import Logging
import PostgresNIO

/// Stops one statement on the server when its task is cancelled.
///
/// With ``Database/Pooling/direct`` it asks the server to cancel the statement (`pg_cancel_backend` of the
/// session's process id, sent from another pooled connection) and asks again every 200 ms, since a request
/// that arrives before the server started the statement is ignored; the server then fails the statement with
/// SQLSTATE 57014 and its connection stays usable. When the statement has not ended within
/// ``Database/Options/cancellationGracePeriod`` (no pooled connection was free to send the request, or the
/// server did not react), or behind a transaction pooler (where a process id names a borrowed session), the
/// statement's connection is closed instead: the server rolls back what that session did.
///
/// The statement's runner waits for the cancellation to finish before it uses the connection again, so a
/// cancel request never reaches the connection's next statement through Taxiway.
final class StatementCancellation: @unchecked Sendable {
    private let connection: PostgresConnection
    private let pid: Int32?
    private let environment: StatementEnvironment
    private let lock = NSLock()
    private var requested = false
    private var ended = false
    private var closedConnection = false
    private var task: Task<Void, Never>?

    init(connection: PostgresConnection, pid: Int32?, environment: StatementEnvironment) {
        self.connection = connection
        self.pid = pid
        self.environment = environment
    }

    /// Whether the task was cancelled while the statement ran.
    var wasRequested: Bool { lock.withLock { requested } }

    /// Whether the statement was stopped by closing its connection.
    var didCloseConnection: Bool { lock.withLock { closedConnection } }

    private var isEnded: Bool { lock.withLock { ended } }

    /// The task was cancelled: start stopping the statement (once).
    func request() {
        lock.withLock {
            guard !requested, !ended else { return }
            requested = true
            task = Task { await self.stopStatement() }
        }
    }

    /// The statement ended (with a result or an error); waits until a cancellation in progress has finished.
    func statementEnded() async {
        let running = lock.withLock {
            ended = true
            return task
        }
        await running?.value
    }

    private func stopStatement() async {
        let deadline = ContinuousClock.now + environment.options.cancellationGracePeriod
        if let pid, environment.options.pooling == .direct {
            while !isEnded, ContinuousClock.now < deadline {
                await sendCancel(to: pid, before: deadline)
                if await waitUntilEnded(for: .milliseconds(200), before: deadline) { return }
            }
        }
        guard !isEnded else { return }
        lock.withLock { closedConnection = true }
        environment.logger.warning("closing the connection of a cancelled statement that did not stop")
        try? await connection.close().get()
    }

    /// Sends `pg_cancel_backend(pid)` from a pooled connection, giving up at `deadline`.
    private func sendCancel(to pid: Int32, before deadline: ContinuousClock.Instant) async {
        let client = environment.client
        let logger = environment.logger
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await client.withConnection { other in
                        _ = try await ConnectionCloseWatch.shared.query(
                            "SELECT pg_cancel_backend(\(pid))", on: other, logger: logger)
                    }
                } catch {
                    logger.debug("sending a cancel request failed", metadata: [LogKeys.error: .string(QueryLog.kind(of: error))])
                }
            }
            group.addTask { try? await Task.sleep(until: deadline) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Waits (polling) until the statement ended, at most `duration` and not past `deadline`.
    private func waitUntilEnded(for duration: Duration, before deadline: ContinuousClock.Instant) async -> Bool {
        let until = min(ContinuousClock.now + duration, deadline)
        while !isEnded, ContinuousClock.now < until {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return isEnded
    }
}
