import Foundation
import PostgresNIO

/// Stores and reads one entity's rows: validated creates, batched bulk inserts, updates guarded by the
/// expected version, soft delete and restore, and typed queries. Every value is bound as a parameter.
///
/// Generated code names it per entity (`typealias OrderRepository = Repository<OrderTable>`); one
/// repository works on the pool and inside a unit of work:
/// `try await database.transaction { tx in try await OrderRepository(on: tx).create(request) }`.
public struct Repository<Table: EntityTable>: Sendable {
    /// The model a row decodes to.
    public typealias Model = Table.Model
    /// Where statements run: the pooled `Database`, or a `Transaction`'s connection.
    public let executor: any DatabaseExecutor
    /// How this entity's requests are bound and rows decoded.
    public let table: Table
    /// Business rules checked after the spec's rules on every create.
    public var createRules: [ValidationRule<Table.Create>]
    /// Business rules checked after the spec's rules on every update.
    public var updateRules: [ValidationRule<Table.Patch>]

    /// A repository that runs its statements on `executor`.
    @inlinable
    public init(on executor: any DatabaseExecutor, table: Table,
                createRules: [ValidationRule<Table.Create>] = [], updateRules: [ValidationRule<Table.Patch>] = []) {
        self.executor = executor
        self.table = table
        self.createRules = createRules
        self.updateRules = updateRules
    }

    /// The table's statements.
    @inlinable
    public var schema: TableSchema { Table.schema }

    /// Runs `sql` with `bindings` and decodes every row it returns (and writes an ``AccessRecord`` of them when
    /// the entity is access-logged).
    @inlinable
    public func fetch(_ sql: String, _ bindings: PostgresBindings, operation: String) async throws -> [Model] {
        try await fetch(sql, bindings, operation: operation, keepingRowAt: nil).models
    }

    /// Runs `sql` with `bindings` and decodes every row, as `fetch` does, and also returns the row at `index`
    /// as the server sent it (a keyset page's last row, whose timestamps its cursor reads to the microsecond).
    @inlinable
    public func fetch(_ sql: String, _ bindings: PostgresBindings, operation: String,
                      keepingRowAt index: Int?) async throws -> (models: [Model], kept: PostgresRow?) {
        try await executor.measure(operation, entity: schema.entity) {
            try await recordingAccess(operation, key: nil, keys: { $0.models.map(\.id) }) {
                let rows = try await executor.fetchAll(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                                       context: schema.context(operation))
                var models: [Model] = []
                models.reserveCapacity(rows.count)
                for row in rows {
                    models.append(try table.decode(row))
                }
                return (models, index.flatMap { rows.indices.contains($0) ? rows[$0] : nil })
            }
        }
    }

    /// Runs `sql` with `bindings` and decodes its first row, if any (and writes an ``AccessRecord`` naming `key`
    /// and the row when the entity is access-logged).
    @inlinable
    public func fetchOne(_ sql: String, _ bindings: PostgresBindings, operation: String,
                         key: UUID? = nil) async throws -> Model? {
        try await executor.measure(operation, entity: schema.entity) {
            try await recordingAccess(operation, key: key, keys: { $0.map { [$0.id] } ?? [] }) {
                try await decodeOne(sql, bindings, operation: operation)
            }
        }
    }

    /// Runs `sql` with `bindings` and decodes its first row, if any, writing no access record (the caller's
    /// operation writes one for its whole outcome).
    @inlinable
    func decodeOne(_ sql: String, _ bindings: PostgresBindings, operation: String) async throws -> Model? {
        guard let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                                    context: schema.context(operation)) else {
            return nil
        }
        return try table.decode(row)
    }

    // MARK: - Writes

    /// Validates and inserts a row; returns it with the key, timestamps and version the database set.
    ///
    /// - Throws: `ValidationError` listing every violated rule, `DuplicateEntity` when a unique field is taken.
    @inlinable
    public func create(_ request: Table.Create) async throws -> Model {
        try await executor.measure("create", entity: schema.entity) {
            try await recordingAccess("create", key: nil, keys: { [$0.id] }) {
                try request.validate(adding: createRules)
                var row = InsertRow(insertColumns: schema.insertColumnCount)
                try table.write(request, to: &row)
                guard let model = try await decodeOne(schema.insert, row.insertBindings, operation: "create") else {
                    throw IllegalArgument(message: "the insert into \(schema.table) returned no row")
                }
                return model
            }
        }
    }

    /// Validates every request, then inserts them in batches of at most `batchSize` rows, one statement and
    /// round trip per batch (each column of a batch is bound as one array and expanded with `unnest`).
    /// Returns the stored rows in request order. Nothing is inserted when any request is invalid; run it in
    /// a transaction to make the batches all-or-nothing too.
    @inlinable
    public func create(_ requests: [Table.Create], batchSize: Int = 2000) async throws -> [Model] {
        try await executor.measure("bulkCreate", entity: schema.entity) {
            try await recordingAccess("bulkCreate", key: nil, keys: { $0.map(\.id) }) {
                let issues = requests.allIssues(adding: createRules)
                if !issues.isEmpty {
                    throw ValidationError(issues: issues)
                }
                let rowsPerBatch = max(1, batchSize)
                func columns(from start: Int) throws -> PostgresBindings {
                    let end = min(start + rowsPerBatch, requests.count)
                    guard schema.insertColumnCount > 0 else {
                        // Nothing is written: the statement inserts this many rows of defaults.
                        var bindings = PostgresBindings(capacity: 1)
                        bindings.append(Int64(end - start))
                        return bindings
                    }
                    var rows = InsertRow(bulkColumns: schema.insertColumnCount)
                    for request in requests[start..<end] {
                        try table.write(request, to: &rows)
                        rows.endRow()
                    }
                    return try rows.bulkBindings()
                }
                var stored: [Model] = []
                stored.reserveCapacity(requests.count)
                // One statement in flight at a time; while the server inserts a batch, the rows of the previous one
                // are decoded and the next one is bound, so the client's work overlaps the server's.
                var next = requests.isEmpty ? nil : try columns(from: 0)
                var start = 0
                var previous: [PostgresRow] = []
                while let bindings = next {
                    async let inserted = executor.fetchAll(PostgresQuery(unsafeSQL: schema.bulkInsert, binds: bindings),
                                                           context: schema.context("bulkCreate"))
                    for row in previous {
                        stored.append(try table.decode(row))
                    }
                    start += rowsPerBatch
                    next = start < requests.count ? try columns(from: start) : nil
                    previous = try await inserted
                }
                for row in previous {
                    stored.append(try table.decode(row))
                }
                return stored
            }
        }
    }

    /// Applies a patch to an active row whose version is still `patch.expectedVersion`; the stored version
    /// goes up by one, so a concurrent writer holding the old version fails instead of overwriting.
    ///
    /// - Throws: `ValidationError`, `OptimisticLockError` when the version moved on, `EntityNotFound`,
    ///   `DuplicateEntity`.
    @inlinable
    public func update(id: UUID, _ patch: Table.Patch) async throws -> Model {
        try await executor.measure("update", entity: schema.entity) {
            try patch.validate(adding: updateRules)
            var changes = ChangeSet(capacity: schema.insertColumnCount)
            try table.bindChanges(patch, id: id, into: &changes)
            var bindings = changes.bindings
            bindings.append(id)
            bindings.append(patch.expectedVersion)
            let sql = schema.update(changes.assignments, keyParameter: bindings.count - 1)
            return try await recordingAccess("update", key: id, keys: { [$0.id] }) {
                if let model = try await decodeOne(sql, bindings, operation: "update") {
                    return model
                }
                throw try await conflict(id: id, expectedVersion: patch.expectedVersion, wantDeleted: false)
            }
        }
    }

    /// Marks an active row deleted (it stays in the table; queries stop seeing it).
    ///
    /// - Throws: `OptimisticLockError` when the version moved on, `EntityNotFound` when there is no active row.
    @inlinable
    public func softDelete(id: UUID, expectedVersion: Int32) async throws -> Model {
        try await transition(schema.softDelete, operation: "softDelete", id: id, expectedVersion: expectedVersion,
                             wantDeleted: false)
    }

    /// Brings a soft-deleted row back.
    ///
    /// - Throws: `OptimisticLockError`, `EntityNotFound` when there is no deleted row, `DuplicateEntity` when an
    ///   active row took one of its unique values meanwhile.
    @inlinable
    public func restore(id: UUID, expectedVersion: Int32) async throws -> Model {
        try await transition(schema.restore, operation: "restore", id: id, expectedVersion: expectedVersion,
                             wantDeleted: true)
    }

    /// Runs a guarded statement binding `id` and `expectedVersion` as `$1` and `$2`; when it matched no row,
    /// throws why (see ``conflict(id:expectedVersion:wantDeleted:)``).
    @inlinable
    public func transition(_ sql: String, operation: String, id: UUID, expectedVersion: Int32,
                           wantDeleted: Bool = false) async throws -> Model {
        try await executor.measure(operation, entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(id)
            bindings.append(expectedVersion)
            return try await recordingAccess(operation, key: id, keys: { [$0.id] }) {
                if let model = try await decodeOne(sql, bindings, operation: operation) {
                    return model
                }
                throw try await conflict(id: id, expectedVersion: expectedVersion, wantDeleted: wantDeleted)
            }
        }
    }

    /// Why a guarded statement matched no row: no such row in the expected state (`EntityNotFound`), or
    /// its version moved on (`OptimisticLockError`).
    @inlinable
    public func conflict(id: UUID, expectedVersion: Int32, wantDeleted: Bool) async throws -> any Error {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        guard let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: schema.versionProbe, binds: bindings),
                                                    context: schema.context("versionProbe", routing: .primary)) else {
            return EntityNotFound(entity: schema.entity, id: id)
        }
        var reader = RowReader(row)
        let version = try reader.next(Int32.self)
        let isDeleted = try reader.next(Bool.self)
        if version == expectedVersion, isDeleted != wantDeleted {
            return EntityNotFound(entity: schema.entity, id: id)
        }
        return OptimisticLockError(entity: schema.entity, id: id, expectedVersion: expectedVersion,
                                   actualVersion: version)
    }

    // MARK: - Reads by key

    /// The row with this key, or nil. Soft-deleted rows are seen only with `includeDeleted`.
    @inlinable
    public func find(id: UUID, includeDeleted: Bool = false) async throws -> Model? {
        try await executor.measure("find", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(id)
            return try await fetchOne(includeDeleted ? schema.findIncludingDeleted : schema.find, bindings, operation: "find",
                                      key: id)
        }
    }

    /// The row with this key.
    ///
    /// - Throws: `EntityNotFound` when there is none (or it is soft-deleted and `includeDeleted` is false).
    @inlinable
    public func get(id: UUID, includeDeleted: Bool = false) async throws -> Model {
        try await executor.measure("get", entity: schema.entity) {
            guard let found = try await find(id: id, includeDeleted: includeDeleted) else {
                throw EntityNotFound(entity: schema.entity, id: id)
            }
            return found
        }
    }

    /// The rows with these keys, in one statement (`= ANY($1)`), in the order of `ids`; keys with no row
    /// (or a soft-deleted one, unless `includeDeleted`) are left out, and a repeated key gives one row.
    @inlinable
    public func find(ids: [UUID], includeDeleted: Bool = false) async throws -> [Model] {
        try await executor.measure("findMany", entity: schema.entity) {
            guard !ids.isEmpty else { return [] }
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(ids)
            let sql = schema.select + " WHERE \(schema.key) = ANY($1)" + (includeDeleted ? "" : " AND deleted_at IS NULL")
            let models = try await fetch(sql, bindings, operation: "findMany")
            let byID = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set<UUID>()
            return ids.compactMap { id in seen.insert(id).inserted ? byID[id] : nil }
        }
    }
}

extension Repository where Table: PlainEntityTable {
    /// A repository that runs its statements on `executor`.
    @inlinable
    public init(on executor: any DatabaseExecutor, createRules: [ValidationRule<Table.Create>] = [],
                updateRules: [ValidationRule<Table.Patch>] = []) {
        self.init(on: executor, table: Table(), createRules: createRules, updateRules: updateRules)
    }
}
