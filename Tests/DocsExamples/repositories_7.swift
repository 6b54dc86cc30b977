// Compiled from docs/repositories.md (Swift block 7) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// A customer and their first order, both or neither.
func placeFirstOrder(_ request: CustomerCreate, on database: Database, cipher: FieldCipher) async throws -> Order {
    try await database.transaction { tx in
        let customers = CustomerRepository(on: tx, cipher: cipher)
        let orders = OrderRepository(on: tx)
        let customer = try await customers.create(request)
        return try await orders.create(OrderCreate(customerID: customer.id, number: 1001))
    }
}
