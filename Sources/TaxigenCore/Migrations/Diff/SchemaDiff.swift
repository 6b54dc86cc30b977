/// What one migration changes: the difference between the last migration's snapshot and the specs,
/// with renames resolved through `renamed_from`.
public struct SchemaDiff: Sendable {
    /// Extensions the schema starts to need.
    public var addedExtensions: [String] = []
    /// Extensions the schema no longer needs.
    public var removedExtensions: [String] = []
    /// Functions the schema starts to need.
    public var addedFunctions: [String] = []
    /// Functions the schema no longer needs.
    public var removedFunctions: [String] = []
    /// New tables (their snapshots after the migration).
    public var createdTables: [TableSnapshot] = []
    /// Tables that go away (their snapshots before).
    public var droppedTables: [TableSnapshot] = []
    /// Tables that exist before and after and change.
    public var alteredTables: [TableDiff] = []
    /// Histories that start, end or follow their table's columns.
    public var history = HistoryDiff()
    /// Tables renamed through `renamed_from` of their entity (renamed first; `alteredTables` then start from
    /// the new names).
    public var renamedTables: [TableRename] = []
    /// Enum values renamed through `renamed_values` (rows rewritten).
    public var renamedEnumValues: [EnumValueRename] = []

    /// Whether nothing changes.
    public var isEmpty: Bool {
        addedExtensions.isEmpty && removedExtensions.isEmpty && addedFunctions.isEmpty && removedFunctions.isEmpty
            && createdTables.isEmpty && droppedTables.isEmpty && alteredTables.isEmpty && history.isEmpty
            && renamedTables.isEmpty && renamedEnumValues.isEmpty
    }
}

/// A name that changes.
public struct Rename: Sendable, Hashable {
    /// The name before.
    public let from: String
    /// The name after.
    public let to: String
}

/// How one existing table changes.
public struct TableDiff: Sendable {
    /// The table before.
    public let old: TableSnapshot
    /// The table after.
    public let new: TableSnapshot
    /// Columns renamed through `renamed_from`.
    public var renamedColumns: [Rename] = []
    /// New columns.
    public var addedColumns: [ColumnSnapshot] = []
    /// Columns that go away (with their values).
    public var droppedColumns: [ColumnSnapshot] = []
    /// Columns whose type, nullability, default or comment change (after renames).
    public var changedColumns: [ColumnDiff] = []
    /// Indexes that only change their name (their column was renamed).
    public var renamedIndexes: [Rename] = []
    /// Indexes dropped, or dropped to be created again with another definition (as they were).
    public var droppedIndexes: [IndexSnapshot] = []
    /// Indexes created, or created again with another definition (as they will be).
    public var createdIndexes: [IndexSnapshot] = []
    /// CHECK constraints that only change their name.
    public var renamedChecks: [Rename] = []
    /// CHECK constraints dropped, or dropped to be added again with another body (as they were).
    public var droppedChecks: [CheckSnapshot] = []
    /// CHECK constraints added, or added again with another body (as they will be).
    public var addedChecks: [CheckSnapshot] = []
    /// Renames that start as an expand (`zero_downtime`): the new column is among `addedColumns`, the old one
    /// stays, and a trigger keeps them in step (see `PendingRenames`).
    public var expandedColumns: [Rename] = []
    /// Renames in progress that this migration finishes (`migrate new --contract`): the old column is among
    /// `droppedColumns`, and its sync trigger and function go with it, after the deploy.
    public var contractedColumns: [Rename] = []
    /// Columns that become deprecated or stop being deprecated, as they are after.
    public var deprecationChanges: [ColumnSnapshot] = []

    /// Creates the diff of a table, empty.
    public init(old: TableSnapshot, new: TableSnapshot) {
        self.old = old
        self.new = new
    }

    /// The table name (the same before and after).
    public var table: String { new.name }

    /// Whether the table's comment changes.
    public var commentChanges: Bool { old.comment != new.comment }

    /// Whether the table's tenant isolation (its tenant key and policy) changes.
    public var tenancyChanges: Bool { old.tenancy != new.tenancy }

    /// Whether nothing changes.
    public var isEmpty: Bool {
        renamedColumns.isEmpty && addedColumns.isEmpty && droppedColumns.isEmpty && changedColumns.isEmpty
            && renamedIndexes.isEmpty && droppedIndexes.isEmpty && createdIndexes.isEmpty && renamedChecks.isEmpty
            && droppedChecks.isEmpty && addedChecks.isEmpty && !commentChanges && !tenancyChanges
            && expandedColumns.isEmpty && contractedColumns.isEmpty && deprecationChanges.isEmpty
    }

    /// The names of the dropped columns.
    var droppedColumnNames: Set<String> { Set(droppedColumns.map(\.name)) }

    /// The names of the added columns.
    var addedColumnNames: Set<String> { Set(addedColumns.map(\.name)) }
}

/// How one column that exists before and after changes.
public struct ColumnDiff: Sendable {
    /// The column before (with its old name, if renamed).
    public let old: ColumnSnapshot
    /// The column after.
    public let new: ColumnSnapshot

    /// Whether the type changes.
    public var typeChanges: Bool { old.type != new.type }
    /// Whether the nullability changes.
    public var nullabilityChanges: Bool { old.nullable != new.nullable }
    /// Whether the default changes.
    public var defaultChanges: Bool { old.defaultExpression != new.defaultExpression }
    /// Whether the comment changes.
    public var commentChanges: Bool { old.comment != new.comment }

    /// The type conversion, when the type changes.
    var conversion: TypeConversion? {
        typeChanges ? TypeConversion(from: old.type, to: new.type) : nil
    }
}
