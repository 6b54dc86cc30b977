import Foundation
import PostgresNIO

/// A stored entity's model as the repository core reads it: its key, when it was created, and the
/// optimistic-lock version.
public protocol StoredModel: Identifiable, Sendable where ID == UUID {
    /// When the row was inserted.
    var createdAt: Date { get }
    /// When the row was last changed.
    var updatedAt: Date { get }
    /// When the row was soft-deleted; nil while it is active.
    var deletedAt: Date? { get }
    /// The optimistic-lock version.
    var version: Int32 { get }
}

/// A partial update of an entity, applied only while the row is still at `expectedVersion`.
public protocol EntityPatch: Validatable {
    /// The version the caller read; the update fails with ``OptimisticLockError`` when it moved on.
    var expectedVersion: Int32 { get }
}

/// What is specific to one entity's table, which taxigen generates: its description (``TableSchema``), its
/// typed columns, and how its requests are bound and its rows decoded. ``Repository`` does the rest.
public protocol EntityTable: Sendable {
    /// The model a row decodes to.
    associatedtype Model: StoredModel
    /// The validated request that inserts a row.
    associatedtype Create: Validatable
    /// The validated partial update.
    associatedtype Patch: EntityPatch
    /// The typed columns, handed to the closures of ``Repository/list(where:orderBy:page:includeDeleted:)``.
    associatedtype Columns: Sendable

    /// The table, its key, columns and statements.
    static var schema: TableSchema { get }
    /// The typed columns.
    static var columns: Columns { get }
    /// Reads a row selected with ``TableSchema/select`` (or returned by ``TableSchema/returning``).
    func decode(_ row: PostgresRow) throws -> Model
    /// Writes one request's values in the order of the inserted columns: the parameters of
    /// ``TableSchema/insert``, or one row of ``TableSchema/bulkInsert``'s column arrays.
    func write(_ request: Create, to row: inout InsertRow) throws
    /// Adds the patch's set fields to `changes`; `id` is the key of the row being updated (a sealed value is
    /// bound to it).
    func bindChanges(_ patch: Patch, id: UUID, into changes: inout ChangeSet) throws
}

/// An entity table taxigen generates: its create request is its model's fields, its patch sets those fields
/// (``Patch`` of their fields list) and its typed columns are its model's. A table names its model through
/// `decode(_:)`; the rest follows from it.
public protocol GeneratedTable: EntityTable
where Model: GeneratedModel, Create == Model.Fields, Model.Fields.FieldList: PatchFields,
      Patch == Taxiway.Patch<Model.Fields.FieldList>, Columns == Model.Columns {}

extension GeneratedTable {
    /// The model's typed columns.
    @inlinable
    public static var columns: Columns { Model.columns }
}

/// An entity table whose binding and decoding need nothing but the values (no cipher).
public protocol PlainEntityTable: EntityTable {
    /// The table description.
    init()
}

extension PlainEntityTable where Patch: BindablePatch {
    /// Adds the patch's set fields to `changes`.
    @inlinable
    public func bindChanges(_ patch: Patch, id: UUID, into changes: inout ChangeSet) throws {
        try patch.write(to: &changes, id: id, cipher: nil)
    }
}

extension PlainEntityTable where Create: ModelFields {
    /// Writes the request's fields in its fields list's order, which is the order of the inserted columns.
    @inlinable
    public func write(_ request: Create, to row: inout InsertRow) throws {
        try Create.FieldList.write(request, to: &row, id: nil, cipher: nil)
    }
}

/// A patch that binds its own set fields (``Patch``): a table takes its ``EntityTable/bindChanges(_:id:into:)``
/// from it.
public protocol BindablePatch: EntityPatch {
    /// Adds the set fields to `changes`; a sensitive value is sealed with `cipher` to the row whose key is `id`.
    func write(to changes: inout ChangeSet, id: UUID, cipher: FieldCipher?) throws
}

/// The assignments of an `UPDATE`, each value bound as a parameter.
public struct ChangeSet: Sendable {
    /// The values bound so far.
    public var bindings: PostgresBindings
    /// `column = $n` for each set column.
    public private(set) var assignments: [String] = []

    /// An empty change set with room for `capacity` values.
    public init(capacity: Int) {
        bindings = PostgresBindings(capacity: capacity + 2)
    }

    /// Sets the column named `column` to what `bind` appends (a sealed value, a lookup digest), its
    /// placeholder cast with `cast` (`::vector`) when given.
    public mutating func set(_ column: String, cast: String = "", _ bind: (inout PostgresBindings) throws -> Void) rethrows {
        try bind(&bindings)
        assignments.append("\(column) = $\(bindings.count)\(cast)")
    }
}
