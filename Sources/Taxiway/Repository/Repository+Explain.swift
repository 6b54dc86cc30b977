import Foundation
import PostgresNIO

extension Repository {
    /// The statement ``list(where:orderBy:page:includeDeleted:)`` runs for these arguments, with its
    /// bindings, without running it: for logging, for `EXPLAIN`, or for hand-written SQL built on it.
    @inlinable
    public func listStatement(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                              orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                              page: PageRequest, includeDeleted: Bool = false) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: 8)
        let query = listQuery(orderBy)
        let clause = try whereClause(filter(Table.columns), includeDeleted: includeDeleted, bindings: &bindings)
        bindings.append(page.fetchLimit)
        bindings.append(page.sqlOffset)
        let sql = schema.select + clause + query.orderBy + " LIMIT $\(bindings.count - 1) OFFSET $\(bindings.count)"
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// PostgreSQL's plan of ``list(where:orderBy:page:includeDeleted:)`` for these arguments, as the JSON
    /// text of `EXPLAIN (FORMAT JSON)`, with the same bindings (the statement is planned, not run).
    ///
    /// A test proves that a query is served by an index with it; on a tiny table the planner prefers a
    /// sequential scan, so run it in a transaction after `SET LOCAL enable_seqscan = off`:
    ///
    /// ```swift
    /// let plan = try await database.transaction { tx in
    ///     try await tx.execute("SET LOCAL enable_seqscan = off")
    ///     return try await OrderRepository(on: tx).explain(where: { $0.customerID == customer })
    /// }
    /// #expect(plan.contains("\"Index Name\": \"ix_orders_customer_id\""))
    /// ```
    public func explain(where filter: (Table.Columns) -> Condition<Model> = { _ in .all },
                        orderBy: (Table.Columns) -> [SortTerm<Model>] = { _ in [] },
                        page: PageRequest? = nil, includeDeleted: Bool = false) async throws -> String {
        try await executor.measure("explain", entity: schema.entity) {
            let statement = try listStatement(where: filter, orderBy: orderBy, page: page ?? PageRequest(),
                                              includeDeleted: includeDeleted)
            let explained = PostgresQuery(unsafeSQL: "EXPLAIN (FORMAT JSON) " + statement.sql, binds: statement.binds)
            let rows = try await executor.fetchAll(explained, context: schema.context("explain"))
            var plan = ""
            for row in rows {
                plan += try row.decode(String.self)
            }
            return plan
        }
    }
}
