import Foundation
import Logging
import PostgresNIO
import Testing

/// The two real PostgreSQL servers the DDL tests run against, each named by an environment variable
/// that `scripts/with-test-databases` sets.
enum TestServer: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// PostgreSQL 18 with pgvector.
    case pg18 = "TAXIWAY_TEST_DATABASE_URL"
    /// Debian's PostgreSQL 15, the minimum supported version, without pgvector.
    case pg15 = "TAXIWAY_TEST_PG15_DATABASE_URL"

    var testDescription: String { self == .pg18 ? "PostgreSQL 18 + pgvector" : "PostgreSQL 15" }

    /// Whether the server has pgvector, so that the whole example schema applies.
    var hasVector: Bool { self == .pg18 }

    /// The server's URL; a missing variable is a failure with instructions, never a skip.
    func url() throws -> URLComponents {
        let value = ProcessInfo.processInfo.environment[rawValue].flatMap { $0.isEmpty ? nil : $0 }
        let text = try #require(value, """
            \(rawValue) is not set: the DDL tests need a real \(testDescription). Run them as \
            `scripts/with-test-databases swift test --filter DDLTests` (after `scripts/bootstrap-tools`), \
            or through scripts/test.
            """)
        return try #require(URLComponents(string: text), "\(rawValue) is not a URL: \(text)")
    }

    /// A connection configuration for a database of the server (the URL's own database by default).
    func configuration(database: String? = nil) throws -> PostgresConnection.Configuration {
        let url = try url()
        let host = try #require(url.host, "\(rawValue) names no host")
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        return PostgresConnection.Configuration(
            host: host, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: database ?? (path.isEmpty ? "postgres" : path), tls: .disable)
    }

    /// Connects to a database of the server.
    func connect(database: String? = nil) async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: configuration(database: database), id: 1,
                                             logger: TestLog.logger)
    }

    /// Runs `body` in a new, empty database of its own, dropped afterwards, so tests run in parallel.
    func withFreshDatabase<Result: Sendable>(
        _ body: (PostgresConnection, _ name: String) async throws -> Result
    ) async throws -> Result {
        let name = "ddl_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let admin = try await connect()
        do {
            try await admin.run("CREATE DATABASE \(name)")
            let connection = try await connect(database: name)
            let result: Result
            do {
                result = try await body(connection, name)
            } catch {
                try? await connection.close()
                try? await admin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try? await admin.close()
                throw error
            }
            try await connection.close()
            try await admin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await admin.close()
            return result
        } catch {
            try? await admin.close()
            throw error
        }
    }
}

/// The logger the tests hand PostgresNIO (quiet unless something is wrong).
enum TestLog {
    static let logger: Logger = {
        var logger = Logger(label: "taxigen.ddl-tests")
        logger.logLevel = .warning
        return logger
    }()
}

extension PostgresConnection {
    /// Runs one unparameterized statement (DDL, or SQL written by the test).
    func run(_ sql: String) async throws {
        _ = try await query(PostgresQuery(unsafeSQL: sql), logger: TestLog.logger).collect()
    }

    /// Runs a query and returns its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.query(query, logger: TestLog.logger).collect()
    }

    /// Runs a query that returns one row.
    func row(_ query: PostgresQuery) async throws -> PostgresRow {
        let rows = try await rows(query)
        return try #require(rows.first, "no row from: \(query.sql)")
    }
}

/// The SQLSTATE of an error the server sent, if it is one.
func sqlState(of error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.sqlState]
}

/// The constraint a server error names, if any.
func constraintName(of error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.constraintName]
}

/// Expects `body` to fail with a server error of `state` (and, when given, naming `constraint`).
func expectRefusal(_ state: String, constraint: String? = nil, _ what: String,
                   sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("\(what): accepted, expected SQLSTATE \(state)", sourceLocation: sourceLocation)
    } catch {
        #expect(sqlState(of: error) == state, "\(what): \(String(reflecting: error))", sourceLocation: sourceLocation)
        if let constraint {
            #expect(constraintName(of: error) == constraint, "\(what): constraint", sourceLocation: sourceLocation)
        }
    }
}
