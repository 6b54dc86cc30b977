import Foundation
import PostgresNIO

extension Database {
    /// Runs a statement's `body` on a connection leased from `client`, in one child task that leases the
    /// connection and runs `body` on it, waiting at most `timeout` for the lease.
    ///
    /// This is the path of ``run(_:context:)``, whose body is `Sendable`: the child needs no hand-over of the
    /// connection to the calling task, which ``withConnection(isolation:_:)`` makes (two more suspensions
    /// and thread hops per statement) to keep its body in the caller's isolation. A timer task races the
    /// lease; when it wins, the child is cancelled while it waits in the pool and the call throws
    /// ``DatabaseUnavailable``. Once leased, the timer has no effect on the statement.
    func withStatementConnection<Result: Sendable>(
        from client: PostgresClient,
        waitingAtMost timeout: Duration?,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let deadline = LeaseDeadline()
        let pooling = options.pooling
        let logger = logger
        return try await withThrowingTaskGroup(of: StatementTaskOutcome<Result>.self, returning: Result.self) { group in
            let statement: @Sendable () async throws -> StatementTaskOutcome<Result> = {
                do {
                    return .finished(try await client.withConnection { connection in
                        guard deadline.lease() else { throw deadline.timedOutError(timeout) }
                        if pooling == .direct {
                            try await CallerSettings.shared.apply(Caller.current, on: connection, of: client, logger: logger)
                        }
                        return try await body(connection)
                    })
                } catch {
                    guard !deadline.isLeased else { throw error }
                    if deadline.didTimeOut { throw deadline.timedOutError(timeout) }
                    // The caller's task was cancelled while it waited (the pool says `requestCancelled`).
                    if Task.isCancelled { throw CancellationError() }
                    throw DatabaseErrorMapper.map(error)
                }
            }
            if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *) {
                group.addImmediateTask(operation: statement)
            } else {
                group.addTask(operation: statement)
            }
            if let timeout, !deadline.isLeased {
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return .timer(rang: !Task.isCancelled)
                }
            }
            defer { group.cancelAll() }
            while let outcome = try await group.next() {
                switch outcome {
                case .finished(let result):
                    return result
                case .timer(let rang):
                    // The statement is still waiting for a connection unless it has one by now.
                    if rang, deadline.timeOut() { group.cancelAll() }
                }
            }
            throw CancellationError()
        }
    }
}

/// What a child task of ``Database/withStatementConnection(from:waitingAtMost:_:)`` ends with.
enum StatementTaskOutcome<Result: Sendable>: Sendable {
    /// The statement's result.
    case finished(Result)
    /// The wait timer ended: it rang, or it was cancelled.
    case timer(rang: Bool)
}

/// The race between a statement's lease and its wait timeout, decided once under a lock.
final class LeaseDeadline: @unchecked Sendable {
    private enum State { case waiting, leased, timedOut }
    private let lock = NSLock()
    private var state = State.waiting

    /// Marks the connection leased; false when the timeout came first (the statement must not run).
    func lease() -> Bool {
        lock.withLock {
            guard state == .waiting else { return false }
            state = .leased
            return true
        }
    }

    /// Marks the wait timed out; false when the connection was leased first.
    func timeOut() -> Bool {
        lock.withLock {
            guard state == .waiting else { return false }
            state = .timedOut
            return true
        }
    }

    var isLeased: Bool { lock.withLock { state == .leased } }
    var didTimeOut: Bool { lock.withLock { state == .timedOut } }

    func timedOutError(_ timeout: Duration?) -> DatabaseUnavailable {
        let error = ConnectionWaitTimedOut(timeout: timeout ?? .zero)
        return DatabaseUnavailable(reason: error.description, underlying: error)
    }
}
