/// How `migrate new` treats renames and drops, from the project's config and the command's flags.
public struct MigrationPolicy: Sendable, Hashable {
    /// `migrations: { zero_downtime: true }`: `renamed_from` becomes an expand (the new column added beside the
    /// old one, kept in step by a trigger both ways, backfilled in batches), and a field may be removed only
    /// after a migration that had it `deprecated: true`.
    public var zeroDowntime = false
    /// `migrate new --contract`: the renames in progress (expanded by an earlier migration) are finished: the
    /// old column, its sync trigger and function are dropped, after the deploy (post-deploy units).
    /// Without it they are carried on unchanged.
    public var contract = false
    /// With `contract`, the renames in progress to finish, by table and old column; nil finishes every one.
    /// `migrate rebase` sets it to those the rebased migration finished, so that a rename the other branch
    /// expanded (its release not deployed yet) is carried on, not contracted with them.
    public var contractedColumns: Set<ColumnReference>?

    /// A column of a table, by name.
    public struct ColumnReference: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The table.
        public var table: String
        /// The column.
        public var column: String

        /// Creates a reference.
        public init(table: String, column: String) {
            self.table = table
            self.column = column
        }

        /// `table.column`.
        public var description: String { "\(table).\(column)" }

        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.table, lhs.column) < (rhs.table, rhs.column) }
    }

    /// The default policy: renames in place, drops at once, nothing contracted.
    public init(zeroDowntime: Bool = false, contract: Bool = false) {
        self.zeroDowntime = zeroDowntime
        self.contract = contract
    }

    /// Whether this migration finishes the rename in progress whose old column is `column` of `table`.
    func contracts(table: String, column: String) -> Bool {
        contract && (contractedColumns?.contains(ColumnReference(table: table, column: column)) ?? true)
    }
}
