import Foundation
import Logging
import PostgresNIO
import TaxigenCore
import Taxiway
import Testing

/// The real PostgreSQL servers the tenancy tests run on (`scripts/with-test-databases` names them).
enum TenancyServer: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case pg18 = "TAXIWAY_TEST_DATABASE_URL"
    case pg15 = "TAXIWAY_TEST_PG15_DATABASE_URL"

    var testDescription: String { self == .pg18 ? "PostgreSQL 18" : "PostgreSQL 15" }

    /// The server's URL; a missing variable is a failure with instructions, never a skip.
    func url() throws -> URLComponents {
        let value = ProcessInfo.processInfo.environment[rawValue].flatMap { $0.isEmpty ? nil : $0 }
        let text = try #require(value, "\(rawValue) is not set: run the tenancy tests through scripts/with-test-databases (or scripts/test)")
        return try #require(URLComponents(string: text))
    }

    /// The URL of `database` on the server, as `user` (the URL's own user when nil).
    func url(database: String, user: (name: String, password: String)? = nil) throws -> String {
        var url = try url()
        url.path = "/" + database
        if let user {
            url.user = user.name
            url.password = user.password
        }
        return url.string!
    }
}

/// What one isolation test works with: a fresh database with the tenancy fixture's `schema.sql` applied by its
/// owner (the test server's superuser, as migrations run), and the application's role.
struct TenancyDatabases: Sendable {
    /// The owner (a superuser): applies the schema and sees every tenant's rows.
    let owner: Database
    /// The application's role: LOGIN, no superuser, no BYPASSRLS, not the owner; SELECT, INSERT, UPDATE, DELETE.
    let app: Database
    /// The application role's name.
    let appRole: String

    /// The tenancy fixture's `schema.sql`.
    static let schemaPath = TenancySpecs.root + "/Tests/Fixtures/Tenancy/Generated/SQL/schema.sql"

    /// Runs `body` on a fresh database of `server` with the schema (or `schema`) applied and an application role;
    /// drops both afterwards.
    static func with<Result: Sendable>(on server: TenancyServer, schema: String? = nil,
                                       _ body: (TenancyDatabases) async throws -> Result) async throws -> Result {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let name = "tenancy_\(suffix)"
        let role = "tenancy_app_\(suffix)"
        let password = "app-\(suffix)"
        let logger = Logger(label: "taxiway.tenancy-tests")
        let admin = try Database(url: try server.url(database: try server.url().path.trimmingCharacters(in: ["/"])), logger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await admin.run() }
            defer { group.cancelAll() }
            try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            try await admin.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN PASSWORD '\(password)' NOSUPERUSER NOBYPASSRLS"))
            do {
                let result = try await withOwnerAndApp(server: server, database: name, role: role, password: password,
                                                      schema: schema ?? String(contentsOfFile: schemaPath, encoding: .utf8),
                                                      logger: logger, body)
                try await drop(name, role, on: admin)
                return result
            } catch {
                try? await drop(name, role, on: admin)
                throw error
            }
        }
    }

    private static func drop(_ database: String, _ role: String, on admin: Database) async throws {
        try await admin.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"))
        try await admin.execute(PostgresQuery(unsafeSQL: "DROP ROLE IF EXISTS \(role)"))
    }

    private static func withOwnerAndApp<Result: Sendable>(
        server: TenancyServer, database: String, role: String, password: String, schema: String, logger: Logger,
        _ body: (TenancyDatabases) async throws -> Result
    ) async throws -> Result {
        let owner = try Database(url: try server.url(database: database), logger: logger)
        let app = try Database(url: try server.url(database: database, user: (role, password)), logger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await owner.run() }
            group.addTask { await app.run() }
            defer { group.cancelAll() }
            for statement in SQLScript(schema).statements where !["BEGIN", "COMMIT"].contains(statement.text.uppercased()) {
                try await owner.execute(PostgresQuery(unsafeSQL: statement.text))
            }
            for grant in [
                "GRANT CONNECT ON DATABASE \(database) TO \(role)", "GRANT USAGE ON SCHEMA public TO \(role)",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)",
            ] {
                try await owner.execute(PostgresQuery(unsafeSQL: grant))
            }
            return try await body(TenancyDatabases(owner: owner, app: app, appRole: role))
        }
    }
}

extension DatabaseExecutor {
    /// The first column of the first row of `sql`, as text.
    func text(_ sql: String) async throws -> String? {
        let row = try await fetchOne(PostgresQuery(unsafeSQL: sql), context: QueryContext(operation: "test", table: "-"))
        return try row?.decode(String?.self)
    }

    /// Runs `sql` for its effect; returns the rows it affected.
    @discardableResult
    func affected(_ sql: String) async throws -> Int {
        try await execute(PostgresQuery(unsafeSQL: sql), context: QueryContext(operation: "test", table: "-"))
    }

    /// Sets the tenant of the current transaction, as Taxiway does for a caller's transaction.
    func setTenant(_ tenant: UUID?) async throws {
        var bindings = PostgresBindings()
        bindings.append(tenant?.uuidString.lowercased() ?? "")
        try await execute(PostgresQuery(unsafeSQL: "SELECT set_config('taxiway.tenant', $1, true)", binds: bindings),
                          context: QueryContext(operation: "test", table: "-"))
    }
}

/// The SQLSTATE of a database error, if `error` is one.
func sqlState(of error: any Error) -> String? {
    if let error = error as? DatabaseError { return error.sqlState }
    if let error = error as? IllegalArgument { return error.sqlState }
    if error is DuplicateEntity { return "23505" }
    return (error as? PSQLError)?.serverInfo?[.sqlState]
}

/// The server's own message of a database error (Taxiway's errors name only the SQLSTATE class), or the error.
func serverMessage(of error: any Error) -> String {
    let underlying = (error as? DatabaseError)?.underlying ?? error
    if let psql = underlying as? PSQLError, let message = psql.serverInfo?[.message] {
        return message + (psql.serverInfo?[.hint].map { " (hint: \($0))" } ?? "")
    }
    return String(reflecting: error)
}
