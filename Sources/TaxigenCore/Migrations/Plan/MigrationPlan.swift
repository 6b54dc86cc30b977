/// A planned migration: what it changes, its units in each direction, and what a reviewer must know.
public struct MigrationPlan: Sendable {
    /// One line per change, for the file header and the command's output.
    public var summary: [String] = []
    /// What deserves a second look: table rewrites, dropped data, statements that can fail on existing rows.
    public var warnings: [String] = []
    /// The units of the upgrade.
    public var up: [MigrationUnit] = []
    /// The units of the downgrade; empty when the migration is irreversible.
    public var down: [MigrationUnit] = []
    /// Where a data step goes among `up`: after the catalog changes and the generated backfills, before
    /// indexes, validations and `SET NOT NULL` (see `UnitBuilder`).
    public var dataStepPosition = 0
    /// Why no downgrade is written; empty when there is one.
    public var irreversibleReasons: [String] = []

    /// Whether a downgrade is written.
    public var isReversible: Bool { irreversibleReasons.isEmpty }
}
