import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// Connections the server terminates (a restart, `pg_terminate_backend`, an idle-session timeout): statements
/// on them fail with a retryable error or get a fresh connection; they never hang.
@Suite("Terminated connections")
struct TerminatedConnectionTests {
    /// What `operation` returned, or "hang" when it did not return within `limit`. A hung operation is left
    /// running (a task group would wait for it forever), so the test fails instead of hanging the suite.
    private func outcome(within limit: Duration, _ operation: @escaping @Sendable () async -> String) async -> String {
        let first = FirstOutcome()
        return await withCheckedContinuation { continuation in
            first.arm(continuation)
            Task { first.deliver(await operation()) }
            Task {
                try? await Task.sleep(for: limit)
                first.deliver("hang")
            }
        }
    }

    /// Waits until `database` answers, for up to a minute: when the whole suite starts at once on 2 cores, a pool's
    /// first connection can take longer than the bounds these tests put on what happens after a termination.
    private func warmUp(_ database: Database) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                try await database.execute("SELECT 1")
                return
            } catch is DatabaseUnavailable where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func quietDatabase(_ url: String, options: Database.Options = Database.Options()) throws -> Database {
        var quiet = Logger(label: "taxiway.tests.terminated")
        quiet.logLevel = .critical
        return try Database(url: url, logger: quiet, options: options)
    }

    @Test("a statement in a transaction whose connection the server terminated fails with DatabaseUnavailable")
    func terminatedInsideTransaction() async throws {
        let database = try quietDatabase(try TestDatabase.url())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            try await warmUp(database)
            let result = await outcome(within: .seconds(10)) {
                do {
                    try await database.transaction { transaction in
                        let rows = try await transaction.fetchAll("SELECT pg_backend_pid()", context: QueryContext(operation: "pid", table: "-"))
                        let pid = try #require(rows.first).decode(Int32.self)
                        try await database.execute("SELECT pg_terminate_backend(\(pid))")
                        // Let the server's FATAL message and the close reach the client first.
                        while !transaction.connection.isClosed {
                            try await Task.sleep(for: .milliseconds(5))
                        }
                        try await transaction.execute("SELECT 1")
                    }
                    return "committed"
                } catch let error as DatabaseUnavailable {
                    return error.isRetryable ? "DatabaseUnavailable" : "not retryable"
                } catch {
                    return "\(type(of: error)): \(error)"
                }
            }
            #expect(result == "DatabaseUnavailable")
            // The pool replaces the closed connection. It may hand the closed one out once more before it
            // has seen the close; that statement fails retryably, as the error promises, and a retry runs.
            var attempts: [String] = []
            while attempts.count < 3, attempts.last != "ok" {
                do {
                    try await database.execute("SELECT 1")
                    attempts.append("ok")
                } catch let error as DatabaseUnavailable where error.isRetryable {
                    attempts.append("DatabaseUnavailable")
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(attempts.last == "ok", "\(attempts)")
        }
    }

    @Test("after the server terminates the pool's only connection, the next statements run on a new one")
    func terminatedIdleConnection() async throws {
        let url = try TestDatabase.url()
        let database = try quietDatabase(url + (url.contains("?") ? "&" : "?") + "maxConnections=1",
                                         options: Database.Options(connectionWaitTimeout: .seconds(5)))
        let admin = try quietDatabase(url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            group.addTask { await admin.run() }
            defer { group.cancelAll() }
            try await warmUp(database)
            try await warmUp(admin)
            let rows = try await database.fetchAll("SELECT pg_backend_pid()", context: QueryContext(operation: "pid", table: "-"))
            let pid = try #require(rows.first).decode(Int32.self)
            try await admin.execute("SELECT pg_terminate_backend(\(pid))")
            var results: [String] = []
            // A retryable failure is retried after a short pause, as a caller would: the pool may hand out the
            // closed connection again until it has processed the close, and on a loaded machine it takes a while
            // to open the next one (three tries 50 ms apart were once not enough in the full suite).
            while results.count < 20, results.last != "ok" {
                if results.last == "DatabaseUnavailable" { try await Task.sleep(for: .milliseconds(100)) }
                results.append(await outcome(within: .seconds(10)) {
                    do {
                        _ = try await database.fetchAll("SELECT 1", context: QueryContext(operation: "probe", table: "-"))
                        return "ok"
                    } catch let error as DatabaseUnavailable {
                        return error.isRetryable ? "DatabaseUnavailable" : "not retryable"
                    } catch {
                        return "\(type(of: error))"
                    }
                })
            }
            // A statement racing the close may fail (retryably); none hangs, and the pool recovers.
            #expect(results.allSatisfy { $0 == "ok" || $0 == "DatabaseUnavailable" })
            #expect(results.last == "ok")
        }
    }
}

/// The first of several outcomes, delivered once to a continuation.
private final class FirstOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<String, Never>?

    func arm(_ continuation: CheckedContinuation<String, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    func deliver(_ outcome: String) {
        let waiting = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: outcome)
    }
}
