import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// `sslmode` and `sslrootcert` against the PostgreSQL 15 test server, which scripts/with-test-databases starts
/// with `ssl = on` and a certificate for the name `localhost`, signed by a throwaway CA.
@Suite("TLS")
struct TLSTests {
    /// The PEM file named by `variable`.
    static func file(_ variable: String) throws -> String {
        let value = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        return try #require(value, "\(variable) is not set: run the tests through scripts/with-test-databases, which starts PostgreSQL 15 with TLS")
    }

    /// The test server's URL with `host` and the query `parameters`.
    static func url(host: String = "127.0.0.1", _ parameters: [String: String]) throws -> String {
        var components = try #require(URLComponents(string: try TestDatabase.url(of: .pg15)))
        components.host = host
        components.queryItems = parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return try #require(components.string)
    }

    /// Whether a statement through a database for `url` runs on a TLS connection.
    static func usesTLS(_ url: String) async throws -> Bool {
        var quiet = Logger(label: "taxiway.tests.tls")
        quiet.logLevel = .critical
        let database = try Database(url: url, logger: quiet, options: Database.Options(connectionWaitTimeout: .seconds(10)))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let row = try await database.fetchOne(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", context: QueryContext(operation: "ssl", table: "-"))
            return try #require(row).decode(Bool.self)
        }
    }

    /// The error a statement through a database for `url` fails with, and what the pool logged while connecting.
    static func refusal(_ url: String) async throws -> (error: any Error, log: String) {
        let capture = LogCapture()
        var quiet = Logger(label: "taxiway.tests.tls")
        quiet.logLevel = .critical
        // The wait leaves a loaded machine time to start the pool and fail a handshake before the lease gives up.
        let database = try Database(url: url, logger: quiet, options: Database.Options(connectionWaitTimeout: .seconds(6)),
                                    backgroundLogger: capture.logger())
        return await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            do {
                try await database.execute("SELECT 1")
                Issue.record("the connection was accepted")
                throw TestFailure()
            } catch {
                let log = capture.records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
                return (error, log)
            }
        }
    }

    @Test("verify-ca with sslrootcert trusts the server's CA: the connection is encrypted")
    func verifyCA() async throws {
        let url = try Self.url(["sslmode": "verify-ca", "sslrootcert": try Self.file("TAXIWAY_TEST_TLS_ROOT_CERT")])
        #expect(try await Self.usesTLS(url))
    }

    @Test("verify-full accepts the host name the certificate names")
    func verifyFullByName() async throws {
        let url = try Self.url(host: "localhost", ["sslmode": "verify-full", "sslrootcert": try Self.file("TAXIWAY_TEST_TLS_ROOT_CERT")])
        #expect(try await Self.usesTLS(url))
    }

    @Test("verify-full refuses a host the certificate does not name, with a retryable DatabaseUnavailable")
    func verifyFullWrongName() async throws {
        let url = try Self.url(["sslmode": "verify-full", "sslrootcert": try Self.file("TAXIWAY_TEST_TLS_ROOT_CERT")])
        // The same server, CA and mode by the name the certificate holds connects, so the name alone is refused.
        let named = try Self.url(host: "localhost", ["sslmode": "verify-full", "sslrootcert": try Self.file("TAXIWAY_TEST_TLS_ROOT_CERT")])
        #expect(try await Self.usesTLS(named))
        let (error, _) = try await Self.refusal(url)
        #expect(error is DatabaseUnavailable, "\(error)")
    }

    @Test("verify-ca refuses a server whose certificate another CA signed", arguments: ["verify-ca", "verify-full", "require"])
    func wrongCA(sslmode: String) async throws {
        // With sslrootcert, require verifies the CA too, as in libpq.
        let url = try Self.url(host: "localhost", ["sslmode": sslmode, "sslrootcert": try Self.file("TAXIWAY_TEST_TLS_OTHER_ROOT_CERT")])
        // The same server, host and mode with the server's own CA connects, so the CA alone is refused.
        let trusted = try Self.url(host: "localhost", ["sslmode": sslmode, "sslrootcert": try Self.file("TAXIWAY_TEST_TLS_ROOT_CERT")])
        #expect(try await Self.usesTLS(trusted))
        let (error, _) = try await Self.refusal(url)
        #expect(error is DatabaseUnavailable, "\(error)")
    }

    @Test("require without sslrootcert encrypts without checking the certificate; disable does not encrypt")
    func requireAndDisable() async throws {
        #expect(try await Self.usesTLS(try Self.url(["sslmode": "require"])))
        #expect(try await Self.usesTLS(try Self.url(["sslmode": "disable"])) == false)
    }

    @Test("an unreadable or non-PEM sslrootcert and an unknown sslmode are refused when the URL is parsed")
    func malformed() throws {
        #expect(throws: IllegalArgument.self) {
            try Database.clientConfiguration(url: "postgres://u:secret@localhost/db?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem")
        }
        let notPEM = FileManager.default.temporaryDirectory.appendingPathComponent("taxiway-not-a-cert-\(UUID().uuidString).pem").path
        try "not a certificate".write(toFile: notPEM, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: notPEM) }
        let error = try #require(#expect(throws: IllegalArgument.self) {
            try Database.clientConfiguration(url: "postgres://u:secret@localhost/db?sslmode=verify-full&sslrootcert=\(notPEM)")
        })
        #expect(!error.description.contains("secret"))
        #expect(throws: IllegalArgument.self) {
            try Database.clientConfiguration(url: "postgres://u@localhost/db?sslmode=verify-everything")
        }
        // The system's roots: parsed, nothing read.
        _ = try Database.clientConfiguration(url: "postgres://u@localhost/db?sslmode=verify-full&sslrootcert=system")
    }
}
