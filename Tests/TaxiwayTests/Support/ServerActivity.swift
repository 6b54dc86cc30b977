import Foundation
import PostgresNIO
import Taxiway
import Testing

/// What the server's `pg_stat_activity` says about sessions, to check that a statement runs or has stopped.
enum ServerActivity {
    /// The process id of the session running a statement whose text contains `marker` (waiting up to
    /// `limit` for it to start).
    static func pid(runningStatementContaining marker: String, on database: Database, within limit: Duration = .seconds(30)) async throws -> Int32 {
        var query = PostgresQuery(unsafeSQL: """
            SELECT pid FROM pg_stat_activity
            WHERE state = 'active' AND position($1 in query) > 0 AND pid <> pg_backend_pid()
            """)
        query.binds.append(marker)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let row = try await database.fetchOne(query, context: QueryContext(operation: "activity", table: "pg_stat_activity")) {
                return try row.decode(Int32.self)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no session ran a statement containing \(marker) within \(limit)")
        throw TestFailure()
    }

    /// Waits until session `pid` is running a statement that waits in `pg_sleep` (up to `limit`).
    static func waitUntilSleeping(pid: Int32, on database: Database, within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await isSleeping(pid: pid, on: database) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("session \(pid) did not reach pg_sleep within \(limit)")
        throw TestFailure()
    }

    /// Whether session `pid` is running a statement right now (`state = 'active'`).
    static func isActive(pid: Int32, on database: Database) async throws -> Bool {
        let row = try await database.fetchOne(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = \(pid) AND state = 'active'",
            context: QueryContext(operation: "activity", table: "pg_stat_activity"))
        return try #require(row).decode(Int64.self) > 0
    }

    /// Whether session `pid` waits in `pg_sleep` right now.
    static func isSleeping(pid: Int32, on database: Database) async throws -> Bool {
        let row = try await database.fetchOne(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = \(pid) AND state = 'active' AND wait_event = 'PgSleep'",
            context: QueryContext(operation: "activity", table: "pg_stat_activity"))
        return try #require(row).decode(Int64.self) > 0
    }

    /// The process id of the session `executor` runs on.
    static func backendPID(_ executor: some DatabaseExecutor) async throws -> Int32 {
        let row = try await executor.fetchOne("SELECT pg_backend_pid()", context: QueryContext(operation: "pid", table: "-"))
        return try #require(row).decode(Int32.self)
    }
}

/// A value set by one task and read by another.
final class Shared<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// Waits (polling) until a value is set, up to `limit`.
    func wait(within limit: Duration = .seconds(30)) async throws -> Value {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let value { return value }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("no value within \(limit)")
        throw TestFailure()
    }
}
