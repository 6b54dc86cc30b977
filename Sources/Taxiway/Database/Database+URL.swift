import Foundation
import Logging
import PostgresNIO

extension Database {
    /// A database over a new pooled client configured from a URL
    /// (`postgres://user:password@host:port/database?sslmode=disable`); see
    /// ``clientConfiguration(url:)``. Run ``run()`` before using it.
    public init(
        url: String,
        logger: Logger = Logger(label: "taxiway.database"),
        options: Options = Options(),
        backgroundLogger: Logger? = nil
    ) throws {
        let configuration = try Self.clientConfiguration(url: url)
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger ?? logger)
        self.init(client: client, logger: logger, options: options)
    }

    /// Parses a `postgres://` (or `postgresql://`) URL into a `PostgresClient.Configuration`.
    ///
    /// User, password and database name are percent-decoded; the port defaults to 5432. The
    /// `sslmode` query parameter chooses TLS: `disable`, `prefer` (the default, as in libpq),
    /// `require` (`verify-ca` and `verify-full` also require TLS and verify the certificate).
    /// The `maxConnections` query parameter sets the pool size.
    /// - Throws: ``IllegalArgument`` for a malformed URL (the message never repeats the password).
    public static func clientConfiguration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased())
        else {
            throw IllegalArgument(message: "a database URL must look like postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw IllegalArgument(message: "the database URL names no host")
        }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw IllegalArgument(message: "the database URL names no user")
        }
        let password = components.percentEncodedPassword?.removingPercentEncoding
        var path = components.percentEncodedPath.removingPercentEncoding ?? ""
        if path.hasPrefix("/") { path.removeFirst() }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "allow", "prefer":
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.certificateVerification = .none
            tls = .prefer(tlsConfiguration)
        case "require":
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.certificateVerification = .none
            tls = .require(tlsConfiguration)
        case "verify-ca", "verify-full":
            tls = .require(.makeClientConfiguration())
        case let other:
            throw IllegalArgument(message: "unknown sslmode \(other) in the database URL")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: password,
            database: path.isEmpty ? nil : path, tls: tls)
        if let max = query["maxConnections"] {
            guard let value = Int(max), value > 0 else {
                throw IllegalArgument(message: "maxConnections in the database URL must be a positive integer")
            }
            configuration.options.maximumConnections = value
        }
        return configuration
    }
}
