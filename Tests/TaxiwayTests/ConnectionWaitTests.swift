import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// Waiting for a pooled connection, on a real server with a pool of one connection.
@Suite("Connection waits")
struct ConnectionWaitTests {
    /// Runs `body` with a running ``Database`` whose pool holds at most one connection.
    private func withSingleConnectionDatabase(wait: Duration, _ body: (Database) async throws -> Void) async throws {
        let url = try TestDatabase.url()
        var quiet = Logger(label: "taxiway.tests.connection-wait")
        quiet.logLevel = .critical
        let database = try Database(url: url + (url.contains("?") ? "&" : "?") + "maxConnections=1", logger: quiet,
                                    options: Database.Options(connectionWaitTimeout: wait))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            // Open the pool's one connection first: on a busy machine connecting can take longer than a short
            // wait, which is not what these tests are about.
            let deadline = ContinuousClock.now + .seconds(30)
            while true {
                do {
                    try await database.execute("SELECT 1")
                    break
                } catch is DatabaseUnavailable where ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            try await body(database)
        }
    }

    @Test("with every connection busy, a statement gives up after the wait with a retryable DatabaseUnavailable, and leaks nothing")
    func exhaustedPool() async throws {
        try await withSingleConnectionDatabase(wait: .milliseconds(300)) { database in
            try await database.transaction { transaction in
                let start = ContinuousClock.now
                let error = try #require(await #expect(throws: DatabaseUnavailable.self) {
                    try await database.execute("SELECT 1")
                })
                let waited = ContinuousClock.now - start
                #expect(error.isRetryable)
                #expect(waited >= .milliseconds(300))
                #expect(waited < .seconds(5))
                try await transaction.execute("SELECT 1")
            }
            // The abandoned wait kept no connection: the pool's one connection serves what comes next.
            for _ in 0..<3 {
                try await database.execute("SELECT 1")
            }
        }
    }

    @Test("the public withConnection gives up after the wait with a retryable DatabaseUnavailable too")
    func exhaustedPoolLease() async throws {
        try await withSingleConnectionDatabase(wait: .milliseconds(300)) { database in
            try await database.transaction { transaction in
                let start = ContinuousClock.now
                let error = try #require(await #expect(throws: DatabaseUnavailable.self) {
                    try await database.withConnection { _ = try await $0.query("SELECT 1").get() }
                })
                #expect(error.isRetryable)
                #expect(ContinuousClock.now - start >= .milliseconds(300))
                #expect(ContinuousClock.now - start < .seconds(5))
                try await transaction.execute("SELECT 1")
            }
            try await database.withConnection { _ = try await $0.query("SELECT 1").get() }
        }
    }

    @Test("a short wait that starts while a long one is pending still times out on time; the long one is served later")
    func shortWaitBehindLongWait() async throws {
        try await withSingleConnectionDatabase(wait: .seconds(20)) { patient in
            try await withSingleConnectionDatabase(wait: .milliseconds(300)) { hasty in
                let (holding, holds) = AsyncStream<Void>.makeStream()
                let (releasing, release) = AsyncStream<Void>.makeStream()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await patient.transaction { _ in
                            holds.yield()
                            for await _ in releasing { break }
                        }
                    }
                    for await _ in holding { break }
                    // The patient statement's 20 s deadline is the one the watchdog sleeps until.
                    group.addTask { try await patient.execute("SELECT 1") }
                    try await Task.sleep(for: .milliseconds(100))
                    try await hasty.transaction { _ in
                        let start = ContinuousClock.now
                        await #expect(throws: DatabaseUnavailable.self) { try await hasty.execute("SELECT 1") }
                        let waited = ContinuousClock.now - start
                        #expect(waited >= .milliseconds(300))
                        #expect(waited < .seconds(5), "timed out at its own deadline, not at the patient one's")
                    }
                    release.yield()
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test("a statement waiting for a busy connection runs as soon as it is returned, within the wait")
    func waitsForReturnedConnection() async throws {
        try await withSingleConnectionDatabase(wait: .seconds(10)) { database in
            let (holding, holds) = AsyncStream<Void>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await database.transaction { _ in
                        holds.yield()
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
                for await _ in holding { break }
                let start = ContinuousClock.now
                let rows = try await database.fetchAll("SELECT 42", context: QueryContext(operation: "probe", table: "-"))
                #expect(try rows.first?.decode(Int32.self) == 42)
                #expect(ContinuousClock.now - start >= .milliseconds(100))
                try await group.waitForAll()
            }
        }
    }
    @Test("a statement cancelled while it waits for a busy connection throws CancellationError at once, not a timeout, and leaks nothing")
    func cancelledWhileWaiting() async throws {
        try await withSingleConnectionDatabase(wait: .seconds(10)) { database in
            try await database.transaction { transaction in
                // A statement (`run`, its own child task) and the public `withConnection` (a lease handed over).
                let waiting = [
                    Task { try await database.execute("SELECT 1") },
                    Task { try await database.withConnection { _ = try await $0.query("SELECT 1").get() } },
                ]
                try await Task.sleep(for: .milliseconds(200))
                let start = ContinuousClock.now
                for task in waiting { task.cancel() }
                for task in waiting {
                    let outcome = await task.result
                    #expect(throws: CancellationError.self) { try outcome.get() }
                }
                #expect(ContinuousClock.now - start < .seconds(5), "the cancelled waits ended long before the 10 s timeout")
                try await transaction.execute("SELECT 1")
            }
            for _ in 0..<3 {
                try await database.execute("SELECT 1")
            }
        }
    }
}
