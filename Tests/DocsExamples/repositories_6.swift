// Compiled from docs/repositories.md (Swift block 6) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// Runs one request of a tenant's user: every repository call inside sees and changes that tenant's rows only.
func handleRequest(of user: String, in tenant: UUID, database: Database) async throws -> Int {
    try await Caller.$current.withValue(Caller(principal: user, tenant: tenant)) {
        try await OrderRepository(on: database).count()
    }
}
