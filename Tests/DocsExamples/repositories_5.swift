// Compiled from docs/repositories.md (Swift block 5) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway


/// The newest orders of the customers in one status: a subquery on another table.
func ordersOfCustomers(in status: Customer.Status, limit: Int, on executor: any DatabaseExecutor) async throws -> [Order] {
    let order = Order.columns
    let customer = Customer.columns
    let sql = OrderTable.schema.select
        + " WHERE \(order.deletedAt) IS NULL AND \(order.customerID) IN ("
        + "SELECT \(customer.customerID) FROM \(CustomerTable.schema.table)"
        + " WHERE \(customer.status) = $1 AND \(customer.deletedAt) IS NULL)"
        + " ORDER BY \(order.placedAt) DESC, \(order.orderID) DESC LIMIT $2"
    var bindings = PostgresBindings()
    bindings.append(status.rawValue)
    bindings.append(Int64(limit))
    let rows = try await executor.fetchAll(PostgresQuery(unsafeSQL: sql, binds: bindings),
                                           context: OrderTable.schema.context("ordersOfCustomers"))
    let table = OrderTable()
    return try rows.map { try table.decode($0) }
}

/// Orders at or above the 99th percentile of all totals and at least `minimum`, through the repository.
func largestOrders(atLeast minimum: Decimal, in orders: OrderRepository) async throws -> [Order] {
    let total = Order.columns.total
    let sql = OrderTable.schema.select
        + " WHERE \(Order.columns.deletedAt) IS NULL AND \(total) >= $1 AND \(total) >= ("
        + "SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY \(total)) FROM \(OrderTable.schema.table))"
        + " ORDER BY \(total) DESC"
    var bindings = PostgresBindings()
    try bindings.append(minimum)
    return try await orders.fetch(sql, bindings, operation: "largestOrders")
}
