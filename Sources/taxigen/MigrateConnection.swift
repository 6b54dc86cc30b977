import Foundation
import PostgresNIO
import TaxigenCommands
import TaxigenCore

/// One PostgresNIO connection as the commands' `DatabaseSession`, for `migrate apply`, `db diff` and the
/// other commands that read or change a database.
final class PostgresMigrationConnection: DatabaseSession {
    private let connection: PostgresConnection
    private let logger: Logger

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Connects to `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    static func connect(url: String) async throws -> PostgresMigrationConnection {
        var logger = Logger(label: "taxigen.database")
        logger.logLevel = .error
        let configuration = try DatabaseURL.configuration(url)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return PostgresMigrationConnection(connection: connection, logger: logger)
        } catch {
            throw MigrationError("cannot connect to \(DatabaseURL.redacted(url)): \(DatabaseErrorText.describe(error))")
        }
    }

    func execute(_ sql: String) async throws {
        _ = try await run(sql)
    }

    func query(_ sql: String) async throws -> [[String?]] {
        try await run(sql)
    }

    /// Runs a statement, bounded by the life of the connection (`ConnectionWatch`): a lost session is
    /// `MigrationConnectionLost`, never a wait without end; any other error is `DatabaseErrorText`.
    private func run(_ sql: String) async throws -> [[String?]] {
        let connection = connection
        let logger = logger
        do {
            return try await ConnectionWatch.run(isClosed: { connection.isClosed }) {
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect().map { row in
                    try row.map { try $0.decode(String?.self) }
                }
            }
        } catch let lost as MigrationConnectionLost {
            throw lost
        } catch {
            if DatabaseErrorText.endsSession(error) { throw MigrationConnectionLost(reason: DatabaseErrorText.describe(error)) }
            throw DatabaseErrorText(error)
        }
    }

    /// Closes the connection.
    func close() async {
        try? await connection.close()
    }
}

/// A database error as one readable line: the server's message, hint and SQLSTATE. PostgreSQL's DETAIL is
/// left out: it quotes row values (`Key (email)=(ada@example.com) is duplicated.`, `Failing row contains
/// (…)`), which must not reach consoles and CI logs; the line says that it was withheld.
struct DatabaseErrorText: Error, CustomStringConvertible {
    let description: String

    init(_ error: any Error) {
        description = Self.describe(error)
    }

    /// Whether an error means the session is gone (the server ended it, or the connection closed).
    static func endsSession(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        if [.serverClosedConnection, .clientClosedConnection, .connectionError].contains(error.code) { return true }
        return MigrationConnectionLost.endsSession(sqlState: error.serverInfo?[.sqlState], severity: error.serverInfo?[.severity])
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        guard let info = error.serverInfo, let message = info[.message] else { return "\(error.code)" }
        var text = message
        if info[.detail] != nil { text += " (PostgreSQL's detail is not shown: it may quote row values)" }
        if let hint = info[.hint] { text += "; hint: \(hint)" }
        if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
        return text
    }
}

extension DatabaseURL {
    /// The connection a `postgres://` or `postgresql://` URL names: user and password percent-decoded, port 5432 by
    /// default, TLS as its `sslmode` says.
    static func configuration(_ url: String) throws -> PostgresConnection.Configuration {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              ["postgres", "postgresql"].contains(scheme.lowercased()), let host = components.host, !host.isEmpty else {
            throw MigrationError("the database URL must look like postgres://user:password@host:5432/database")
        }
        var path = components.percentEncodedPath.removingPercentEncoding ?? ""
        if path.hasPrefix("/") { path.removeFirst() }
        let user = components.percentEncodedUser?.removingPercentEncoding ?? "postgres"
        let password = components.percentEncodedPassword?.removingPercentEncoding
        let tls: PostgresConnection.Configuration.TLS
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer" {
        case "disable": tls = .disable
        case "allow", "prefer":
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            tls = .prefer(try .init(configuration: configuration))
        case "require":
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            tls = .require(try .init(configuration: configuration))
        case "verify-ca", "verify-full":
            tls = .require(try .init(configuration: .makeClientConfiguration()))
        case let other:
            throw MigrationError("unknown sslmode '\(other)' in the database URL")
        }
        return PostgresConnection.Configuration(host: host, port: components.port ?? 5432, username: user, password: password,
                                                database: path.isEmpty ? nil : path, tls: tls)
    }
}
