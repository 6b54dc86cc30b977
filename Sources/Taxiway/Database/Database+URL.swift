import Foundation
import Logging
import PostgresNIO

extension Database {
    /// A database over a new pooled client configured from a URL
    /// (`postgres://user:password@host:port/database?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem`); see
    /// ``clientConfiguration(url:)``. Its connections carry ``Options/timeouts`` as startup parameters (with
    /// ``Pooling/direct``). Run ``run()`` before using it.
    public init(
        url: String,
        logger: Logger = Logger(label: "taxiway.database"),
        options: Options = Options(),
        backgroundLogger: Logger? = nil
    ) throws {
        let configuration = try Self.clientConfiguration(url: url)
        self.init(configuration: configuration, logger: logger, options: options, backgroundLogger: backgroundLogger)
    }

    /// Parses a `postgres://` (or `postgresql://`) URL into a `PostgresClient.Configuration`.
    ///
    /// User, password and database name are percent-decoded; the port defaults to 5432. The query
    /// parameters, as in libpq:
    ///
    /// - `sslmode`: `disable`; `allow` or `prefer` (the default: TLS when the server offers it, the
    ///   certificate unchecked); `require` (TLS, the certificate unchecked unless `sslrootcert` is given, which
    ///   makes it `verify-ca`, as in libpq); `verify-ca` (TLS, the certificate must chain to a trusted root);
    ///   `verify-full` (also, the certificate must name the host: a DNS name, or an IP address when the URL's
    ///   host is one).
    /// - `sslrootcert`: a PEM file of the certificate authorities to trust, or `system` for the system's
    ///   roots (the default of `verify-ca` and `verify-full`; libpq's default file `~/.postgresql/root.crt` is
    ///   not read).
    /// - `maxConnections`: the pool size.
    /// - Throws: ``IllegalArgument`` for a malformed URL, an unknown `sslmode`, or an `sslrootcert` file that
    ///   cannot be read (the message never repeats the password).
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
        let tls = try tlsMode(sslmode: query["sslmode"], sslrootcert: query["sslrootcert"])
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

    /// The TLS mode of `sslmode` and `sslrootcert` (see ``clientConfiguration(url:)``).
    static func tlsMode(sslmode: String?, sslrootcert: String?) throws -> PostgresClient.Configuration.TLS {
        var mode = sslmode ?? "prefer"
        if mode == "require", sslrootcert != nil { mode = "verify-ca" }
        switch mode {
        case "disable":
            return .disable
        case "allow", "prefer":
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.certificateVerification = .none
            return .prefer(tlsConfiguration)
        case "require":
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.certificateVerification = .none
            return .require(tlsConfiguration)
        case "verify-ca", "verify-full":
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.certificateVerification = mode == "verify-ca" ? .noHostnameVerification : .fullVerification
            switch sslrootcert {
            case nil, "system":
                tlsConfiguration.trustRoots = .default
            case let file?:
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw IllegalArgument(message: "sslrootcert in the database URL names no readable file: \(file)")
                }
                // Read now, so a file that holds no certificate is refused here rather than at every connect.
                let roots = (try? NIOSSLCertificate.fromPEMFile(file)) ?? []
                guard !roots.isEmpty else {
                    throw IllegalArgument(message: "sslrootcert in the database URL is not a PEM certificate file: \(file)")
                }
                tlsConfiguration.trustRoots = .certificates(roots)
            }
            return .require(tlsConfiguration)
        case let other:
            throw IllegalArgument(message: "unknown sslmode \(other) in the database URL")
        }
    }
}
