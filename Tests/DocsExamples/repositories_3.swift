// Compiled from docs/repositories.md (Swift block 3) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// A customer's open orders, newest first, 20 to a page.
func openOrders(of customer: UUID, in orders: OrderRepository) async throws -> Page<Order> {
    try await orders.list(where: { $0.customerID == customer && $0.status.in([.pending, .paid, .onHold]) },
                          orderBy: { [$0.placedAt.descending()] }, page: PageRequest(limit: 20))
}

/// Last week's orders worth a look: large, not yet dated for delivery, or with a note; not cancelled.
func followUps(from start: Date, upTo end: Date, in orders: OrderRepository) async throws -> [Order] {
    let lastWeek: Condition<Order> = Order.columns.placedAt.within(from: start, upTo: end)
    let large: Condition<Order> = Order.columns.total >= 500
    let undated: Condition<Order> = Order.columns.deliveryDate == nil
    let noted: Condition<Order> = Order.columns.notes != nil
    let page = try await orders.list(where: { columns in lastWeek && (large || undated || noted) && !(columns.status == .cancelled) },
                                     orderBy: { [$0.total.descending(), $0.deliveryDate.ascending(nulls: .first)] },
                                     page: PageRequest(limit: 100))
    return page.items
}

/// Customers of one account manager whose name starts with what was typed, tagged for either region.
func search(_ typed: String, manager: UUID, in customers: CustomerRepository) async throws -> Page<Customer> {
    try await customers.list(where: { $0.accountManagerID == manager && $0.name.hasPrefix(typed)
                                          && $0.tags.overlaps(["eu-west", "eu-north"]) },
                             orderBy: { [$0.name.ascending()] }, page: PageRequest(limit: 25))
}

/// Counting, probing, the first match, JSON containment and a batch read.
func dashboard(customer: UUID, recent ids: [UUID], in orders: OrderRepository) async throws {
    let pending = try await orders.count(where: { $0.customerID == customer && $0.status == .pending })
    let anyOnHold = try await orders.exists(where: { $0.status == .onHold })
    let latest = try await orders.first(where: { $0.customerID == customer }, orderBy: { [$0.placedAt.descending()] })
    let gifts = try await orders.list(where: { $0.data.contains(["gift": true]) }, page: PageRequest(limit: 50))
    let recent = try await orders.find(ids: ids)   // in the order of ids; unknown and deleted keys left out
    print(pending, anyOnHold, latest?.number ?? 0, gifts.items.count, recent.count)
}

/// The conditions of the spec's named queries (`open_orders_of_customer`, `unshipped_without_tracking`), reused.
func backlog(of customer: UUID, since start: Date, in orders: OrderRepository) async throws -> (open: Int, waiting: [Order]) {
    let open = try await orders.count(where: { _ in .openOrdersOfCustomer(customer: customer, since: start) })
    let waiting = try await orders.list(where: { .unshippedWithoutTracking && $0.customerID == customer },
                                        orderBy: { [$0.total.descending()] }, page: PageRequest(limit: 10))
    return (open, waiting.items)
}

/// The five visible products nearest to one, by the cosine distance its hnsw index was built for.
func similar(to product: Product, in products: ProductRepository) async throws -> [Product] {
    guard let embedding = product.embedding else { return [] }
    return try await products.nearest(to: embedding, on: { $0.embedding }, limit: 5,
                                      where: { $0.visibility == .public && $0.productID != product.productID })
}
