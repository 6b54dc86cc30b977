import Foundation
import PostgresNIO
import Taxiway
import Testing

/// The deployment docs/operations.md describes: the primary reached through PgBouncer in transaction-pooling mode
/// (`Pooling.transactionPooler`), a streaming replica beside it. Part of the serialized replica suite, since it reads
/// the shared replica whose replay the other tests pause.
extension ReplicaTests {
    @Test("the primary behind PgBouncer with a replica: reads on the replica, writes and transactions through PgBouncer, read your writes",
          arguments: TestServer.allCases)
    func primaryBehindPgBouncer(_ server: TestServer) async throws {
        let variable = (server == .pg18 ? PgBouncerServer.pg18 : PgBouncerServer.pg15).variable
        let bouncerURL = try #require(ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 },
                                      "\(variable) is not set: run the tests through scripts/with-test-databases")
        let replicaURL = try Self.replicaURL(of: server)
        let primaryPort = try Self.port(of: TestDatabase.url(of: server)), replicaPort = try Self.port(of: replicaURL)
        let wait = Duration.milliseconds(300)
        // PgBouncer lends 8 server sessions per database, which the PgBouncer suite's tests share at the same
        // time: a login may wait for one of them.
        let options = Database.Options(connectionWaitTimeout: .seconds(20), pooling: .transactionPooler)
        try await Self.withRouting(primary: bouncerURL, replica: replicaURL,
                                   replication: Self.steadyReplication(readYourWritesWait: wait),
                                   options: options) { routing, _, replica in
            try await routing.execute(PostgresQuery(unsafeSQL: ReplicaNoteTable.ddl))
            #expect(try await Self.eventually { try await Self.reader(routing) == (replicaPort, true) }, "the replica serves reads")
            let notes = ReplicaNoteRepository(on: routing)
            // A transaction goes through PgBouncer to the primary, with its timeouts set per transaction.
            let (port, timeout) = try await routing.transaction { tx in
                let row = try #require(try await tx.fetchOne(
                    "SELECT inet_server_port(), current_setting('statement_timeout')", context: QueryContext(operation: "who", table: "-")))
                return try row.decode((Int, String).self)
            }
            #expect(port == primaryPort)
            #expect(timeout == "30s")
            // With the replica's replay paused, a caller's own write (through PgBouncer) is read back: the primary
            // answers once the bounded wait is over. Another caller reads the replica.
            _ = try await replica.execute("SELECT pg_wal_replay_pause()")
            do {
                let created = try await ReadYourWritesScope().run {
                    let created = try await notes.create(ReplicaNoteCreate(body: "behind pgbouncer"))
                    #expect(try await notes.get(id: created.id) == created)
                    return created
                }
                try await ReadYourWritesScope().run { () async throws in
                    #expect(try await notes.find(id: created.id) == nil, "another caller reads the paused replica")
                    #expect(try await Self.reader(routing) == (replicaPort, true))
                }
            } catch {
                _ = try? await replica.execute("SELECT pg_wal_replay_resume()")
                throw error
            }
            _ = try await replica.execute("SELECT pg_wal_replay_resume()")
            // Replay resumed, a health check still sees the replica serving reads.
            #expect(try await Self.eventually(seconds: 10) { routing.replicaStates.map(\.state) == ["primary", "serving reads"] },
                    "the replica serves reads again: \(routing.replicaStates.map(\.state))")
        }
    }
}
