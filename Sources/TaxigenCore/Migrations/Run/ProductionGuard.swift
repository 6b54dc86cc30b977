/// Refuses to migrate any database that does not say it is a development, staging or test database.
///
/// `migrate apply` is for development and staging; production is migrated with the reviewed script of
/// `migrate sql`. A database says what it is with its setting `taxiway.environment`, set once by whoever
/// owns it (`ALTER DATABASE <name> SET taxiway.environment = 'development'`, or in `postgresql.conf`):
/// only `development`, `staging` and `test` (any case, nothing around them) are migrated. Every other
/// value (`production`, `Production `, `prd`, `live`, a typo) is refused, and so is a database with no
/// value, unless the caller explicitly allows unmarked databases (`--allow-unmarked`, for a throwaway
/// database); no flag overrides a value that is not on the list.
public enum ProductionGuard {
    /// The setting that marks a database's environment.
    public static let setting = "taxiway.environment"

    /// The values `migrate apply` migrates.
    public static let allowedEnvironments = ["development", "staging", "test"]

    /// What the database says about itself: its setting (nil when unset or empty) and its name.
    public static func environment(of connection: some MigrationConnection) async throws -> (value: String?, database: String) {
        let rows = try await connection.query("SELECT current_setting('\(setting)', true), current_database()::text")
        let value = rows.first?.first ?? nil
        let database = (rows.first?.count ?? 0) > 1 ? rows[0][1] ?? "" : ""
        return (value.flatMap { $0.isEmpty ? nil : $0 }, database)
    }

    /// Whether an environment value allows `migrate apply`.
    public static func isAllowed(_ environment: String) -> Bool {
        allowedEnvironments.contains(environment.lowercased())
    }

    /// Why a database may not be migrated, or nil when it may.
    public static func refusal(environment: String?, database: String, allowUnmarked: Bool) -> MigrationError? {
        let mark = "ALTER DATABASE \(Naming.sqlIdentifier(database.isEmpty ? "<name>" : database)) SET \(setting) = 'development'"
        let list = allowedEnvironments.joined(separator: ", ")
        guard let environment else {
            if allowUnmarked { return nil }
            return MigrationError("refusing to migrate a database that does not say it is a development, staging or test database (\(setting) is not set)",
                                  hint: "mark it once: \(mark) (or 'staging', 'test'); for a throwaway database pass --allow-unmarked; production is migrated with the reviewed script of taxigen migrate sql")
        }
        if isAllowed(environment) { return nil }
        let shown = environment.count > 60 ? String(environment.prefix(60)) + "…" : environment
        return MigrationError("refusing to migrate: \(setting) is \(SQLLiteral.string(shown)), not one of \(list) (production is never migrated by apply)",
                              hint: "production is migrated by a DBA with the reviewed script: taxigen migrate sql; a development, staging or test database says so exactly: \(mark)")
    }
}
