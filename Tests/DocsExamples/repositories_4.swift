// Compiled from docs/repositories.md (Swift block 4) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// One page of a customer's orders, largest first; `cursor` is what the previous page returned.
func ordersPage(of customer: UUID, after cursor: String?, in orders: OrderRepository) async throws -> (items: [Order], next: String?) {
    let request = try KeysetPageRequest(limit: 50, after: cursor)   // IllegalArgument for a malformed cursor
    let page = try await orders.list(where: { $0.customerID == customer },
                                     orderBy: { [$0.total.descending(), $0.deliveryDate.ascending()] }, after: request)
    return (page.items, page.nextCursor?.encoded)
}
