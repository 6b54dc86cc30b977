import Foundation
import PostgresNIO

/// The server process id (`pg_backend_pid()`) of each open connection, asked once per connection on its
/// first cancellable statement, so that a cancelled statement can be stopped with `pg_cancel_backend` from
/// another connection. PostgresNIO 1.33.2 keeps the cancel key it receives at startup to itself, and its own
/// task cancellation only stops reading (the server's statement runs on).
final class BackendProcesses: @unchecked Sendable {
    /// The registry every ``Database`` uses.
    static let shared = BackendProcesses()

    private struct Entry {
        weak var connection: PostgresConnection?
        let pid: Int32
    }

    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]

    /// The process id of `connection`'s server session.
    func pid(of connection: PostgresConnection, logger: Logger) async throws -> Int32 {
        let key = ObjectIdentifier(connection)
        let cached: Int32? = lock.withLock {
            guard let entry = entries[key], entry.connection === connection else { return nil }
            return entry.pid
        }
        if let cached { return cached }
        let result = try await ConnectionCloseWatch.shared.query("SELECT pg_backend_pid()", on: connection, logger: logger)
        guard let row = result.rows.first, let pid = try? row.decode(Int32.self) else {
            throw DatabaseError(sqlState: nil, reason: "pg_backend_pid() returned no process id")
        }
        let isNew: Bool = lock.withLock {
            let isNew = entries[key]?.connection !== connection
            entries[key] = Entry(connection: connection, pid: pid)
            return isNew
        }
        if isNew {
            connection.closeFuture.whenComplete { [weak self] _ in self?.forget(key, pid: pid) }
        }
        return pid
    }

    /// Forgets a closed connection's entry (unless another connection took its place meanwhile).
    private func forget(_ key: ObjectIdentifier, pid: Int32) {
        lock.withLock {
            if entries[key]?.pid == pid { entries.removeValue(forKey: key) }
        }
    }

    /// The number of remembered connections (for tests of the registry's cleanup).
    var count: Int { lock.withLock { entries.count } }
}
