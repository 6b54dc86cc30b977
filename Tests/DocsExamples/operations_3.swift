// Compiled from docs/operations.md (Swift block 3) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// The service's database behind PgBouncer (`pool_mode = transaction`).
func pooledDatabase(url: String, logger: Logger) throws -> Database {
    try Database(url: url, logger: logger, options: Database.Options(pooling: .transactionPooler))
}
