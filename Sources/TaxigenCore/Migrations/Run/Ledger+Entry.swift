/// The ledger as `migrate status` reads it: every column of every row, times included, without creating
/// the table or taking the migrators' lock.
extension Ledger {
    /// Whether the ledger table exists (`"true"` or `"false"`).
    public static let existsQuery = "SELECT (to_regclass('\(table)') IS NOT NULL)::text"

    /// Every row with its times in UTC (ISO 8601), in the order of `Entry(_:)`.
    public static let selectEntries = """
        SELECT version, checksum, units_total::text, units_done::text, units_reverted::text,
               to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        FROM \(table) ORDER BY version
        """

    /// A row of the ledger with its times.
    public struct Entry: Sendable, Hashable {
        /// The row (version, checksum, units).
        public let row: Row
        /// When the upgrade's first unit was recorded (UTC, ISO 8601).
        public let startedAt: String?
        /// When the upgrade's last unit was recorded (UTC, ISO 8601); nil while it is partly applied.
        public let appliedAt: String?

        /// Reads a row of `selectEntries`.
        public init?(_ values: [String?]) {
            guard values.count == 7,
                  let row = Row(Array(values[0..<5]) + [values[6] == nil ? "false" : "true"]) else { return nil }
            self.init(row: row, startedAt: values[5], appliedAt: values[6])
        }

        /// Creates an entry.
        public init(row: Row, startedAt: String?, appliedAt: String?) {
            self.row = row
            self.startedAt = startedAt
            self.appliedAt = appliedAt
        }
    }

    /// Reads the ledger of a database without writing anything: nil when it has no ledger table.
    public static func entries(on connection: some MigrationConnection) async throws -> [Entry]? {
        guard try await connection.query(existsQuery).first?.first == "true" else { return nil }
        return try await connection.query(selectEntries).map { values in
            guard let entry = Entry(values) else { throw MigrationError("the ledger \(table) has a row taxigen cannot read") }
            return entry
        }
    }
}
