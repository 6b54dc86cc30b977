/// The history of a table snapshot (`history: true`): the history table, the recording function and its
/// trigger. The history table's columns are not stored: they are the table's own, nullable, after the four
/// history columns (see `HistoryDDL`), and migrations make them follow the table's.
public struct HistorySnapshot: Codable, Sendable, Hashable {
    /// The history table, unquoted.
    public var table: String
    /// The recording function.
    public var function: String
    /// The recording trigger on the entity's table.
    public var trigger: String

    /// Creates a history snapshot.
    public init(table: String, function: String, trigger: String) {
        self.table = table
        self.function = function
        self.trigger = trigger
    }

    /// The history of an entity with `history: true`; nil for another entity.
    init?(entity: Entity) {
        guard entity.traits.history else { return nil }
        self.init(table: HistoryNames.table(of: entity.tableName), function: HistoryNames.recordFunction(of: entity.tableName),
                  trigger: HistoryNames.trigger(of: entity.tableName))
    }
}

extension TableSnapshot {
    /// The history table as a table snapshot (its columns, CHECK and index), for `db diff`; nil without a history.
    public var historyTable: TableSnapshot? {
        guard let history else { return nil }
        let metadata = [
            ColumnSnapshot(name: HistoryNames.idColumn, type: "bigint", nullable: false, defaultExpression: nil, comment: nil),
            ColumnSnapshot(name: HistoryNames.operationColumn, type: "text", nullable: false, defaultExpression: nil, comment: nil),
            ColumnSnapshot(name: HistoryNames.timeColumn, type: "timestamptz", nullable: false, defaultExpression: nil, comment: nil),
            ColumnSnapshot(name: HistoryNames.principalColumn, type: "text", nullable: false, defaultExpression: nil, comment: nil),
        ]
        let copied = columns.map { ColumnSnapshot(name: $0.name, type: $0.type, nullable: true, defaultExpression: nil, comment: nil) }
        let operations = HistoryNames.operations.map { "'\($0)'" }.joined(separator: ", ")
        let check = CheckSnapshot(name: HistoryNames.operationCheck(of: name), column: HistoryNames.operationColumn,
                                  expression: "\(HistoryNames.operationColumn) IN (\(operations))")
        let indexName = HistoryNames.keyIndex(of: name, key: primaryKey)
        let index = IndexSnapshot(name: indexName, columns: [primaryKey, HistoryNames.idColumn], unique: false, method: "btree",
                                  operatorClass: nil, partial: false,
                                  definition: "CREATE INDEX \(Naming.sqlIdentifier(indexName)) ON \(Naming.sqlIdentifier(history.table)) "
                                      + "USING btree (\(Naming.sqlIdentifier(primaryKey)), \(HistoryNames.idColumn))")
        return TableSnapshot(name: history.table, comment: nil, primaryKey: HistoryNames.idColumn,
                             primaryKeyConstraint: HistoryNames.primaryKey(of: name), trigger: HistoryNames.guardTrigger(of: name),
                             columns: metadata + copied, checks: [check], indexes: [index])
    }
}
