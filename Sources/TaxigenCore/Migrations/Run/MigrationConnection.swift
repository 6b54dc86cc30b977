/// A connection to the database a migration runs on, as `migrate apply` and `db diff` need it: the
/// command line and the tests provide one over PostgresNIO, so the core library needs no driver.
public protocol MigrationConnection: Sendable {
    /// Runs one statement (DDL, `BEGIN`, `COMMIT`, …) and ignores any rows.
    func execute(_ sql: String) async throws
    /// Runs a query whose columns are all `text` and returns its rows (NULL as nil).
    func query(_ sql: String) async throws -> [[String?]]
}
