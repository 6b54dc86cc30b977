/// How the histories (`history: true`) change in one migration: histories that start (with their table or
/// on an existing one), histories that end (turned off, or their table dropped), histories whose table's
/// columns change (the history's columns follow), and whether the shared guard function comes or goes.
public struct HistoryDiff: Sendable {
    /// A history that ends.
    public struct Ended: Sendable {
        /// The entity's table.
        public let table: String
        /// The history as the last snapshot has it.
        public let history: HistorySnapshot
        /// Whether the entity's table is dropped by the same migration (its trigger goes with it).
        public let tableDropped: Bool
    }

    /// The entity tables whose history starts.
    public var started: [String] = []
    /// The histories that end.
    public var ended: [Ended] = []
    /// The tables with a history before and after whose columns change.
    public var followed: [TableDiff] = []
    /// Whether the first history comes (the guard function is created).
    public var guardAdded = false
    /// Whether the last history goes (the guard function is dropped).
    public var guardRemoved = false

    /// Whether nothing changes.
    public var isEmpty: Bool { started.isEmpty && ended.isEmpty && followed.isEmpty && !guardAdded && !guardRemoved }

    /// Creates an empty history diff.
    public init() {}

    /// The history diff between two snapshots, given the diffs of the tables that exist in both.
    init(old: SchemaSnapshot, new: SchemaSnapshot, altered: [TableDiff]) {
        for table in new.tables where table.history != nil && old.table(named: table.name)?.history == nil {
            started.append(table.name)
        }
        for table in old.tables {
            guard let history = table.history else { continue }
            let after = new.table(named: table.name)
            if after?.history == nil {
                ended.append(Ended(table: table.name, history: history, tableDropped: after == nil))
            }
        }
        followed = altered.filter { diff in
            diff.old.history != nil && diff.new.history != nil
                && !(diff.renamedColumns.isEmpty && diff.addedColumns.isEmpty && diff.droppedColumns.isEmpty
                     && !diff.changedColumns.contains(where: \.typeChanges))
        }
        let before = old.tables.contains { $0.history != nil }
        let after = new.tables.contains { $0.history != nil }
        guardAdded = after && !before
        guardRemoved = before && !after
    }
}
