// Compiled from docs/repositories.md (Swift block 8) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

func everyCustomer(in customers: CustomerRepository) async throws -> [Customer] {
    var all: [Customer] = []
    var request = try PageRequest(limit: 50)
    while true {
        let page = try await customers.list(page: request)
        all += page.items
        guard page.hasMore else { break }
        request = try request.next   // IllegalArgument past PageRequest.defaultMaximumOffset
    }
    return all
}
