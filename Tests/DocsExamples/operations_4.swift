// Compiled from docs/operations.md (Swift block 4) by DocsTests; edit the page, then re-record with
// TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests.

import Crypto
import ExampleDomain
import Foundation
import Logging
import PostgresNIO
import Taxiway

func operations_4() async throws {
    let database = try Database(
        primaryURL: "postgres://app:secret@db-primary:5432/app",
        replicaURLs: ["postgres://app:secret@db-replica-1:5432/app", "postgres://app:secret@db-replica-2:5432/app"],
        replication: Database.Replication(
            maximumLag: .seconds(5),               // a replica further behind serves no reads until it catches up
            readYourWritesWait: .milliseconds(100), // how long a read waits for a replica to replay its caller's write
            healthCheckInterval: .seconds(1),       // how often every server is checked; a down replica is retried then
            replicaConnectionWaitTimeout: .seconds(1)))
    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { await database.run() }
        // One scope per request: its reads see its own writes.
        try await ReadYourWritesScope().run {
            try await database.execute("INSERT INTO audit_events (note) VALUES ('signed in')")   // the primary
            _ = try await database.fetchAll("SELECT note FROM audit_events", context: QueryContext(operation: "list", table: "audit_events"))
        }
        group.cancelAll()
    }
}
