import Foundation
import PostgresNIO

/// Fails a statement whose connection is closed (by the server or the network) before its query reached
/// the connection, instead of letting it wait forever.
///
/// PostgresNIO 1.33.2 writes a query to its channel without a write promise: a query sent on a channel that
/// has just closed is dropped, and its result never completes. That happens to a transaction whose
/// connection the server terminates (a restart, `pg_terminate_backend`, an idle-session timeout). The watch
/// observes each connection's close once (one callback per connection, removed when it fires) and fails the
/// statements in flight on it; a statement started on a connection that is closed already fails at once.
/// Neither costs a hop to the event loop.
final class ConnectionCloseWatch: @unchecked Sendable {
    /// The watch every ``Database`` and ``Transaction`` statement goes through.
    static let shared = ConnectionCloseWatch()

    private let lock = NSLock()
    /// The watched connections (those whose close callback is registered), with their statements in flight
    /// (usually one; more when a transaction's body runs statements concurrently).
    private var watched: [ObjectIdentifier: [InFlightStatement]] = [:]
    /// The watched connections themselves, held until their close is handled, so that a new connection never
    /// takes the address (the key) of a closed one whose close callback is still to come.
    private var connections: [ObjectIdentifier: PostgresConnection] = [:]

    /// Runs `query` on `connection` and reads every row, failing with ``DatabaseUnavailable`` when the
    /// connection is closed before the query is sent, and with ``ConnectionLost`` when it closes while the query
    /// is in flight (the server may or may not have run it).
    func query(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> PostgresQueryResult {
        let key = ObjectIdentifier(connection)
        let statement = InFlightStatement()
        defer {
            lock.withLock {
                watched[key]?.removeAll { $0 === statement }
            }
        }
        return try await withUnsafeThrowingContinuation { continuation in
            let isNew: Bool = lock.withLock {
                statement.continuation = continuation
                let isNew = watched[key] == nil
                watched[key, default: []].append(statement)
                if isNew { connections[key] = connection }
                return isNew
            }
            if isNew {
                // A little later than the close: when PostgresNIO closes the connection because of the server's
                // answer (a FATAL error, class 28), that answer fails the statement first, and is what it reports.
                let eventLoop = connection.eventLoop
                connection.closeFuture.whenComplete { [weak self] _ in
                    let watch = self
                    eventLoop.scheduleTask(in: .milliseconds(20)) { watch?.closed(key) }
                }
            }
            // Checked after the statement is registered, so a close either is seen here or fails it later.
            if connection.isClosed {
                finish(statement, .failure(Self.closedError()))
                return
            }
            connection.query(query, logger: logger).whenComplete { self.finish(statement, $0) }
        }
    }

    /// The connection with `key` closed: forget it, and fail its statements in flight.
    private func closed(_ key: ObjectIdentifier) {
        let statements = lock.withLock {
            connections[key] = nil
            return watched.removeValue(forKey: key) ?? []
        }
        for statement in statements {
            finish(statement, .failure(ConnectionLost()))
        }
    }

    /// Delivers `result` to `statement`, unless something was delivered to it first.
    private func finish(_ statement: InFlightStatement, _ result: Result<PostgresQueryResult, any Error>) {
        let waiting = lock.withLock {
            defer { statement.continuation = nil }
            return statement.continuation
        }
        waiting?.resume(with: result)
    }

    /// The error of a statement whose connection is closed before the statement was sent.
    static func closedError() -> DatabaseUnavailable {
        DatabaseUnavailable(reason: "the connection was closed (by the server or the network)")
    }
}

/// One statement's result, delivered once (under the watch's lock): by the query or by its connection's
/// close, whichever is first.
final class InFlightStatement: @unchecked Sendable {
    /// The waiting statement, until something is delivered to it.
    var continuation: UnsafeContinuation<PostgresQueryResult, any Error>?
}

/// The connection closed while a statement was in flight: it may or may not have reached the server and run.
/// ``DatabaseErrorMapper`` makes it a ``DatabaseUnavailable``; the statement runner makes it an
/// ``OutcomeUnknown`` for a `COMMIT` or a write outside a transaction.
struct ConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection was lost while a statement was in flight" }
}
