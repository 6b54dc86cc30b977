import Foundation
import Logging
import PostgresNIO

/// Carries the ``Caller`` of the current task to the server on connections reached directly
/// (``Database/Pooling/direct``).
///
/// Each pooled connection remembers the principal and tenant its session last set. When a connection is
/// leased, the caller's values are compared with the session's, and only a difference costs a round trip
/// (`SELECT set_config(…, false), set_config(…, false)`): a request that reuses a connection of its own caller
/// pays nothing. A lease without a caller clears values another caller left, so no session ever serves one
/// caller with another's tenant. Through a transaction pooler the session is shared between clients, so
/// there the caller is set per transaction instead (see ``Database/callerSetup(for:)``).
final class CallerSettings: @unchecked Sendable {
    /// The registry every ``Database`` uses.
    static let shared = CallerSettings()

    private struct Entry {
        weak var connection: PostgresConnection?
        /// The pool the connection belongs to.
        let client: ObjectIdentifier
        var principal: String
        var tenant: String
    }

    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]

    /// Makes `connection`'s session carry `caller` (empty settings when nil).
    func apply(_ caller: Caller?, on connection: PostgresConnection, of client: PostgresClient, logger: Logger) async throws {
        let wanted = caller?.settingValues ?? (principal: "", tenant: "")
        let key = ObjectIdentifier(connection)
        let current: (String, String) = lock.withLock {
            guard let entry = entries[key], entry.connection === connection else { return ("", "") }
            return (entry.principal, entry.tenant)
        }
        guard current != wanted else { return }
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(wanted.principal)
        bindings.append(wanted.tenant)
        let query = PostgresQuery(
            unsafeSQL: "SELECT set_config('\(Caller.principalSetting)', $1, false), set_config('\(Caller.tenantSetting)', $2, false)",
            binds: bindings)
        do {
            _ = try await ConnectionCloseWatch.shared.query(query, on: connection, logger: logger)
        } catch {
            // The session's settings are unknown now: forget them, so the next lease sets them again.
            lock.withLock { _ = entries.removeValue(forKey: key) }
            throw DatabaseErrorMapper.map(error is ConnectionLost ? ConnectionCloseWatch.closedError() : error)
        }
        let isNew: Bool = lock.withLock {
            let isNew = entries[key]?.connection !== connection
            entries[key] = Entry(connection: connection, client: ObjectIdentifier(client), principal: wanted.principal,
                                 tenant: wanted.tenant)
            return isNew
        }
        if isNew {
            connection.closeFuture.whenComplete { [weak self, weak connection] _ in
                self?.forget(key, connection: connection)
            }
        }
    }

    /// Whether some open connection of `client` has a session that carries a caller's values
    /// (``Database/query(_:logger:)`` cannot prepare the connection it streams on, so it refuses to run then).
    func anySessionCarriesACaller(in client: PostgresClient) -> Bool {
        let id = ObjectIdentifier(client)
        return lock.withLock {
            entries.values.contains { $0.client == id && $0.connection != nil && ($0.principal != "" || $0.tenant != "") }
        }
    }

    /// Forgets a closed connection's entry (unless another connection took its place meanwhile).
    private func forget(_ key: ObjectIdentifier, connection: PostgresConnection?) {
        lock.withLock {
            if let entry = entries[key], entry.connection == nil || entry.connection === connection {
                entries.removeValue(forKey: key)
            }
        }
    }

    /// The number of remembered connections (for tests of the registry's cleanup).
    var count: Int { lock.withLock { entries.count } }
}
