// Compiled from docs/operations.md (Swift block 6) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// Runs `body` for the signed-in user of one tenant: every statement it sends carries both.
func handle<Result: Sendable>(user: String, tenant: UUID, _ body: () async throws -> Result) async throws -> Result {
    try await Caller.$current.withValue(Caller(principal: "user:\(user)", tenant: tenant)) {
        try await body()
    }
}
