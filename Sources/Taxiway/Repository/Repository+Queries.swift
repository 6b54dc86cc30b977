import Foundation
import PostgresNIO

extension Repository {
    /// The `WHERE` clause of `filter`, soft-deleted rows excluded unless `includeDeleted`.
    @inlinable
    func whereClause(_ filter: Condition<Model>, includeDeleted: Bool, extra: String? = nil,
                     bindings: inout PostgresBindings) throws -> String {
        var conditions: [String] = includeDeleted ? [] : ["deleted_at IS NULL"]
        if !filter.isAll {
            var sql = ""
            try filter.render(into: &sql, bindings: &bindings)
            conditions.append(sql)
        }
        if let extra { conditions.append(extra) }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// The ordering `orderBy` gives, or creation order when it gives none.
    @inlinable
    func listQuery(_ orderBy: (Table.Columns) -> [SortTerm<Model>]) -> ListQuery<Model> {
        var terms = orderBy(Table.columns)
        if terms.isEmpty {
            terms = [Column<Model, Date>("created_at") { $0.createdAt }.ascending()]
        }
        return ListQuery(terms: terms, key: schema.key)
    }

    /// One page of the rows matching `filter`, in the order `orderBy` gives (creation order when it gives
    /// none), always tie-broken by the key so pages never overlap or skip rows.
    ///
    /// ```swift
    /// let page = try await trips.list(where: { $0.driverID == nil && $0.requestedAt >= start },
    ///                                 orderBy: { [$0.fare.descending()] }, page: PageRequest(limit: 20))
    /// ```
    @inlinable
    public func list(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                     orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                     page: PageRequest, includeDeleted: Bool = false) async throws -> Page<Model> {
        try await executor.measure("list", entity: schema.entity) {
            let statement = try listStatement(where: filter, orderBy: orderBy, page: page, includeDeleted: includeDeleted)
            return Page(fetched: try await fetch(statement.sql, statement.binds, operation: "list"), request: page)
        }
    }

    /// One keyset page of the rows matching `filter` after `page.after`, in the order `orderBy` gives
    /// (creation order when it gives none), tie-broken by the key. Pass the returned `nextCursor` to read on;
    /// unlike offsets, a cursor stays correct while rows are inserted. A cursor carries its sort values and
    /// is refused (``IllegalArgument``) with another ordering or filter.
    @inlinable
    public func list(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                     orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                     after page: KeysetPageRequest, includeDeleted: Bool = false) async throws -> KeysetPage<Model> {
        try await executor.measure("list", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 8)
            let query = listQuery(orderBy)
            let predicate = filter(Table.columns)
            let fingerprint = query.fingerprint(filter: predicate, includeDeleted: includeDeleted)
            var clause = try whereClause(predicate, includeDeleted: includeDeleted, bindings: &bindings)
            if let cursor = page.after {
                let after = try query.after(cursor, fingerprint: fingerprint, bindings: &bindings)
                clause += (clause.isEmpty ? " WHERE " : " AND ") + after
            }
            bindings.append(page.fetchLimit)
            let sql = schema.select + clause + query.orderBy + " LIMIT $\(bindings.count)"
            let fetched = try await fetch(sql, bindings, operation: "list", keepingRowAt: page.limit - 1)
            return KeysetPage(fetched: fetched.models, request: page) {
                query.cursor(after: $0, id: $0.id, fingerprint: fingerprint, stored: fetched.kept, columns: schema.selectColumns)
            }
        }
    }

    /// The first row matching `filter` in the order `orderBy` gives, or nil.
    @inlinable
    public func first(where filter: (Table.Columns) -> Condition<Model>,
                      orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                      includeDeleted: Bool = false) async throws -> Model? {
        try await executor.measure("first", entity: schema.entity) {
            try await list(where: filter, orderBy: orderBy, page: PageRequest(limit: 1), includeDeleted: includeDeleted)
                .items.first
        }
    }

    /// The number of rows matching `filter`.
    @inlinable
    public func count(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                      includeDeleted: Bool = false) async throws -> Int {
        try await executor.measure("count", entity: schema.entity) {
            try await recordingAccess("count", key: nil, keys: { (_: Int) in [] }) {
                var bindings = PostgresBindings(capacity: 4)
                let sql = schema.count + (try whereClause(filter(Table.columns), includeDeleted: includeDeleted, bindings: &bindings))
                guard let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                                            context: schema.context("count")) else {
                    return 0
                }
                return Int(try row.decode(Int64.self))
            }
        }
    }

    /// Whether any row matches `filter` (the server stops at the first).
    @inlinable
    public func exists(where filter: (Table.Columns) -> Condition<Model>,
                       includeDeleted: Bool = false) async throws -> Bool {
        try await executor.measure("exists", entity: schema.entity) {
            try await recordingAccess("exists", key: nil, keys: { (_: Bool) in [] }) {
                var bindings = PostgresBindings(capacity: 4)
                let clause = try whereClause(filter(Table.columns), includeDeleted: includeDeleted, bindings: &bindings)
                let sql = "SELECT EXISTS (SELECT 1 FROM \(schema.table)\(clause))"
                guard let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                                            context: schema.context("exists")) else {
                    return false
                }
                return try row.decode(Bool.self)
            }
        }
    }

    /// The `limit` rows nearest to `vector` on a vector column, by the distance its index was declared with
    /// (so the index serves the search), among the rows matching `filter`. Rows whose vector is NULL are
    /// left out. `limit` must be 1…``PageRequest/defaultMaximumLimit``.
    ///
    /// With a selective filter an approximate index may return fewer than `limit` rows (pgvector filters after
    /// the index scan); raise `hnsw.ef_search` or `ivfflat.probes` for such queries.
    @inlinable
    public func nearest(to vector: [Float], on column: (Table.Columns) -> Column<Model, [Float]?>, limit: Int,
                        where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                        includeDeleted: Bool = false) async throws -> [Model] {
        try await nearest(vector, column: column(Table.columns).name, distance: column(Table.columns).distanceOperator,
                          limit: limit, filter: filter(Table.columns), includeDeleted: includeDeleted)
    }

    /// The `limit` rows nearest to `vector` on a non-null vector column; see the nullable column's form.
    @inlinable
    public func nearest(to vector: [Float], on column: (Table.Columns) -> Column<Model, [Float]>, limit: Int,
                        where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                        includeDeleted: Bool = false) async throws -> [Model] {
        try await nearest(vector, column: column(Table.columns).name, distance: column(Table.columns).distanceOperator,
                          limit: limit, filter: filter(Table.columns), includeDeleted: includeDeleted)
    }

    @inlinable
    func nearest(_ vector: [Float], column: String, distance: String?, limit: Int, filter: Condition<Model>,
                 includeDeleted: Bool) async throws -> [Model] {
        try await executor.measure("nearest", entity: schema.entity) {
            guard let distance else {
                throw IllegalArgument(message: "\(column) is not a vector column")
            }
            guard limit >= 1, limit <= PageRequest.defaultMaximumLimit else {
                throw IllegalArgument(message: "a nearest-neighbour limit must be between 1 and "
                    + "\(PageRequest.defaultMaximumLimit), got \(limit)")
            }
            guard vector.allSatisfy(\.isFinite) else {
                throw IllegalArgument(message: "a vector's components must be finite numbers")
            }
            var bindings = PostgresBindings(capacity: 4)
            let clause = try whereClause(filter, includeDeleted: includeDeleted, extra: "\(column) IS NOT NULL",
                                         bindings: &bindings)
            bindings.append(PGVector(vector))
            let target = bindings.count
            bindings.append(Int64(limit))
            let sql = schema.select + clause + " ORDER BY \(column) \(distance) $\(target)::vector LIMIT $\(bindings.count)"
            return try await fetch(sql, bindings, operation: "nearest")
        }
    }
}
