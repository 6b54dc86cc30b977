// Compiled from docs/operations.md (Swift block 5) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

/// Writes and transactions through PgBouncer to the primary; plain reads on the replicas.
func deployedDatabase(logger: Logger) throws -> Database {
    try Database(
        primaryURL: "postgres://app:secret@pgbouncer:6432/app",
        replicaURLs: ["postgres://app:secret@db-replica-1:5432/app"],
        replication: Database.Replication(readYourWritesWait: .milliseconds(100)),
        logger: logger,
        options: Database.Options(pooling: .transactionPooler))
}
