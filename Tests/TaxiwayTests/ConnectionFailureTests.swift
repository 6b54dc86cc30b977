import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

@Suite("Connection failures")
struct ConnectionFailureTests {
    /// A URL to a port nothing listens on (port 1 needs privileges to bind and is unused here).
    static let closedPortURL = "postgres://postgres@127.0.0.1:1/taxiway_test?sslmode=disable"

    static func withClosedPortDatabase(_ body: (Database) async throws -> Void) async throws {
        var quiet = Logger(label: "taxiway.tests.closed-port")
        quiet.logLevel = .critical
        let database = try Database(
            url: closedPortURL, logger: quiet, options: Database.Options(connectionWaitTimeout: .seconds(2)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            try await body(database)
        }
    }

    @Test("a query against a closed port fails with a retryable DatabaseUnavailable, in time")
    func closedPortQuery() async throws {
        let start = ContinuousClock.now
        try await Self.withClosedPortDatabase { database in
            let error = try #require(await #expect(throws: DatabaseUnavailable.self) {
                try await database.execute("SELECT 1")
            })
            #expect(error.isRetryable)
            #expect(error.description.contains("unavailable"))
        }
        // "In time" means it never hangs: alone it takes about 2 s, but the whole suite runs CPU-heavy tests on the
        // same two cooperative threads, which delay its timers (about 22 s seen), so the bound is generous.
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test("a transaction against a closed port fails with DatabaseUnavailable and never runs its body")
    func closedPortTransaction() async throws {
        try await Self.withClosedPortDatabase { database in
            await #expect(throws: DatabaseUnavailable.self) {
                try await database.transaction { _ in
                    Issue.record("the transaction body ran without a connection")
                }
            }
        }
    }

    @Test("URLs parse into a client configuration; malformed ones are refused without echoing the password")
    func urlParsing() throws {
        let configuration = try Database.clientConfiguration(
            url: "postgres://app%40corp:s%3Acret@db.example.com:6543/orders?sslmode=disable&maxConnections=7")
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "app@corp")
        #expect(configuration.password == "s:cret")
        #expect(configuration.database == "orders")
        #expect(configuration.options.maximumConnections == 7)
        let defaults = try Database.clientConfiguration(url: "postgresql://u@localhost")
        #expect(defaults.port == 5432)
        #expect(defaults.database == nil)
        let error = try #require(throws: IllegalArgument.self) {
            try Database.clientConfiguration(url: "mysql://u:hunter2@localhost/db")
        }
        #expect(!error.description.contains("hunter2"))
        #expect(throws: IllegalArgument.self) { try Database.clientConfiguration(url: "postgres://u@h/db?sslmode=bogus") }
    }
}
