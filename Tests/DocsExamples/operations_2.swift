// Compiled from docs/operations.md (Swift block 2) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// A customer by email, created when there is none: one `findOrCreate` operation, however many statements.
func findOrCreate(_ request: CustomerCreate, in customers: CustomerRepository) async throws -> Customer {
    try await customers.executor.measure("findOrCreate", entity: "Customer") {
        if let existing = try await customers.find(byEmail: request.email) { return existing }
        return try await customers.create(request)
    }
}
