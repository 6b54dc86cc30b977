// Compiled from docs/operations.md (Swift block 7) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// A database whose access records go to `auditLogger` (for example a handler writing to an append-only
/// store), apart from the service's other logs.
func auditedDatabase(url: String, logger: Logger, auditLogger: Logger) throws -> Database {
    var options = Database.Options()
    options.accessLog = AccessLog(logger: auditLogger)
    return try Database(url: url, logger: logger, options: options)
}
