import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// The real PostgreSQL server the database tests run against, named by `TAXIWAY_TEST_DATABASE_URL`.
///
/// Each test gets its own schema (dropped afterwards), so tests run in parallel without sharing tables.
enum TestDatabase {
    static let variable = "TAXIWAY_TEST_DATABASE_URL"

    /// The server's URL; records a failure (never a skip) when the variable is missing.
    static func url() throws -> String {
        let value = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        return try #require(
            value,
            "\(variable) is not set: run the database tests through scripts/test (it starts PostgreSQL 18 with pgvector and sets it)"
        )
    }

    /// The URL of `server`; records a failure (never a skip) when its variable is missing.
    static func url(of server: TestServer) throws -> String {
        let value = ProcessInfo.processInfo.environment[server.variable].flatMap { $0.isEmpty ? nil : $0 }
        return try #require(
            value, "\(server.variable) is not set: run the database tests through scripts/with-test-databases (or scripts/test)")
    }

    /// Runs `body` with a running ``Database`` on `server` (PostgreSQL 18 by default) and a fresh, empty schema name.
    static func withDatabase<Result>(
        on server: TestServer = .pg18,
        logger: Logger = Logger(label: "taxiway.tests"),
        options: Database.Options = Database.Options(),
        _ body: (Database, String) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(url: url(of: server), logger: logger, options: options, body)
    }

    /// Runs `body` with a running ``Database`` on the server at `url` and a fresh, empty schema name (dropped
    /// afterwards).
    static func withDatabase<Result>(
        url: String,
        logger: Logger,
        options: Database.Options,
        adminOptions: Database.Options = Database.Options(),
        _ body: (Database, String) async throws -> Result
    ) async throws -> Result {
        let database = try Database(url: url, logger: logger, options: options)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let schema = "tw_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            // The schema is made and dropped through a pool with the standard timeouts: a test that sets short
            // ones for the statements it tests must not see its DROP SCHEMA wait past them (on a lock a
            // terminated session still holds, or behind other tests' DDL).
            let admin = try await AdminPools.shared.database(url: url, options: adminOptions)
            try await admin.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"))
            do {
                let result = try await body(database, schema)
                try await admin.execute(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"))
                return result
            } catch {
                try? await admin.execute(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"))
                throw error
            }
        }
    }

    /// Runs set-up statements (CREATE TABLE, INSERT) on `server` through a pool with the standard timeouts,
    /// not through the test's own ``Database``: a test that sets a short lock, statement or idle timeout for
    /// the statements it tests must not see its set-up fail on them when the server is busy with other tests.
    static func setUp(_ server: TestServer, _ statements: String...) async throws {
        let admin = try await AdminPools.shared.database(url: url(of: server))
        for statement in statements { try await sql(admin, statement) }
    }

    /// Runs DDL or other unparameterized SQL.
    static func sql(_ database: some DatabaseExecutor, _ text: String) async throws {
        try await database.execute(PostgresQuery(unsafeSQL: text))
    }

    /// `SELECT count(*)` of a table.
    static func count(_ database: some DatabaseExecutor, _ table: String) async throws -> Int64 {
        let row = try await database.fetchOne(
            PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), context: QueryContext(operation: "count", table: table))
        return try #require(row).decode(Int64.self)
    }
}

/// The test servers scripts/with-test-databases starts: tests that must hold on every supported major version
/// take it as an argument.
enum TestServer: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case pg18, pg15

    /// The environment variable naming the server's URL.
    var variable: String {
        switch self {
        case .pg18: "TAXIWAY_TEST_DATABASE_URL"
        case .pg15: "TAXIWAY_TEST_PG15_DATABASE_URL"
        }
    }

    var testDescription: String { rawValue == "pg18" ? "PostgreSQL 18" : "PostgreSQL 15" }
}

/// The PgBouncers scripts/with-test-databases starts in front of the test servers, in transaction-pooling mode with
/// at most 8 server sessions per database (so concurrent clients share sessions).
enum PgBouncerServer: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case pg18, pg15

    /// The environment variable naming the PgBouncer's URL.
    var variable: String {
        switch self {
        case .pg18: "TAXIWAY_TEST_PGBOUNCER_DATABASE_URL"
        case .pg15: "TAXIWAY_TEST_PG15_PGBOUNCER_DATABASE_URL"
        }
    }

    /// The server behind it.
    var server: TestServer { self == .pg18 ? .pg18 : .pg15 }

    /// The most server sessions the PgBouncer opens per database and user (`default_pool_size`).
    static let poolSize = 8

    var testDescription: String { "PgBouncer → \(server.testDescription)" }
}

extension TestDatabase {
    /// Runs `body` with a running ``Database`` that reaches `bouncer`'s server through PgBouncer
    /// (``Database/Pooling/transactionPooler``) and a fresh, empty schema name.
    static func withDatabase<Result>(
        through bouncer: PgBouncerServer,
        logger: Logger = Logger(label: "taxiway.tests"),
        options: Database.Options = Database.Options(pooling: .transactionPooler),
        _ body: (Database, String) async throws -> Result
    ) async throws -> Result {
        let value = ProcessInfo.processInfo.environment[bouncer.variable].flatMap { $0.isEmpty ? nil : $0 }
        let url = try #require(
            value, "\(bouncer.variable) is not set: run the tests through scripts/with-test-databases (it starts PgBouncer)")
        return try await withDatabase(url: url + "?maxConnections=64", logger: logger, options: options,
                                      adminOptions: Database.Options(pooling: .transactionPooler), body)
    }
}

/// One ``Database`` per server URL with the standard timeouts, for making and dropping the tests' schemas and
/// tables: started on first use, it runs until the test process ends.
///
/// Its connection wait is long: every test of the process makes and drops its schema through it, a DROP SCHEMA
/// can wait for a lock behind a test's slow statement, and on a loaded 2-core machine the tests waiting for it
/// once passed the 10-second default all at once. That wait is set-up, not what the tests test.
actor AdminPools {
    static let shared = AdminPools()
    private var pools: [String: Database] = [:]

    /// How long a test waits for one of an admin pool's connections.
    static let connectionWaitTimeout: Duration = .seconds(120)

    /// The pool of `url`, made with `options` (through a pooler, ``Database/Pooling/transactionPooler``) and
    /// ``connectionWaitTimeout`` the first time.
    func database(url: String, options: Database.Options = Database.Options()) throws -> Database {
        if let pool = pools[url] { return pool }
        var options = options
        options.connectionWaitTimeout = Self.connectionWaitTimeout
        let pool = try Database(url: url, logger: Logger(label: "taxiway.tests.admin"), options: options)
        Task.detached { await pool.run() }
        pools[url] = pool
        return pool
    }
}
