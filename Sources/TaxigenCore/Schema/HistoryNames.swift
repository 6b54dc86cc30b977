/// The names of what `history: true` adds to the database, derived once from the entity's table: the history
/// table and its columns, key, index and CHECK, the function that records a row and its trigger, and the guard
/// that keeps the history append-only. Every name fits PostgreSQL's 63 bytes (`DerivedNames.fit`).
public enum HistoryNames {
    /// The shared trigger function that refuses UPDATE, DELETE, TRUNCATE and direct INSERT on history tables.
    public static let guardFunction = "taxiway_history_guard"

    /// The history table's own columns, before the copied row: a sequence, the operation, the time and the principal.
    public static let idColumn = "history_id"
    /// `insert`, `update`, `delete` (soft), `restore` or `hard_delete`.
    public static let operationColumn = "history_operation"
    /// When the row was written (`clock_timestamp()`).
    public static let timeColumn = "history_at"
    /// Who made it: `taxiway.principal`, or `unknown`.
    public static let principalColumn = "history_principal"
    /// The four columns above, in table order.
    public static let metadataColumns = [idColumn, operationColumn, timeColumn, principalColumn]

    /// The operations a history row records, as stored.
    public static let operations = ["insert", "update", "delete", "restore", "hard_delete"]
    /// What the history records as the principal when the transaction carries none.
    public static let unknownPrincipal = "unknown"

    /// `<table>_history`.
    public static func table(of table: String) -> String { DerivedNames.fit("\(table)_history") }
    /// `taxiway_record_<table>`: the entity's recording function.
    public static func recordFunction(of table: String) -> String { DerivedNames.fit("taxiway_record_\(table)") }
    /// `trg_<table>_history`: the trigger on the entity's table.
    public static func trigger(of table: String) -> String { DerivedNames.fit("trg_\(table)_history") }
    /// `trg_<table>_no_truncate`: refuses TRUNCATE of the entity's table, which would remove rows unrecorded.
    public static func tableTruncateTrigger(of table: String) -> String { DerivedNames.fit("trg_\(table)_no_truncate") }
    /// `trg_<history>_guard`: refuses row changes on the history table.
    public static func guardTrigger(of table: String) -> String { DerivedNames.fit("trg_\(Self.table(of: table))_guard") }
    /// `trg_<history>_no_truncate`: refuses TRUNCATE of the history table.
    public static func truncateTrigger(of table: String) -> String { DerivedNames.fit("trg_\(Self.table(of: table))_no_truncate") }
    /// `pk_<history>`.
    public static func primaryKey(of table: String) -> String { DerivedNames.primaryKeyConstraint(table: Self.table(of: table)) }
    /// `ix_<history>_<key>`: one entity's entries, in order.
    public static func keyIndex(of table: String, key: String) -> String {
        DerivedNames.index(table: Self.table(of: table), columns: [key])
    }
    /// `ck_<history>_history_operation_in`.
    public static func operationCheck(of table: String) -> String {
        DerivedNames.check(table: Self.table(of: table), column: operationColumn, rule: "in")
    }
}
