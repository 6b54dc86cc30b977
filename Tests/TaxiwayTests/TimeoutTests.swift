import Foundation
import PostgresNIO
import Taxiway
import Testing

/// Server-side timeouts: on by default, configurable, set at connect time or with SET LOCAL behind a pooler.
@Suite("Timeouts")
struct TimeoutTests {
    static func show(_ executor: some DatabaseExecutor, _ setting: String) async throws -> String {
        let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: "SHOW \(setting)"), context: QueryContext(operation: "show", table: "-"))
        return try #require(row).decode(String.self)
    }

    static let settings = ["statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout"]

    @Test("by default every statement and transaction runs under statement, lock and idle-in-transaction timeouts",
          arguments: TestServer.allCases)
    func defaults(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, _ in
            var outside: [String] = []
            for setting in Self.settings { outside.append(try await Self.show(database, setting)) }
            #expect(outside == ["30s", "10s", "1min"])
            let inside = try await database.transaction { tx in
                var values: [String] = []
                for setting in Self.settings { values.append(try await Self.show(tx, setting)) }
                return values
            }
            #expect(inside == ["30s", "10s", "1min"])
        }
    }

    @Test("a statement longer than the statement timeout fails with a retryable TransientDatabaseError 57014; its transaction is rolled back",
          arguments: TestServer.allCases)
    func statementTimeout(server: TestServer) async throws {
        // Idle-in-transaction time is generous here: a loaded machine must not end the transaction between its
        // two statements before the statement timeout is seen.
        // The statement timeout is long enough for CREATE TABLE and INSERT on a loaded machine, far shorter than the sleep.
        let options = Database.Options(timeouts: .init(statement: .seconds(1), lock: .milliseconds(200), idleInTransaction: .seconds(30)))
        try await TestDatabase.withDatabase(on: server, options: options) { database, schema in
            try await TestDatabase.setUp(server, "CREATE TABLE \(schema).notes (text text)")
            let start = ContinuousClock.now
            let error = try #require(await #expect(throws: TransientDatabaseError.self) {
                try await database.transaction { tx in
                    try await TestDatabase.sql(tx, "INSERT INTO \(schema).notes VALUES ('lost')")
                    try await TestDatabase.sql(tx, "SELECT pg_sleep(20)")
                }
            })
            #expect(error.sqlState == "57014")
            #expect(error.isRetryable)
            // Far sooner than the sleep: the statement timeout ended it (the margin is for a loaded machine).
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(try await TestDatabase.count(database, "\(schema).notes") == 0)
        }
    }

    @Test("a lock wait longer than the lock timeout fails with a retryable TransientDatabaseError 55P03", arguments: TestServer.allCases)
    func lockTimeout(server: TestServer) async throws {
        // The lock holder's transaction idles while the other statement waits: no idle timeout here.
        let options = Database.Options(timeouts: .init(statement: .seconds(5), lock: .milliseconds(200), idleInTransaction: nil))
        try await TestDatabase.withDatabase(on: server, options: options) { database, schema in
            let table = "\(schema).counters"
            try await TestDatabase.setUp(
                server, "CREATE TABLE \(table) (id int PRIMARY KEY, value int NOT NULL)", "INSERT INTO \(table) VALUES (1, 0)")
            try await database.transaction { tx in
                try await TestDatabase.sql(tx, "UPDATE \(table) SET value = 1 WHERE id = 1")
                let error = try #require(await #expect(throws: TransientDatabaseError.self) {
                    try await TestDatabase.sql(database, "UPDATE \(table) SET value = 2 WHERE id = 1")   // another connection
                })
                #expect(error.sqlState == "55P03")
                #expect(error.isRetryable)
            }
            let row = try await database.fetchOne("SELECT value FROM \(unescaped: table)", context: QueryContext(operation: "get", table: table))
            #expect(try #require(row).decode(Int32.self) == 1)
        }
    }

    @Test("a transaction idle longer than the idle-in-transaction timeout is ended by the server; nothing is committed",
          arguments: TestServer.allCases)
    func idleInTransactionTimeout(server: TestServer) async throws {
        // Only the idle timeout is short: on a loaded machine CREATE TABLE may itself outlast a 300 ms statement timeout.
        let options = Database.Options(timeouts: .init(statement: .seconds(10), lock: .seconds(5), idleInTransaction: .milliseconds(300)))
        try await TestDatabase.withDatabase(on: server, options: options) { database, schema in
            let table = "\(schema).notes"
            try await TestDatabase.setUp(server, "CREATE TABLE \(table) (text text)")
            do {
                try await database.transaction { tx in
                    try await TestDatabase.sql(tx, "INSERT INTO \(table) VALUES ('lost')")
                    try await Task.sleep(for: .milliseconds(900))   // e.g. awaiting a slow HTTP call inside the unit of work
                    try await TestDatabase.sql(tx, "INSERT INTO \(table) VALUES ('after')")
                }
                Issue.record("the idle transaction committed")
            } catch let error as any TaxiwayError {
                #expect(error.isRetryable, "\(error)")
                #expect(error is DatabaseUnavailable || error is TransientDatabaseError, "\(error)")
            }
            #expect(try await TestDatabase.count(database, table) == 0)
        }
    }

    @Test("behind a transaction pooler the timeouts are set with SET LOCAL in each transaction, not at connect time")
    func transactionPooler() async throws {
        let options = Database.Options(pooling: .transactionPooler)
        try await TestDatabase.withDatabase(options: options) { database, _ in
            #expect(try await Self.show(database, "statement_timeout") == "0")
            let inside = try await database.transaction { tx in
                var values: [String] = []
                for setting in Self.settings { values.append(try await Self.show(tx, setting)) }
                return values
            }
            #expect(inside == ["30s", "10s", "1min"])
            // SET LOCAL ends with the transaction: the session keeps the server's settings.
            #expect(try await Self.show(database, "statement_timeout") == "0")
        }
    }

    @Test("a database over a client made elsewhere sets the timeouts in each transaction")
    func externalClient() async throws {
        let configuration = try Database.clientConfiguration(url: try TestDatabase.url())
        let database = Database(client: PostgresClient(configuration: configuration))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let value = try await database.transaction { tx in try await Self.show(tx, "statement_timeout") }
            #expect(value == "30s")
        }
    }

    @Test("timeouts turned off leave the server's settings; durations round up to whole milliseconds")
    func serverDefaultsAndRounding() async throws {
        let value = try await TestDatabase.withDatabase(options: Database.Options(timeouts: .serverDefaults)) { database, _ in
            try await Self.show(database, "statement_timeout")
        }
        #expect(value == "0")
        let timeouts = Database.Timeouts(statement: .microseconds(1500), lock: .zero, idleInTransaction: .seconds(90))
        #expect(timeouts.parameters.map(\.value) == ["2", "1", "90000"])
        #expect(Database.Timeouts(statement: .seconds(1e12), lock: nil, idleInTransaction: nil).parameters.map(\.value) == ["2147483647"])
    }
}
