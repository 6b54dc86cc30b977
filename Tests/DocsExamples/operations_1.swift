// Compiled from docs/operations.md (Swift block 1) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// The service's database, reporting metrics and spans to the process-wide systems (bootstrapped at startup
/// with `MetricsSystem.bootstrap(…)` and `InstrumentationSystem.bootstrap(…)`) and logging every statement
/// that takes 200 ms or more.
func observedDatabase(url: String, logger: Logger) throws -> Database {
    var options = Database.Options()
    options.observability = Observability(slowStatementThreshold: .milliseconds(200))
    return try Database(url: url, logger: logger, options: options)
}
