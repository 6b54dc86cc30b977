import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// A ``Database`` over a primary and a real streaming replica (scripts/with-test-databases starts one of each test
/// server; the tests that stop or promote servers build a pair of their own): where reads, writes and transactions
/// go, read-your-writes while the replica's replay is paused, a stopped replica, a promotion, a primary that became
/// a standby. Serialized: they pause, stop and promote servers.
@Suite("Read replicas", .serialized)
struct ReplicaTests {
    static let replicaVariables: [TestServer: String] = [
        .pg18: "TAXIWAY_TEST_REPLICA_DATABASE_URL", .pg15: "TAXIWAY_TEST_PG15_REPLICA_DATABASE_URL",
    ]

    static func replicaURL(of server: TestServer) throws -> String {
        let variable = replicaVariables[server]!
        return try #require(ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 },
                            "\(variable) is not set: run the tests through scripts/with-test-databases")
    }

    static func port(of url: String) throws -> Int {
        try #require(URLComponents(string: url)?.port)
    }

    static var quiet: Logger {
        var logger = Logger(label: "taxiway.tests.replicas")
        logger.logLevel = .critical
        return logger
    }

    /// Replication for tests that expect reads on the replica (paused or not): the lag bound and the replica's
    /// connection wait are far longer than a test, so a loaded machine cannot turn the replica into a lagging one,
    /// or its busy pool into a fallback to the primary, between the check that it serves reads and the read. (Two
    /// tests failed so under CI load with the 5 s and 1 s defaults.) The tests of a stopped replica set their own.
    static func steadyReplication(readYourWritesWait: Duration = .milliseconds(100)) -> Database.Replication {
        Database.Replication(maximumLag: .seconds(300), readYourWritesWait: readYourWritesWait,
                             healthCheckInterval: .milliseconds(200), replicaConnectionWaitTimeout: .seconds(30))
    }

    /// Runs `body` with a running routing database and direct databases on the primary and the replica.
    static func withRouting<Result>(
        primary primaryURL: String, replica replicaURL: String,
        replication: Database.Replication = ReplicaTests.steadyReplication(),
        options: Database.Options = Database.Options(connectionWaitTimeout: .seconds(3)),
        _ body: (_ routing: Database, _ primary: Database, _ replica: Database) async throws -> Result
    ) async throws -> Result {
        let routing = try Database(primaryURL: primaryURL, replicaURLs: [replicaURL], replication: replication,
                                   logger: quiet, options: options)
        let primary = try Database(url: primaryURL, logger: quiet, options: options)
        let replica = try Database(url: replicaURL, logger: quiet, options: options)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            for database in [routing, primary, replica] {
                group.addTask { await database.run() }
            }
            defer { group.cancelAll() }
            return try await body(routing, primary, replica)
        }
    }

    /// The port and recovery state of the server that answered a plain read.
    static func reader(_ database: some DatabaseExecutor) async throws -> (port: Int, inRecovery: Bool) {
        let row = try #require(try await database.fetchOne(
            "SELECT inet_server_port(), pg_is_in_recovery()", context: QueryContext(operation: "who", table: "-")))
        let (port, inRecovery) = try row.decode((Int, Bool).self)
        return (port, inRecovery)
    }

    /// Inserts a note with a plain statement and returns the port of the server that took it.
    static func insert(_ body: String, on database: some DatabaseExecutor) async throws -> Int {
        let row = try #require(try await database.fetchOne(
            "INSERT INTO replica_notes (body) VALUES (\(body)) RETURNING inet_server_port()",
            context: QueryContext(operation: "insert", table: "replica_notes")))
        return try row.decode(Int.self)
    }

    /// Polls `condition` every 50 ms for at most `seconds`.
    static func eventually(seconds: Double = 15, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test("plain reads and the repository's reads go to the replica; writes and transactions to the primary",
          arguments: TestServer.allCases)
    func routing(_ server: TestServer) async throws {
        let primaryURL = try TestDatabase.url(of: server), replicaURL = try Self.replicaURL(of: server)
        let primaryPort = try Self.port(of: primaryURL), replicaPort = try Self.port(of: replicaURL)
        try await Self.withRouting(primary: primaryURL, replica: replicaURL) { routing, primary, replica in
            try await routing.execute(PostgresQuery(unsafeSQL: ReplicaNoteTable.ddl))
            let notes = ReplicaNoteRepository(on: routing)
            // A caller that wrote nothing reads from the replica once the router has seen it healthy; this
            // database's own reads do once the replica has replayed its writes (the CREATE TABLE).
            #expect(try await Self.eventually(seconds: 10) { routing.replicaStates.map(\.state) == ["primary", "serving reads"] },
                    "the replica never served reads: \(routing.replicaStates)")
            try await ReadYourWritesScope().run { () async throws in
                #expect(try await Self.reader(routing) == (replicaPort, true))
            }
            #expect(try await Self.eventually { try await Self.reader(routing) == (replicaPort, true) })
            #expect(try await Self.insert("routing", on: routing) == primaryPort)
            let inTransaction = try await routing.transaction { tx in try await Self.reader(tx) }
            #expect(inTransaction == (primaryPort, false))
            // Locking reads, SELECT … INTO and WITH are not plain reads: the primary answers them.
            let locked = try #require(try await routing.fetchOne(
                "SELECT inet_server_port() FROM replica_notes LIMIT 1 FOR UPDATE", context: QueryContext(operation: "lock", table: "-")))
            #expect(try locked.decode(Int.self) == primaryPort)
            let with = try #require(try await routing.fetchOne(
                "WITH x AS (SELECT 1) SELECT inet_server_port() FROM x", context: QueryContext(operation: "with", table: "-")))
            #expect(try with.decode(Int.self) == primaryPort)
            let pinned = try #require(try await routing.fetchOne(
                "SELECT inet_server_port()", context: QueryContext(operation: "pinned", table: "-", routing: .primary)))
            #expect(try pinned.decode(Int.self) == primaryPort)

            // The repository's reads go to the replica: with its replay paused, a note written through the primary
            // alone is not found by a caller that wrote nothing, while the primary has it.
            #expect(try await Self.eventually { try await Self.reader(routing).port == replicaPort }, "the replica caught up")
            let before = try await notes.count()
            _ = try await replica.execute("SELECT pg_wal_replay_pause()")
            do {
                let hidden = try await ReplicaNoteRepository(on: primary).create(ReplicaNoteCreate(body: "hidden"))
                try await ReadYourWritesScope().run { () async throws in
                    #expect(try await notes.find(id: hidden.id) == nil)
                    #expect(try await notes.count() == before)
                    #expect(try await notes.exists(where: { _ in .all }) == (before > 0))
                    #expect(try await notes.list(page: PageRequest(limit: 100)).items.allSatisfy { $0.id != hidden.id })
                }
                #expect(try await ReplicaNoteRepository(on: primary).find(id: hidden.id) == hidden)
            } catch {
                _ = try? await replica.execute("SELECT pg_wal_replay_resume()")
                throw error
            }
            _ = try await replica.execute("SELECT pg_wal_replay_resume()")
            // Afterwards: the replica serves reads and the repository writes went to the primary.
            let created = try await notes.create(ReplicaNoteCreate(body: "after"))
            #expect(try await notes.get(id: created.id) == created)
            #expect(try await Self.eventually(seconds: 10) { routing.replicaStates.map(\.state) == ["primary", "serving reads"] },
                    "the replica serves reads again: \(routing.replicaStates.map(\.state))")
        }
    }

    @Test("read your writes: with replay paused, the caller's read waits at most the bound, then the primary answers",
          arguments: TestServer.allCases)
    func readYourWrites(_ server: TestServer) async throws {
        let primaryURL = try TestDatabase.url(of: server), replicaURL = try Self.replicaURL(of: server)
        let primaryPort = try Self.port(of: primaryURL), replicaPort = try Self.port(of: replicaURL)
        let wait = Duration.milliseconds(300)
        try await Self.withRouting(primary: primaryURL, replica: replicaURL,
                                   replication: Self.steadyReplication(readYourWritesWait: wait)) { routing, _, replica in
            try await routing.execute(PostgresQuery(unsafeSQL: ReplicaNoteTable.ddl))
            let marker = "ryw-\(UUID())"
            let query: PostgresQuery = "SELECT count(*)::int, inet_server_port() FROM replica_notes WHERE body = \(marker)"
            let context = QueryContext(operation: "read", table: "replica_notes")
            #expect(try await Self.eventually { try await Self.reader(routing).port == replicaPort }, "the replica caught up")
            _ = try await replica.execute("SELECT pg_wal_replay_pause()")
            do {
                try await ReadYourWritesScope().run {
                    #expect(try await Self.insert(marker, on: routing) == primaryPort)
                    let start = ContinuousClock.now
                    let (count, port) = try #require(try await routing.fetchOne(query, context: context)).decode((Int, Int).self)
                    let waited = ContinuousClock.now - start
                    #expect(count == 1, "the caller's own write is visible")
                    #expect(port == primaryPort, "served by the primary: the replica has not replayed the write")
                    #expect(waited >= wait, "it waited for the replica first (\(waited))")
                }
                // Another caller, which wrote nothing, reads the paused replica and does not see the row.
                try await ReadYourWritesScope().run { () async throws in
                    let (count, port) = try #require(try await routing.fetchOne(query, context: context)).decode((Int, Int).self)
                    #expect(count == 0)
                    #expect(port == replicaPort)
                }
            } catch {
                _ = try? await replica.execute("SELECT pg_wal_replay_resume()")
                throw error
            }
            _ = try await replica.execute("SELECT pg_wal_replay_resume()")
            // Afterwards: once replayed, the writer's reads are served by the replica again, with its row.
            let back = try await Self.eventually {
                let (count, port) = try #require(try await routing.fetchOne(query, context: context)).decode((Int, Int).self)
                return count == 1 && port == replicaPort
            }
            #expect(back)
        }
    }

    @Test("a stopped replica is skipped (the primary answers) and serves reads again once it is back",
          arguments: TestServer.allCases)
    func stoppedReplica(_ server: TestServer) async throws {
        let pair = try await ReplicaPair.start(server)
        do {
            try await Self.withRouting(primary: pair.primaryURL, replica: pair.replicaURL,
                                       replication: Database.Replication(healthCheckInterval: .milliseconds(200),
                                                                         replicaConnectionWaitTimeout: .milliseconds(500))) { routing, _, _ in
                #expect(try await Self.reader(routing) == (pair.replicaPort, true))
                try await pair.stopReplica()
                let start = ContinuousClock.now
                for _ in 0..<5 {
                    #expect(try await Self.reader(routing) == (pair.primaryPort, false))
                }
                #expect(ContinuousClock.now - start < .seconds(5), "the down replica is skipped, not waited for each time")
                #expect(try await Self.eventually(seconds: 5) { routing.replicaStates.last?.state == "down" })
                try await pair.startReplica()
                let back = try await Self.eventually(seconds: 30) { try await Self.reader(routing).port == pair.replicaPort }
                #expect(back, "the replica serves reads again after it came back")
                #expect(try await Self.eventually(seconds: 10) { routing.replicaStates.map(\.state) == ["primary", "serving reads"] })
            }
        } catch {
            await pair.destroy()
            throw error
        }
        await pair.destroy()
    }

    @Test("after a promotion (old primary stopped, replica promoted) writes and transactions go to the new primary",
          arguments: TestServer.allCases)
    func promotion(_ server: TestServer) async throws {
        let pair = try await ReplicaPair.start(server)
        do {
            try await Self.withRouting(primary: pair.primaryURL, replica: pair.replicaURL,
                                       replication: Database.Replication(healthCheckInterval: .milliseconds(200),
                                                                         replicaConnectionWaitTimeout: .milliseconds(500)),
                                       options: Database.Options(connectionWaitTimeout: .seconds(2))) { routing, _, _ in
                try await routing.execute(PostgresQuery(unsafeSQL: ReplicaNoteTable.ddl))
                #expect(try await Self.insert("before", on: routing) == pair.primaryPort)
                try await pair.stopPrimary()
                try await pair.promoteReplica()
                // The write is refused or finds the old primary gone: the router finds the promoted server and
                // runs it there (an autocommit statement that failed so did nothing).
                #expect(try await Self.insert("after", on: routing) == pair.replicaPort)
                let inTransaction = try await routing.transaction { tx in
                    try await Self.insert("in a transaction", on: tx)
                }
                #expect(inTransaction == pair.replicaPort)
                // Afterwards: the new primary holds all three rows and is not in recovery; the old one is down.
                let rows = try #require(try await routing.fetchOne(
                    "SELECT count(*)::int, pg_is_in_recovery() FROM replica_notes", context: QueryContext(operation: "count", table: "-")))
                #expect(try rows.decode((Int, Bool).self) == (3, false))
                #expect(routing.replicaStates.map(\.state) == ["down", "primary"])
            }
        } catch {
            await pair.destroy()
            throw error
        }
        await pair.destroy()
    }

    @Test("a primary that is a standby refuses writes (25006): a write runs on the real primary, a transaction throws a retryable error and its retry succeeds",
          arguments: TestServer.allCases)
    func readOnlyPrimary(_ server: TestServer) async throws {
        let primaryURL = try TestDatabase.url(of: server), replicaURL = try Self.replicaURL(of: server)
        let primaryPort = try Self.port(of: primaryURL)
        // The configured "primary" is the standby, as after a failover that demoted it.
        let late = Database.Replication(healthCheckInterval: .seconds(600))
        try await Self.withRouting(primary: replicaURL, replica: primaryURL, replication: late) { routing, standby, realPrimary in
            try await realPrimary.execute(PostgresQuery(unsafeSQL: ReplicaNoteTable.ddl))
            #expect(try await Self.eventually {
                try await standby.fetchOne("SELECT to_regclass('replica_notes') IS NOT NULL", context: QueryContext(operation: "table", table: "-"))?
                    .decode(Bool.self) == true
            }, "the standby has the table, so the insert is refused for being a write (25006), not for a missing table")
            var bodyRuns = 0
            let error = try #require(await #expect(throws: DatabaseUnavailable.self) {
                try await routing.transaction { tx in
                    bodyRuns += 1
                    _ = try await Self.insert("refused", on: tx)
                }
            })
            #expect(error.isRetryable)
            #expect(bodyRuns == 1, "the body is not re-run silently")
            #expect(try await routing.transaction { tx in try await Self.insert("retried", on: tx) } == primaryPort)
        }
        try await Self.withRouting(primary: replicaURL, replica: primaryURL, replication: late) { routing, _, _ async throws in
            #expect(try await Self.insert("autocommit", on: routing) == primaryPort)
            // Afterwards: the real primary is the primary, the standby serves reads.
            #expect(routing.replicaStates.map(\.state) == ["serving reads", "primary"])
        }
    }

    @Test("which statements are plain reads")
    func classification() {
        #expect(Database.isReplicaRead("SELECT * FROM t WHERE id = $1"))
        #expect(Database.isReplicaRead(" /* c */ (SELECT 1) UNION (SELECT 2)"))
        #expect(Database.isReplicaRead("SELECT 'FOR UPDATE', \"into\" FROM t"))
        #expect(Database.isReplicaRead("SELECT $$ for update $$, $tag$ into $tag$"))
        #expect(Database.isReplicaRead("TABLE t"))
        #expect(!Database.isReplicaRead("SELECT * FROM t FOR UPDATE"))
        #expect(!Database.isReplicaRead("SELECT * FROM t for no key update"))
        #expect(!Database.isReplicaRead("SELECT * FROM t FOR SHARE SKIP LOCKED"))
        #expect(!Database.isReplicaRead("SELECT * FROM t FOR KEY SHARE"))
        #expect(!Database.isReplicaRead("SELECT * INTO copy FROM t"))
        #expect(!Database.isReplicaRead("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d"))
        #expect(!Database.isReplicaRead("INSERT INTO t VALUES (1)"))
        #expect(!Database.isReplicaRead("-- SELECT\nUPDATE t SET a = 1"))
        #expect(!Database.isReplicaRead("SHOW server_version"))
    }
}
