import Foundation

/// A model's typed columns, which taxigen generates (`Customer.Columns`): the key and a column per field.
///
/// The audit columns every row of the kind has are here, written once: `created_at` for every model, and
/// `updated_at`, `deleted_at` and `version` for a model whose rows change (``StoredModel``).
public protocol ModelColumns: Sendable {
    /// The model a row of the table decodes to.
    associatedtype Model
}

extension ModelColumns where Model: StoredModel {
    /// `created_at`: when the row was inserted.
    @inlinable
    public var createdAt: Column<Model, Date> { Column("created_at") { $0.createdAt } }
    /// `updated_at`: when the row was last changed.
    @inlinable
    public var updatedAt: Column<Model, Date> { Column("updated_at") { $0.updatedAt } }
    /// `deleted_at`: when the row was soft-deleted; NULL while it is active.
    @inlinable
    public var deletedAt: Column<Model, Date?> { Column("deleted_at") { $0.deletedAt } }
    /// `version`: the optimistic-lock version, 1 on insert and incremented by every update.
    @inlinable
    public var version: Column<Model, Int32> { Column("version") { $0.version } }
}

extension ModelColumns where Model: AppendedModel {
    /// `created_at`: when the row was inserted.
    @inlinable
    public var createdAt: Column<Model, Date> { Column("created_at") { $0.createdAt } }
}

/// A model taxigen generates, with its typed columns (`Customer.columns`).
public protocol GeneratedModel: EntityModel {
    /// The typed columns (`Customer.Columns`).
    associatedtype Columns: ModelColumns where Columns.Model == Self
    /// The typed columns, for predicates, orderings and hand-written SQL.
    static var columns: Columns { get }
}
