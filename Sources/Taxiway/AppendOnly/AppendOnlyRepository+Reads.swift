import Foundation
import PostgresNIO

extension AppendOnlyRepository {
    /// The typed time column (`created_at`) the default order, the time-range reads and the partitions go by.
    @inlinable
    var timeColumn: Column<Model, Date> { Column<Model, Date>(schema.time) { $0.createdAt } }

    /// ` WHERE <filter>` (empty for `.all`), binding its values.
    @inlinable
    func whereClause(_ filter: Condition<Model>, bindings: inout PostgresBindings) throws -> String {
        guard !filter.isAll else { return "" }
        var sql = ""
        try filter.render(into: &sql, bindings: &bindings)
        return " WHERE " + sql
    }

    /// The ordering `orderBy` gives, or append order (time, then key) when it gives none.
    @inlinable
    func listQuery(_ orderBy: (Table.Columns) -> [SortTerm<Model>]) -> ListQuery<Model> {
        var terms = orderBy(Table.columns)
        if terms.isEmpty {
            terms = [timeColumn.ascending()]
        }
        return ListQuery(terms: terms, key: schema.key)
    }

    /// `filter` and `from <= created_at < to`.
    /// - Throws: ``IllegalArgument`` when `from` is after `to`.
    @inlinable
    func rangeFilter(from: Date, to: Date, _ filter: @escaping (Table.Columns) -> Condition<Model>)
        throws -> (Table.Columns) -> Condition<Model> {
        guard from <= to else {
            throw IllegalArgument(message: "a time range's start must not be after its end")
        }
        let time = timeColumn
        return { columns in filter(columns) && time >= from && time < to }
    }

    /// The statement ``list(where:orderBy:page:)`` runs for these arguments, with its bindings, without
    /// running it: for logging, for `EXPLAIN`, or for hand-written SQL built on it.
    @inlinable
    public func listStatement(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                              orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                              page: PageRequest) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: 8)
        let query = listQuery(orderBy)
        let clause = try whereClause(filter(Table.columns), bindings: &bindings)
        bindings.append(page.fetchLimit)
        bindings.append(page.sqlOffset)
        let sql = schema.select + clause + query.orderBy + " LIMIT $\(bindings.count - 1) OFFSET $\(bindings.count)"
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// One page of the rows matching `filter`, in the order `orderBy` gives (append order when it gives
    /// none), always tie-broken by the key so pages never overlap or skip rows.
    @inlinable
    public func list(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                     orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                     page: PageRequest) async throws -> Page<Model> {
        try await executor.measure("list", entity: schema.entity) {
            let statement = try listStatement(where: filter, orderBy: orderBy, page: page)
            return Page(fetched: try await fetch(statement.sql, statement.binds, operation: "list"), request: page)
        }
    }

    /// One keyset page of the rows matching `filter` after `page.after`, in the order `orderBy` gives (append
    /// order when it gives none), tie-broken by the key. Pass the returned `nextCursor` to read on; a cursor
    /// is refused (``IllegalArgument``) with another ordering or filter.
    @inlinable
    public func list(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                     orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                     after page: KeysetPageRequest) async throws -> KeysetPage<Model> {
        try await executor.measure("list", entity: schema.entity) {
            var bindings = PostgresBindings(capacity: 8)
            let query = listQuery(orderBy)
            let predicate = filter(Table.columns)
            let fingerprint = query.fingerprint(filter: predicate, includeDeleted: true)
            var clause = try whereClause(predicate, bindings: &bindings)
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

    /// One page of the rows appended in `[from, to)` (and matching `filter`), in append order (time, then
    /// key). On a partitioned table only the partitions that overlap the range are read.
    ///
    /// ```swift
    /// let page = try await events.range(from: start, to: end, page: PageRequest(limit: 100))
    /// ```
    /// - Throws: ``IllegalArgument`` when `from` is after `to`.
    @inlinable
    public func range(from: Date, to: Date, where filter: @escaping (Table.Columns) -> Condition<Model> = { _ in .all },
                      page: PageRequest) async throws -> Page<Model> {
        try await list(where: try rangeFilter(from: from, to: to, filter), page: page)
    }

    /// One keyset page of the rows appended in `[from, to)` (and matching `filter`) after `page.after`, in
    /// append order; pass the returned `nextCursor` to read on. Unlike offsets, a cursor stays right while
    /// rows are appended, so it suits reading a whole range.
    /// - Throws: ``IllegalArgument`` when `from` is after `to`, or for a cursor of another range.
    @inlinable
    public func range(from: Date, to: Date, where filter: @escaping (Table.Columns) -> Condition<Model> = { _ in .all },
                      after page: KeysetPageRequest) async throws -> KeysetPage<Model> {
        try await list(where: try rangeFilter(from: from, to: to, filter), after: page)
    }

    /// The first row matching `filter` in the order `orderBy` gives, or nil.
    @inlinable
    public func first(where filter: (Table.Columns) -> Condition<Model>,
                      orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] }) async throws -> Model? {
        try await executor.measure("first", entity: schema.entity) {
            try await list(where: filter, orderBy: orderBy, page: PageRequest(limit: 1)).items.first
        }
    }

    /// The number of rows matching `filter`.
    @inlinable
    public func count(where filter: (Table.Columns) -> Condition<Model> = { _ in .all }) async throws -> Int {
        try await executor.measure("count", entity: schema.entity) {
            try await recordingAccess("count", key: nil, keys: { (_: Int) in [] }) {
                var bindings = PostgresBindings(capacity: 4)
                let sql = schema.count + (try whereClause(filter(Table.columns), bindings: &bindings))
                guard let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                                            context: try schema.context("count")) else {
                    return 0
                }
                return Int(try row.decode(Int64.self))
            }
        }
    }

    /// Whether any row matches `filter` (the server stops at the first).
    @inlinable
    public func exists(where filter: (Table.Columns) -> Condition<Model>) async throws -> Bool {
        try await executor.measure("exists", entity: schema.entity) {
            try await recordingAccess("exists", key: nil, keys: { (_: Bool) in [] }) {
                var bindings = PostgresBindings(capacity: 4)
                let clause = try whereClause(filter(Table.columns), bindings: &bindings)
                let sql = "SELECT EXISTS (SELECT 1 FROM \(schema.table)\(clause))"
                guard let row = try await executor.fetchOne(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                                            context: try schema.context("exists")) else {
                    return false
                }
                return try row.decode(Bool.self)
            }
        }
    }

    /// PostgreSQL's plan of ``list(where:orderBy:page:)`` for these arguments, as the JSON text of
    /// `EXPLAIN (FORMAT JSON)`, with the same bindings (the statement is planned, not run).
    public func explain(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                        orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                        page: PageRequest? = nil) async throws -> String {
        try await executor.measure("explain", entity: schema.entity) {
            let statement = try listStatement(where: filter, orderBy: orderBy, page: page ?? PageRequest())
            let explained = PostgresQuery(unsafeSQL: "EXPLAIN (FORMAT JSON) " + statement.sql, binds: statement.binds)
            let rows = try await executor.fetchAll(explained, context: try schema.context("explain"))
            var plan = ""
            for row in rows {
                plan += try row.decode(String.self)
            }
            return plan
        }
    }
}
