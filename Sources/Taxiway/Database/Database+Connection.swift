import Foundation
import PostgresNIO

extension Database {
    /// Leases a pooled connection for the duration of `body`, waiting at most
    /// ``Options/connectionWaitTimeout`` for it.
    ///
    /// With ``Pooling/direct``, the connection's session carries the current ``Caller`` (see ``CallerSettings``).
    ///
    /// A child task holds the lease while `body` runs in the caller's task, so that waiting for the lease
    /// can be abandoned on time without cancelling the caller. The child starts immediately, on the
    /// caller's thread, so when the pool has an idle connection the lease is taken without a thread hop
    /// and no timer is armed; only a lease that has to wait races a timer. `body` must not keep the
    /// connection after it returns.
    /// - Throws: ``DatabaseUnavailable`` when no connection became available in time or connecting
    ///   failed; whatever `body` throws.
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection(from: replication?.primaryClient ?? client, waitingAtMost: options.connectionWaitTimeout,
                                 isolation: isolation, body)
    }

    /// Leases a connection of `client` (the primary's or a replica's), waiting at most `timeout` for it.
    func withConnection<Result>(
        from client: PostgresClient,
        waitingAtMost timeout: Duration?,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let lease = ConnectionLease()
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            let holdLease: @Sendable () async -> Void = {
                do {
                    try await client.withConnection { connection in
                        if lease.offer(connection) { await lease.waitUntilReturned() }
                    }
                } catch {
                    lease.fail(error)
                }
            }
            if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *) {
                group.addImmediateTask(operation: holdLease)
            } else {
                group.addTask(operation: holdLease)
            }
            defer {
                lease.returnConnection()
                group.cancelAll()
            }
            if let timeout, !lease.isSettled {
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { lease.fail(ConnectionWaitTimedOut(timeout: timeout)) }
                }
            }
            let connection: PostgresConnection
            do {
                connection = try await lease.connection()
            } catch let error as ConnectionWaitTimedOut {
                throw DatabaseUnavailable(reason: error.description, underlying: error)
            } catch {
                // The caller's task was cancelled while it waited (the pool says `requestCancelled`).
                if Task.isCancelled { throw CancellationError() }
                throw DatabaseErrorMapper.map(error)
            }
            if options.pooling == .direct {
                try await CallerSettings.shared.apply(Caller.current, on: connection, of: client, logger: logger)
            }
            return try await body(connection)
        }
    }
}

/// Where a statement's task and the child task holding its pooled connection meet: the child offers the
/// connection (or fails), the statement takes it, and gives it back when done. The first outcome wins: a
/// connection offered after the wait timed out is refused, so the child returns it to the pool at once.
final class ConnectionLease: @unchecked Sendable {
    private enum State {
        /// Nothing yet; the statement may be waiting.
        case pending(CheckedContinuation<PostgresConnection, any Error>?)
        /// Offered, not yet taken.
        case offered(PostgresConnection)
        /// Leasing failed or timed out, not yet seen by the statement.
        case failed(any Error)
        /// The statement has its outcome.
        case settled
    }

    private let lock = NSLock()
    private var state = State.pending(nil)
    private var returned = false
    private var holder: CheckedContinuation<Void, Never>?

    /// Whether an outcome (a connection or a failure) has arrived.
    var isSettled: Bool {
        lock.withLock {
            if case .pending = state { return false }
            return true
        }
    }

    /// Offers the leased connection; false when the statement no longer wants it.
    func offer(_ connection: PostgresConnection) -> Bool {
        settle(.success(connection))
    }

    /// Reports that no connection will come.
    func fail(_ error: any Error) {
        _ = settle(.failure(error))
    }

    private func settle(_ outcome: Swift.Result<PostgresConnection, any Error>) -> Bool {
        let (accepted, waiter): (Bool, CheckedContinuation<PostgresConnection, any Error>?) = lock.withLock {
            guard case .pending(let waiter) = state else { return (false, nil) }
            if let waiter {
                state = .settled
                return (true, waiter)
            }
            switch outcome {
            case .success(let connection): state = .offered(connection)
            case .failure(let error): state = .failed(error)
            }
            return (true, nil)
        }
        waiter?.resume(with: outcome)
        return accepted && !isReturned
    }

    private var isReturned: Bool {
        lock.withLock { returned }
    }

    /// The connection, once offered.
    func connection() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Swift.Result<PostgresConnection, any Error>? = lock.withLock {
                switch state {
                case .pending:
                    state = .pending(continuation)
                    return nil
                case .offered(let connection):
                    state = .settled
                    return .success(connection)
                case .failed(let error):
                    state = .settled
                    return .failure(error)
                case .settled:
                    return .failure(CancellationError())
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Suspends the holding task until the statement gives the connection back.
    func waitUntilReturned() async {
        await withCheckedContinuation { continuation in
            let done = lock.withLock {
                if returned { return true }
                holder = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Gives the connection back (or tells a holder that gets one later not to wait).
    func returnConnection() {
        let waiting = lock.withLock {
            returned = true
            defer { holder = nil }
            return holder
        }
        waiting?.resume()
    }
}

/// No pooled connection became available within the configured wait.
struct ConnectionWaitTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no database connection became available within \(timeout)" }
}
