import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL 18 (+ pgvector) server the migration tests run against, named by the variable that
/// `scripts/with-test-databases` sets. (The fixture revisions have a vector column, so PostgreSQL 15,
/// which has no pgvector here, cannot take them.)
enum TestServer {
    /// The variable holding the server's URL.
    static let variable = "TAXIWAY_TEST_DATABASE_URL"

    /// The server's URL; a missing variable is a failure with instructions, never a skip.
    static func url() throws -> URLComponents {
        let value = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        let text = try #require(value, """
            \(variable) is not set: the migration tests need a real PostgreSQL 18 with pgvector. Run them as \
            `scripts/with-test-databases swift test --filter MigrationTests` (after `scripts/bootstrap-tools`), \
            or through scripts/test.
            """)
        return try #require(URLComponents(string: text), "\(variable) is not a URL: \(text)")
    }

    /// The URL of a database of the server, as `taxigen --database` and psql take it.
    static func url(database: String) throws -> String {
        var url = try url()
        url.path = "/" + database
        url.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        return url.string!
    }

    /// A connection configuration for a database of the server (the URL's own database by default).
    static func configuration(database: String? = nil) throws -> PostgresConnection.Configuration {
        let url = try url()
        let host = try #require(url.host, "\(variable) names no host")
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        return PostgresConnection.Configuration(
            host: host, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: database ?? (path.isEmpty ? "postgres" : path), tls: .disable)
    }

    /// Connects to a database of the server.
    static func connect(database: String? = nil) async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: configuration(database: database), id: 1, logger: TestLog.logger)
    }

    /// Runs `body` with a new, empty database of its own (dropped afterwards), so tests run in parallel.
    static func withFreshDatabase<Result: Sendable>(
        _ body: (_ name: String) async throws -> Result
    ) async throws -> Result {
        let name = "mig_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let admin = try await connect()
        do {
            try await admin.run("CREATE DATABASE \(name)")
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
    static func withConnection<Result: Sendable>(
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
