import Foundation

/// What one history row records: the kind of change a row went through.
public enum HistoryOperation: String, Sendable, Hashable, Codable, CaseIterable {
    /// The row was inserted.
    case insert
    /// The row was updated (neither deleted nor restored).
    case update
    /// The row was soft-deleted: the update that set `deleted_at`.
    case delete
    /// The row was restored: the update that cleared `deleted_at`.
    case restore
    /// The row was removed with SQL `DELETE` (never by the repository); the entry holds its last values.
    case hardDelete = "hard_delete"
}

/// One entry of an entity's history: the row as it was after a change, with the change's version, time,
/// operation and principal.
public struct HistoryEntry<Model: StoredModel>: Sendable {
    /// The entry's place in the history table (`history_id`): later entries have greater sequences.
    public let sequence: Int64
    /// The kind of change.
    public let operation: HistoryOperation
    /// When the change was made (the server's clock when the row was written).
    public let time: Date
    /// Who made it: the caller's principal (`taxiway.principal`), or `unknown` when the transaction carried none.
    public let principal: String
    /// The row as it was after the change (before it, for a ``HistoryOperation/hardDelete``); sensitive fields
    /// are opened with the repository's cipher as the table's own rows are.
    public let model: Model

    /// The row's version after the change.
    public var version: Int32 { model.version }

    /// An entry from its parts.
    public init(sequence: Int64, operation: HistoryOperation, time: Date, principal: String, model: Model) {
        self.sequence = sequence
        self.operation = operation
        self.time = time
        self.principal = principal
        self.model = model
    }
}

extension HistoryEntry: Equatable where Model: Equatable {}
extension HistoryEntry: Hashable where Model: Hashable {}
