import Foundation
import PostgresNIO

/// A row of an append-only table as the repository core reads it: its key and when it was appended.
/// Such a row is never updated or deleted, so it has no `updated_at`, `deleted_at` or `version`.
public protocol AppendedModel: Identifiable, Sendable where ID == UUID {
    /// When the row was inserted (the database's `now()`; the time-range reads and partitions go by it).
    var createdAt: Date { get }
}

/// What is specific to one append-only entity's table, which taxigen generates: its description
/// (``AppendOnlyTableSchema``), its typed columns, and how its requests are bound and its rows decoded.
/// ``AppendOnlyRepository`` does the rest. There is no patch: such rows are never changed.
public protocol AppendOnlyEntityTable: Sendable {
    /// The model a row decodes to.
    associatedtype Model: AppendedModel
    /// The validated request that appends a row.
    associatedtype Create: Validatable
    /// The typed columns, handed to the closures of the repository's reads.
    associatedtype Columns: Sendable

    /// The table, its key, columns and statements.
    static var schema: AppendOnlyTableSchema { get }
    /// The typed columns.
    static var columns: Columns { get }
    /// Reads a row selected with ``AppendOnlyTableSchema/select`` (or returned by its `returning`).
    func decode(_ row: PostgresRow) throws -> Model
    /// Writes one request's values in ``AppendOnlyTableSchema/insert``'s column order after the key, which
    /// the repository writes first (`id`, a ``UUIDv7``; a sealed value is bound to it): the parameters of
    /// the insert, or one row of the bulk insert's column arrays.
    func write(_ request: Create, id: UUID, to row: inout InsertRow) throws
}

/// An append-only table whose binding and decoding need nothing but the values (no cipher).
public protocol PlainAppendOnlyEntityTable: AppendOnlyEntityTable {
    /// The table description.
    init()
}
