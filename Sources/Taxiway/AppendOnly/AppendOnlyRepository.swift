import Foundation
import PostgresNIO

/// Appends and reads one append-only entity's rows (events, logs): validated appends with time-ordered keys
/// (``UUIDv7``), batched bulk appends, reads by key, time-range reads and typed queries. It has no update,
/// delete or restore: the type offers none, and the table's trigger refuses them from any SQL.
///
/// Generated code names it per entity (`typealias AuditEventRepository = AppendOnlyRepository<AuditEventTable>`);
/// one repository works on the pool and inside a unit of work.
public struct AppendOnlyRepository<Table: AppendOnlyEntityTable>: Sendable {
    /// The model a row decodes to.
    public typealias Model = Table.Model
    /// Where statements run: the pooled `Database`, or a `Transaction`'s connection.
    public let executor: any DatabaseExecutor
    /// How this entity's requests are bound and rows decoded.
    public let table: Table
    /// Business rules checked after the spec's rules on every append.
    public var createRules: [ValidationRule<Table.Create>]
    /// Where the keys come from (the process's shared generator unless given).
    public let keys: UUIDv7

    /// A repository that runs its statements on `executor`.
    @inlinable
    public init(on executor: any DatabaseExecutor, table: Table, createRules: [ValidationRule<Table.Create>] = [],
                keys: UUIDv7 = .shared) {
        self.executor = executor
        self.table = table
        self.createRules = createRules
        self.keys = keys
    }

    /// The table's statements.
    @inlinable
    public var schema: AppendOnlyTableSchema { Table.schema }

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
                                                       context: try schema.context(operation))
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
                guard let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                                            context: try schema.context(operation)) else {
                    return nil
                }
                return try table.decode(row)
            }
        }
    }

    // MARK: - Appends

    /// Validates and appends a row under a new time-ordered key; returns it with the time the database set.
    ///
    /// - Throws: `ValidationError` listing every violated rule, `DuplicateEntity` when a unique field is taken.
    @inlinable
    public func append(_ request: Table.Create) async throws -> Model {
        try await executor.measure("append", entity: schema.entity) {
            try request.validate(adding: createRules)
            let id = keys.next()
            var row = InsertRow(insertColumns: schema.insertColumnCount)
            try row.write(id)
            try table.write(request, id: id, to: &row)
            guard let model = try await fetchOne(schema.insert, row.insertBindings, operation: "append") else {
                throw IllegalArgument(message: "the insert into \(schema.table) returned no row")
            }
            return model
        }
    }

    /// Validates every request, then appends them in batches of at most `batchSize` rows, one statement and
    /// round trip per batch (each column bound as one array and expanded with `unnest`), with keys made in
    /// request order. Returns the stored rows in request order. Nothing is appended when any request is
    /// invalid; run it in a transaction to make the batches all-or-nothing too.
    @inlinable
    public func append(_ requests: [Table.Create], batchSize: Int = 2000) async throws -> [Model] {
        try await executor.measure("bulkAppend", entity: schema.entity) {
            let issues = requests.allIssues(adding: createRules)
            if !issues.isEmpty {
                throw ValidationError(issues: issues)
            }
            let rowsPerBatch = max(1, batchSize)
            var stored: [Model] = []
            stored.reserveCapacity(requests.count)
            var start = 0
            while start < requests.count {
                let batch = requests[start..<min(start + rowsPerBatch, requests.count)]
                let ids = batch.map { _ in keys.next() }
                var written = InsertRow(bulkColumns: schema.insertColumnCount)
                for (request, id) in zip(batch, ids) {
                    try written.write(id)
                    try table.write(request, id: id, to: &written)
                    written.endRow()
                }
                let rows = try await executor.fetchAll(PostgresQuery(unsafeSQL: schema.bulkInsert,
                                                                     binds: try written.bulkBindings()),
                                                       context: try schema.context("bulkAppend"))
                // RETURNING gives no order guarantee: rows are put back in request order by key.
                var byID: [UUID: Model] = [:]
                for row in rows {
                    let model = try table.decode(row)
                    byID[model.id] = model
                }
                for id in ids {
                    guard let model = byID[id] else {
                        throw IllegalArgument(message: "the bulk insert into \(schema.table) did not return every row")
                    }
                    stored.append(model)
                }
                start += rowsPerBatch
            }
            if schema.accessLogged { recordAccess("bulkAppend", keys: stored.map(\.id), outcome: .success) }
            return stored
        }
    }

    // MARK: - Reads by key

    /// The row with this key, or nil. On a partitioned table every partition's primary-key index is probed
    /// (the key leads it); ``find(id:createdAt:)`` reads one partition.
    @inlinable
    public func find(id: UUID) async throws -> Model? {
        try await executor.measure("find", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(id)
            return try await fetchOne(schema.find, bindings, operation: "find", key: id)
        }
    }

    /// The row with this key and append time (both from a model read before): on a partitioned table only
    /// the partition holding `createdAt` is read.
    @inlinable
    public func find(id: UUID, createdAt: Date) async throws -> Model? {
        try await executor.measure("find", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(id)
            bindings.append(TimestampBinding(createdAt))
            return try await fetchOne(schema.findAt, bindings, operation: "find", key: id)
        }
    }

    /// The row with this key.
    ///
    /// - Throws: `EntityNotFound` when there is none.
    @inlinable
    public func get(id: UUID) async throws -> Model {
        try await executor.measure("get", entity: schema.entity) {
            guard let found = try await find(id: id) else {
                throw EntityNotFound(entity: schema.entity, id: id)
            }
            return found
        }
    }

    /// The rows with these keys, in one statement (`= ANY($1)`), in the order of `ids`; keys with no row are
    /// left out, and a repeated key gives one row.
    @inlinable
    public func find(ids: [UUID]) async throws -> [Model] {
        try await executor.measure("findMany", entity: schema.entity) {
            guard !ids.isEmpty else { return [] }
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(ids)
            let models = try await fetch(schema.select + " WHERE \(schema.key) = ANY($1)", bindings, operation: "findMany")
            let byID = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set<UUID>()
            return ids.compactMap { id in seen.insert(id).inserted ? byID[id] : nil }
        }
    }
}

extension AppendOnlyRepository where Table: PlainAppendOnlyEntityTable {
    /// A repository that runs its statements on `executor`.
    @inlinable
    public init(on executor: any DatabaseExecutor, createRules: [ValidationRule<Table.Create>] = [], keys: UUIDv7 = .shared) {
        self.init(on: executor, table: Table(), createRules: createRules, keys: keys)
    }
}
