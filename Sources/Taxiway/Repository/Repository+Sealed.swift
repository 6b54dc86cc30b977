import Foundation

/// An entity table with `sensitive` fields: it seals and opens them with its cipher, and names its sealed
/// columns (``SealedTable``) for erasure and reseal.
public protocol SealedEntityTable: EntityTable {
    /// The sealed columns of the table.
    static var sealedTable: SealedTable { get }
    /// Seals sensitive fields before they are written and opens them when they are read.
    var cipher: FieldCipher { get }
    /// The table whose sensitive fields `cipher` seals.
    init(cipher: FieldCipher)
}

extension SealedEntityTable where Create: ModelFields {
    /// Writes a new key, then the request's fields in its fields list's order (the order of the inserted
    /// columns), each sealed value bound to that key with ``cipher``. The key is made here, not by the
    /// database's default, because a sealed value must know its row's key before the insert.
    @inlinable
    public func write(_ request: Create, to row: inout InsertRow) throws {
        let id = UUID()
        try row.write(id)
        try Create.FieldList.write(request, to: &row, id: id, cipher: cipher)
    }
}

extension SealedEntityTable where Patch: BindablePatch {
    /// Adds the patch's set fields to `changes`, sealing sensitive values to the row `id` with ``cipher``.
    @inlinable
    public func bindChanges(_ patch: Patch, id: UUID, into changes: inout ChangeSet) throws {
        try patch.write(to: &changes, id: id, cipher: cipher)
    }
}

extension Repository where Table: SealedEntityTable {
    /// A repository that runs its statements on `executor`, sealing sensitive fields with `cipher`.
    @inlinable
    public init(on executor: any DatabaseExecutor, cipher: FieldCipher, createRules: [ValidationRule<Table.Create>] = [],
                updateRules: [ValidationRule<Table.Patch>] = []) {
        self.init(on: executor, table: Table(cipher: cipher), createRules: createRules, updateRules: updateRules)
    }

    /// Erasure (a data subject's request): destroys the sensitive values of the row with this key, soft-deleted
    /// or not; every other field stays. Nullable fields become nil, NOT NULL ones read back as the empty string,
    /// lookup digests are removed. It is an ordinary update: `version` moves on.
    ///
    /// - Throws: `EntityNotFound` when there is no row with this key.
    @inlinable
    public func eraseSensitiveFields(id: UUID) async throws -> Model {
        try await executor.measure("eraseSensitiveFields", entity: schema.entity) {
            guard let row = try await Table.sealedTable.erase(id: id, on: executor, returning: schema.returning,
                                                             context: schema.context("eraseSensitiveFields")) else {
                throw EntityNotFound(entity: schema.entity, id: id)
            }
            return try table.decode(row)
        }
    }

    /// After a key rotation, a `renamed_from` rename or a new `lookup:`: rewrites every row whose sensitive
    /// values are not sealed with the current key under the current column name, or whose lookup digests are
    /// stale, `batchSize` rows at a time in key order, deleted rows included. On a `Database` each batch is its
    /// own transaction; `version` and `updated_at` stay as they are.
    ///
    /// Resumable: pass the returned `resumeAfter` as `after` (with `maxBatches` to work in slices); running it
    /// again from the start is safe. Rows whose values do not open are left alone and listed in `unreadable`.
    @inlinable
    public func resealSensitiveFields(batchSize: Int = 500, after start: UUID? = nil,
                                      maxBatches: Int = .max) async throws -> ResealProgress {
        try await Table.sealedTable.reseal(on: executor, cipher: table.cipher, batchSize: batchSize, after: start,
                                           maxBatches: maxBatches, context: schema.context("resealSensitiveFields"))
    }
}
