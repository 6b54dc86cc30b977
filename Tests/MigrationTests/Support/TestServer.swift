import Foundation
import Logging
import PostgresNIO
import Testing

/// The real PostgreSQL servers the migration tests run against, named by the variables that
/// `scripts/with-test-databases` sets: PostgreSQL 18 with pgvector (every fixture revision) and Debian's
/// PostgreSQL 15, the minimum supported version, which has no pgvector (the revisions without their vector
/// column).
enum TestServer: String, Sendable {
    /// PostgreSQL 18 with pgvector.
    case pg18 = "TAXIWAY_TEST_DATABASE_URL"
    /// PostgreSQL 15, without pgvector.
    case pg15 = "TAXIWAY_TEST_PG15_DATABASE_URL"

    /// The server's URL; a missing variable is a failure with instructions, never a skip.
    func url() throws -> URLComponents {
        let value = ProcessInfo.processInfo.environment[rawValue].flatMap { $0.isEmpty ? nil : $0 }
        let text = try #require(value, """
            \(rawValue) is not set: the migration tests need real PostgreSQL 18 (+ pgvector) and 15 servers. Run them as \
            `scripts/with-test-databases swift test --filter MigrationTests` (after `scripts/bootstrap-tools`), \
            or through scripts/test.
            """)
        return try #require(URLComponents(string: text), "\(rawValue) is not a URL: \(text)")
    }

    /// The URL of a database of the server, as `taxigen --database` and psql take it.
    func url(database: String) throws -> String {
        var url = try url()
        url.path = "/" + database
        url.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        return url.string!
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
        try await PostgresConnection.connect(configuration: configuration(database: database), id: 1, logger: TestLog.logger)
    }

    /// `pg18.url(database:)`.
    static func url(database: String) throws -> String { try pg18.url(database: database) }

    /// `pg18.connect(database:)`.
    static func connect(database: String? = nil) async throws -> PostgresConnection { try await pg18.connect(database: database) }

    /// `pg18.withFreshDatabase(_:)`.
    static func withFreshDatabase<Result: Sendable>(_ body: (_ name: String) async throws -> Result) async throws -> Result {
        try await pg18.withFreshDatabase(body)
    }

    /// `pg18.withConnection(to:_:)`.
    static func withConnection<Result: Sendable>(to database: String, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await pg18.withConnection(to: database, body)
    }

    /// Runs `body` with a new, empty database of its own (dropped afterwards), so tests run in parallel.
    /// It is marked `taxiway.environment = 'test'`, as `migrate apply` requires (a test of the guard
    /// changes or resets the mark).
    func withFreshDatabase<Result: Sendable>(
        _ body: (_ name: String) async throws -> Result
    ) async throws -> Result {
        let name = "mig_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let admin = try await connect()
        do {
            try await admin.run("CREATE DATABASE \(name)")
            try await admin.run("ALTER DATABASE \(name) SET taxiway.environment = 'test'")
            let result: Result
            do {
                result = try await body(name)
            } catch {
                try? await admin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try? await admin.close()
                throw error
            }
            try await admin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await admin.close()
            return result
        } catch {
            try? await admin.close()
            throw error
        }
    }

    /// Runs `body` on a connection to a database (closed afterwards).
    func withConnection<Result: Sendable>(
        to database: String, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await connect(database: database)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// The logger the tests hand PostgresNIO (quiet unless something is wrong).
enum TestLog {
    static let logger: Logger = {
        var logger = Logger(label: "taxigen.migration-tests")
        logger.logLevel = .warning
        return logger
    }()
}

extension PostgresConnection {
    /// Runs one unparameterized statement (DDL, or SQL written by the test).
    func run(_ sql: String) async throws {
        _ = try await query(PostgresQuery(unsafeSQL: sql), logger: TestLog.logger).collect()
    }

    /// Runs a query and returns its rows as text (every selected column must be text or cast to it).
    func texts(_ sql: String) async throws -> [[String?]] {
        try await query(PostgresQuery(unsafeSQL: sql), logger: TestLog.logger).collect().map { row in
            try row.map { try $0.decode(String?.self) }
        }
    }

    /// The first column of the first row of a query, as text.
    func text(_ sql: String) async throws -> String? {
        try await texts(sql).first?.first ?? nil
    }
}

/// The SQLSTATE and message of an error the server sent, if it is one.
func serverMessage(of error: any Error) -> String {
    guard let info = (error as? PSQLError)?.serverInfo else { return "\(error)" }
    return "\(info[.sqlState] ?? "?"): \(info[.message] ?? "")"
}
