/// A connection to the database a migration runs on, as `migrate apply` and `db diff` need it: the
/// command line and the tests provide one over PostgresNIO, so the core library needs no driver.
public protocol MigrationConnection: Sendable {
    /// Runs one statement (DDL, `BEGIN`, `COMMIT`, …) and ignores any rows.
    func execute(_ sql: String) async throws
    /// Runs a query whose columns are all `text` and returns its rows (NULL as nil).
    func query(_ sql: String) async throws -> [[String?]]
}

/// Refuses to migrate a production database.
///
/// A database is production when its setting `taxiway.environment` says so: set it once with
/// `ALTER DATABASE <name> SET taxiway.environment = 'production'` (or in `postgresql.conf`), and
/// `migrate apply` refuses every connection to it; production is migrated with the reviewed script of
/// `migrate sql`. The value is compared case-insensitively; `prod` counts too.
public enum ProductionGuard {
    /// The setting that marks a database's environment.
    public static let setting = "taxiway.environment"

    /// The environment the database says it is in, if any.
    public static func environment(of connection: some MigrationConnection) async throws -> String? {
        let rows = try await connection.query("SELECT current_setting('\(setting)', true)")
        guard let value = rows.first?.first ?? nil, !value.isEmpty else { return nil }
        return value
    }

    /// Whether an environment name means production.
    public static func isProduction(_ environment: String?) -> Bool {
        guard let environment else { return false }
        return ["production", "prod"].contains(environment.lowercased())
    }
}
