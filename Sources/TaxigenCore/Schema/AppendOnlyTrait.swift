/// How an append-only entity (`append_only:` in its spec) is stored: rows are only ever inserted, so the
/// table has no `updated_at`, `deleted_at` or `version` and no touch trigger; a trigger refuses every
/// UPDATE and DELETE; keys are time-ordered (UUID version 7, made by the repository).
public struct AppendOnlyTrait: Sendable, Equatable {
    /// The time intervals a partitioned table is split by.
    public enum Interval: String, Sendable, Equatable, CaseIterable {
        /// One partition per UTC day.
        case day
        /// One partition per ISO week (from Monday 00:00 UTC).
        case week
        /// One partition per UTC calendar month.
        case month
    }

    /// Range partitioning by the append time (`append_only: { partition: … }`).
    public struct Partitioning: Sendable, Equatable {
        /// The column the table is partitioned by (`created_at`, the only one the database sets itself).
        public var column: String
        /// How much time one partition holds.
        public var interval: Interval
        /// How many partitions after the current one the maintenance function keeps ready (its default).
        public var ahead: Int

        /// The default of `ahead`.
        public static let defaultAhead = 3
        /// The values `ahead` may take.
        public static let aheadRange = 1...366

        /// Creates the settings.
        public init(column: String = "created_at", interval: Interval, ahead: Int = defaultAhead) {
            self.column = column
            self.interval = interval
            self.ahead = ahead
        }
    }

    /// Range partitioning by time, or nil for one plain table.
    public var partitioning: Partitioning?
    /// Where the spec says `append_only:`.
    public var location: SourceLocation

    /// Creates the trait.
    public init(partitioning: Partitioning? = nil, location: SourceLocation) {
        self.partitioning = partitioning
        self.location = location
    }
}
