/// The ledger: the table `taxiway_migrations` in the migrated database, one row per migration, written
/// unit by unit in the same transaction as each unit (or right after a unit that cannot run in one).
///
/// A row's `units_done` counts the upgrade's completed units and `applied_at` is set with the last one;
/// a downgrade counts its units in `units_reverted` and deletes the row with its last unit. `checksum` is
/// the migration's checksum (`Checksums.migrationChecksum`), so an edited migration is refused.
public enum Ledger {
    /// The ledger table's name.
    public static let table = "taxiway_migrations"

    /// The key of the session-level advisory lock that keeps two migrators apart.
    public static let lockKey = "7210412903"

    /// `CREATE TABLE IF NOT EXISTS taxiway_migrations (…)`.
    public static let createTable = """
        CREATE TABLE IF NOT EXISTS \(table) (
            version        text        NOT NULL,
            checksum       text        NOT NULL,
            units_total    bigint      NOT NULL,
            units_done     bigint      NOT NULL,
            units_reverted bigint      NOT NULL DEFAULT 0,
            started_at     timestamptz NOT NULL DEFAULT now(),
            applied_at     timestamptz NULL,
            CONSTRAINT pk_\(table) PRIMARY KEY (version)
        )
        """

    /// Every row, in the order of `selectRows`'s columns, for `Row(_:)`.
    public static let selectRows = """
        SELECT version, checksum, units_total::text, units_done::text, units_reverted::text, (applied_at IS NOT NULL)::text
        FROM \(table) ORDER BY version
        """

    /// One row of the ledger.
    public struct Row: Sendable, Hashable {
        /// The migration's id.
        public let version: String
        /// The checksum it was applied with.
        public let checksum: String
        /// The units of its upgrade.
        public let unitsTotal: Int
        /// The upgrade's completed units.
        public let unitsDone: Int
        /// The downgrade's completed units.
        public let unitsReverted: Int
        /// Whether the upgrade completed.
        public let isApplied: Bool

        /// Whether the migration is applied and no downgrade has started.
        public var isComplete: Bool { isApplied && unitsReverted == 0 }

        /// Reads a row of `selectRows`.
        init?(_ values: [String?]) {
            guard values.count == 6, let version = values[0], let checksum = values[1],
                  let total = values[2].flatMap({ Int($0) }), let done = values[3].flatMap({ Int($0) }),
                  let reverted = values[4].flatMap({ Int($0) }) else { return nil }
            self.init(version: version, checksum: checksum, unitsTotal: total, unitsDone: done, unitsReverted: reverted,
                      isApplied: values[5] == "true")
        }

        /// Creates a row.
        public init(version: String, checksum: String, unitsTotal: Int, unitsDone: Int, unitsReverted: Int, isApplied: Bool) {
            self.version = version
            self.checksum = checksum
            self.unitsTotal = unitsTotal
            self.unitsDone = unitsDone
            self.unitsReverted = unitsReverted
            self.isApplied = isApplied
        }
    }

    /// Records unit `unit` of the upgrade of `migration` as done (and the migration as applied with its last unit).
    static func recordUp(_ migration: Migration, unit: Int) -> String {
        let total = migration.up.units.count
        return """
            INSERT INTO \(table) (version, checksum, units_total, units_done, applied_at)
            VALUES (\(SQLLiteral.string(migration.id)), \(SQLLiteral.string(migration.checksum)), \(total), \(unit), \(unit == total ? "now()" : "NULL"))
            ON CONFLICT (version) DO UPDATE SET units_done = EXCLUDED.units_done, applied_at = EXCLUDED.applied_at
            """
    }

    /// Records unit `unit` of the downgrade of `migration` as done; its last unit deletes the row.
    static func recordDown(_ migration: Migration, unit: Int) -> String {
        let total = migration.down?.units.count ?? 0
        if unit == total {
            return "DELETE FROM \(table) WHERE version = \(SQLLiteral.string(migration.id))"
        }
        return "UPDATE \(table) SET units_reverted = \(unit) WHERE version = \(SQLLiteral.string(migration.id))"
    }

    /// Whether an index is invalid: a `CREATE INDEX CONCURRENTLY` that failed left it behind.
    static func invalidIndexQuery(_ name: String) -> String {
        "SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(\(SQLLiteral.string(Naming.sqlIdentifier(name)))) AND NOT indisvalid)::text"
    }
}
