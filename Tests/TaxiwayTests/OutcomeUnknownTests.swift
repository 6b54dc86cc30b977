import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// A connection lost in flight: a COMMIT or a write outside a transaction has an unknown outcome (not
/// retryable); anything else failed for certain (retryable).
@Suite("Connections lost in flight")
struct OutcomeUnknownTests {
    /// Runs `body` with a database whose connections go through a proxy the test can cut, an admin database
    /// on the same server, the database's application name, and a fresh table `notes (text)`.
    static func withProxiedDatabase(
        on server: TestServer,
        _ body: (Database, Database, CuttableProxy, String, String) async throws -> Void
    ) async throws {
        let url = try TestDatabase.url(of: server)
        let components = try #require(URLComponents(string: url))
        let proxy = try await CuttableProxy.start(forwardingTo: try #require(components.host), port: components.port ?? 5432)
        var proxied = components
        proxied.port = proxy.port
        proxied.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        var configuration = try Database.clientConfiguration(url: try #require(proxied.string))
        let application = "taxiway-lost-" + UUID().uuidString.prefix(8).lowercased()
        configuration.options.additionalStartupParameters.append(("application_name", application))
        var quiet = Logger(label: "taxiway.tests.lost")
        quiet.logLevel = .critical
        let database = Database(configuration: configuration, logger: quiet)
        let admin = try Database(url: url, logger: quiet)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.run() }
                group.addTask { await admin.run() }
                defer { group.cancelAll() }
                let table = "tw_lost_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
                try await TestDatabase.sql(admin, "CREATE TABLE \(table) (text text)")
                try await TestDatabase.sql(admin, """
                    CREATE FUNCTION \(table)_slow() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(\(Self.slowSeconds)); RETURN NEW; END $$
                    """)
                do {
                    try await body(database, admin, proxy, application, table)
                } catch {
                    try? await TestDatabase.sql(admin, "DROP TABLE \(table)")
                    try? await TestDatabase.sql(admin, "DROP FUNCTION \(table)_slow()")
                    throw error
                }
                try await TestDatabase.sql(admin, "DROP TABLE \(table)")
                try await TestDatabase.sql(admin, "DROP FUNCTION \(table)_slow()")
            }
        } catch {
            await proxy.stop()
            throw error
        }
        await proxy.stop()
    }

    /// How long a slow statement sleeps on the server: the window in which a test sees it sleeping and cuts its
    /// connection. One second was once too short for a loaded 2-core machine (the read finished first).
    static let slowSeconds = 3

    /// Waits until the session named `application` sleeps in a statement whose text is `statement`.
    static func waitUntilSleeping(_ admin: Database, application: String, statement: String) async throws {
        var query = PostgresQuery(unsafeSQL: """
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = $1 AND state = 'active' AND wait_event = 'PgSleep' AND query = $2
            """)
        query.binds.append(application)
        query.binds.append(statement)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let row = try await admin.fetchOne(query, context: QueryContext(operation: "activity", table: "pg_stat_activity"))
            if try #require(row).decode(Int64.self) > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no session of \(application) slept in \(statement)")
        throw TestFailure()
    }

    /// Waits until `table` has `count` rows (the server finishes what it started after the cut).
    static func eventually(_ admin: Database, _ table: String, has count: Int64) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(Self.slowSeconds + 7)
        while ContinuousClock.now < deadline {
            if try await TestDatabase.count(admin, table) == count { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("a connection lost during COMMIT throws OutcomeUnknown, not retryable; the transaction did commit",
          arguments: TestServer.allCases)
    func lostDuringCommit(server: TestServer) async throws {
        try await Self.withProxiedDatabase(on: server) { database, admin, proxy, application, table in
            // A deferred trigger makes COMMIT itself slow.
            try await TestDatabase.sql(admin, """
                CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON \(table)
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION \(table)_slow()
                """)
            let outcome = Task { try await database.transaction { tx in
                try await TestDatabase.sql(tx, "INSERT INTO \(table) VALUES ('once')")
            } }
            try await Self.waitUntilSleeping(admin, application: application, statement: "COMMIT")
            await proxy.cut()
            let error = try #require(await #expect(throws: OutcomeUnknown.self) { try await outcome.value })
            #expect(!error.isRetryable)
            #expect(error.operation == "commit")
            // Why it must not be retried blindly: the server committed after the connection was gone.
            #expect(try await Self.eventually(admin, table, has: 1))
        }
    }

    @Test("a connection lost during an insert outside a transaction throws OutcomeUnknown; the row was inserted",
          arguments: TestServer.allCases)
    func lostDuringAutocommitInsert(server: TestServer) async throws {
        try await Self.withProxiedDatabase(on: server) { database, admin, proxy, application, table in
            try await TestDatabase.sql(admin, "CREATE TRIGGER slow_insert BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION \(table)_slow()")
            let insert = "INSERT INTO \(table) VALUES ('once')"
            let outcome = Task { try await database.execute(PostgresQuery(unsafeSQL: insert), context: QueryContext(operation: "insert", table: table)) }
            try await Self.waitUntilSleeping(admin, application: application, statement: insert)
            await proxy.cut()
            let error = try #require(await #expect(throws: OutcomeUnknown.self) { _ = try await outcome.value })
            #expect(!error.isRetryable)
            #expect(error.operation == "insert")
            #expect(try await Self.eventually(admin, table, has: 1))
        }
    }

    @Test("a connection lost during a read outside a transaction throws a retryable DatabaseUnavailable")
    func lostDuringRead() async throws {
        try await Self.withProxiedDatabase(on: .pg18) { database, admin, proxy, application, _ in
            let read = "SELECT pg_sleep(\(Self.slowSeconds))"
            let outcome = Task { try await database.execute(PostgresQuery(unsafeSQL: read), context: QueryContext(operation: "read", table: "-")) }
            try await Self.waitUntilSleeping(admin, application: application, statement: read)
            await proxy.cut()
            let error = try #require(await #expect(throws: DatabaseUnavailable.self) { _ = try await outcome.value })
            #expect(error.isRetryable)
        }
    }

    @Test("a connection lost inside a transaction before COMMIT throws a retryable DatabaseUnavailable; nothing is committed")
    func lostBeforeCommit() async throws {
        try await Self.withProxiedDatabase(on: .pg18) { database, admin, proxy, application, table in
            try await TestDatabase.sql(admin, "CREATE TRIGGER slow_insert BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION \(table)_slow()")
            let insert = "INSERT INTO \(table) VALUES ('never')"
            let outcome = Task { try await database.transaction { tx in
                try await TestDatabase.sql(tx, insert)
            } }
            try await Self.waitUntilSleeping(admin, application: application, statement: insert)
            await proxy.cut()
            let error = try #require(await #expect(throws: DatabaseUnavailable.self) { try await outcome.value })
            #expect(error.isRetryable)
            try await Task.sleep(for: .milliseconds(Self.slowSeconds * 1000 + 200))   // the server finishes the insert, then finds the client gone
            #expect(try await TestDatabase.count(admin, table) == 0)
        }
    }
}
