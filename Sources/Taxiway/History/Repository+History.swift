import Foundation
import PostgresNIO

extension Repository where Table: HistoryTable {
    /// One page of the history of the row with key `id`, newest entry first (soft-deleted and hard-deleted
    /// rows included). Pass the returned `nextCursor` in the next request to read older entries; a cursor of
    /// another row's history is refused (``IllegalArgument``).
    @inlinable
    public func history(id: UUID, after page: KeysetPageRequest) async throws -> KeysetPage<HistoryEntry<Model>> {
        try await executor.measure("history", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(id)
            let sql: String
            if let cursor = page.after {
                guard cursor.id == id, cursor.query == Self.historyCursorQuery, cursor.keys.count == 1,
                      case .int(let sequence) = cursor.keys[0] else {
                    throw IllegalArgument(message: "the page cursor is not one of this row's history")
                }
                bindings.append(sequence)
                sql = Table.history.nextPage
            } else {
                sql = Table.history.firstPage
            }
            bindings.append(page.fetchLimit)
            let entries = try await fetchHistory(sql, bindings, operation: "history", id: id)
            return KeysetPage(fetched: entries, request: page) { entry in
                KeysetCursor(keys: [.int(entry.sequence)], id: id, query: Self.historyCursorQuery)
            }
        }
    }

    /// The row with key `id` as it was at `version`: the last entry with that version (a hard delete's entry
    /// aside), or nil when the history has none.
    @inlinable
    public func history(id: UUID, version: Int32) async throws -> HistoryEntry<Model>? {
        try await executor.measure("historyAtVersion", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(id)
            bindings.append(version)
            return try await fetchHistory(Table.history.atVersion, bindings, operation: "historyAtVersion", id: id).first
        }
    }

    /// The row with key `id` as it was at `time`: the last entry written at or before it; nil when the row did
    /// not exist yet, or had been removed by a hard `DELETE`. A soft-deleted row is returned, as it was
    /// (`model.deletedAt` set, `operation` ``HistoryOperation/delete``).
    @inlinable
    public func history(id: UUID, at time: Date) async throws -> HistoryEntry<Model>? {
        try await executor.measure("historyAtTime", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(id)
            bindings.append(time)
            guard let entry = try await fetchHistory(Table.history.atTime, bindings, operation: "historyAtTime", id: id).first,
                  entry.operation != .hardDelete else {
                return nil
            }
            return entry
        }
    }

    /// What a history cursor is made for.
    @usableFromInline
    static var historyCursorQuery: String { "history:" + Table.history.table }

    /// Runs a history read of the row with key `id` (recording the access when the entity is access-logged).
    @inlinable
    func fetchHistory(_ sql: String, _ bindings: PostgresBindings, operation: String, id: UUID) async throws -> [HistoryEntry<Model>] {
        // An access-logged entity records the read of a row's history under the row's key.
        try await recordingAccess(operation, key: id, keys: { _ in [] }) {
            try await decodeHistory(sql, bindings, operation: operation)
        }
    }

    /// Runs a history read and decodes each row: the model from its first columns, then the history's own.
    @inlinable
    func decodeHistory(_ sql: String, _ bindings: PostgresBindings, operation: String) async throws -> [HistoryEntry<Model>] {
        let rows = try await executor.fetchAll(PostgresQuery(unsafeSQL: sql, binds: bindings), context: schema.context(operation))
        var entries: [HistoryEntry<Model>] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            let model = try table.decode(row)
            let reader = RowReader(row)
            let first = reader.count - HistorySchema.metadataColumns.count
            let stored = try reader.column(first + 1, as: String.self)
            guard let operation = HistoryOperation(rawValue: stored) else {
                throw UnreadableValue(column: "history_operation", index: first + 1, swiftType: "HistoryOperation",
                                      reason: "the stored operation is not one of \(HistoryOperation.allCases.map(\.rawValue))")
            }
            entries.append(HistoryEntry(sequence: try reader.column(first, as: Int64.self), operation: operation,
                                        time: try reader.column(first + 2, as: Date.self),
                                        principal: try reader.column(first + 3, as: String.self), model: model))
        }
        return entries
    }
}
