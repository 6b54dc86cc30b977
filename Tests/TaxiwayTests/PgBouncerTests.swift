import Foundation
import PostgresNIO
import Taxiway
import Testing

/// Taxiway through a real PgBouncer in transaction-pooling mode (Debian's package, started by
/// scripts/with-test-databases with 8 server sessions per database): sessions are shared between clients, so
/// nothing may be left on a session, every setting is per transaction, and failures leave the shared sessions
/// clean. The generated repositories' own tests also run through it (scripts/run-suite, `TAXIWAY_TEST_VIA_PGBOUNCER`).
@Suite("PgBouncer (transaction pooling)")
struct PgBouncerTests {
    static func makeTable(_ database: Database, _ schema: String) async throws -> String {
        let table = "\(schema).notes"
        try await TestDatabase.sql(database, "CREATE TABLE \(table) (text text NOT NULL UNIQUE)")
        return table
    }

    static func show(_ executor: some DatabaseExecutor, _ setting: String) async throws -> String {
        let row = try await executor.fetchOne(
            PostgresQuery(unsafeSQL: "SHOW \(setting)"), context: QueryContext(operation: "show", table: "-"))
        return try #require(row).decode(String.self)
    }

    static func setting(_ executor: some DatabaseExecutor, _ name: String) async throws -> String? {
        var query = PostgresQuery(unsafeSQL: "SELECT nullif(current_setting($1, true), '')")
        query.binds.append(name)
        let row = try await executor.fetchOne(query, context: QueryContext(operation: "setting", table: "-"))
        return try #require(row).decode(String?.self)
    }

    @Test("two clients are served by the same server sessions: the statements really go through the pooler",
          arguments: PgBouncerServer.allCases)
    func sessionsAreShared(bouncer: PgBouncerServer) async throws {
        try await TestDatabase.withDatabase(through: bouncer) { first, _ in
            try await TestDatabase.withDatabase(through: bouncer) { second, _ in
                var seenByFirst: Set<Int32> = []
                var seenBySecond: Set<Int32> = []
                for _ in 0..<20 {
                    seenByFirst.insert(try await ServerActivity.backendPID(first))
                    seenBySecond.insert(try await ServerActivity.backendPID(second))
                }
                // Two PostgresNIO clients, each with connections of its own: without a pooler they could never
                // meet on one server session.
                #expect(!seenByFirst.isDisjoint(with: seenBySecond), "\(seenByFirst) \(seenBySecond)")
            }
        }
    }

    @Test("32 concurrent transactions share at most 8 server sessions, each transaction whole on one of them",
          arguments: PgBouncerServer.allCases)
    func concurrentTransactions(bouncer: PgBouncerServer) async throws {
        try await TestDatabase.withDatabase(through: bouncer) { database, schema in
            let table = try await Self.makeTable(database, schema)
            let sessions = try await withThrowingTaskGroup(of: (Int32, Int32).self) { group in
                for index in 0..<32 {
                    group.addTask {
                        try await database.transaction { tx in
                            let before = try await ServerActivity.backendPID(tx)
                            try await NoteRepository(on: tx, table: table).insert("note \(index)")
                            try await tx.execute("SELECT pg_sleep(0.05)")
                            return (before, try await ServerActivity.backendPID(tx))
                        }
                    }
                }
                var sessions: [(Int32, Int32)] = []
                for try await pair in group { sessions.append(pair) }
                return sessions
            }
            #expect(sessions.count == 32)
            #expect(sessions.allSatisfy { $0.0 == $0.1 }, "a transaction moved between server sessions")
            #expect(Set(sessions.map(\.0)).count <= PgBouncerServer.poolSize)
            #expect(try await TestDatabase.count(database, table) == 32)
        }
    }

    @Test("timeouts and settings are set per transaction and never stay on the shared session",
          arguments: PgBouncerServer.allCases)
    func settingsPerTransaction(bouncer: PgBouncerServer) async throws {
        try await TestDatabase.withDatabase(through: bouncer) { database, _ in
            for round in 0..<12 {
                let inside = try await database.transaction { tx in
                    let actor = "actor \(round)"
                    _ = try await tx.execute("SELECT set_config('taxiway.test_actor', \(actor), true)")
                    return (try await Self.show(tx, "statement_timeout"), try await Self.show(tx, "lock_timeout"),
                            try await Self.setting(tx, "taxiway.test_actor"))
                }
                #expect(inside.0 == "30s")
                #expect(inside.1 == "10s")
                #expect(inside.2 == "actor \(round)")
                // Outside a transaction, on whichever session the proxy lends: the server's settings, no actor.
                #expect(try await Self.show(database, "statement_timeout") == "0")
                #expect(try await Self.setting(database, "taxiway.test_actor") == nil)
            }
        }
    }

    @Test("a statement timeout inside a transaction is a retryable error; the session is clean afterwards",
          arguments: PgBouncerServer.allCases)
    func statementTimeout(bouncer: PgBouncerServer) async throws {
        let timeouts = Database.Timeouts(statement: .seconds(1), lock: .seconds(1), idleInTransaction: .seconds(10))
        let options = Database.Options(timeouts: timeouts, pooling: .transactionPooler)
        try await TestDatabase.withDatabase(through: bouncer, options: options) { database, schema in
            let table = try await Self.makeTable(database, schema)
            do {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("timed out")
                    try await tx.execute("SELECT pg_sleep(5)")
                }
                Issue.record("the sleep was not stopped by the statement timeout")
            } catch let error as TransientDatabaseError {
                #expect(error.isRetryable)
                #expect(error.sqlState == "57014")
            }
            #expect(try await TestDatabase.count(database, table) == 0)
            for _ in 0..<10 {
                #expect(try await Self.show(database, "statement_timeout") == "0")
                #expect(try await Self.show(database, "transaction_isolation") == "read committed")
            }
        }
    }

    @Test("a failed transaction is rolled back and leaves no aborted session to the next client",
          arguments: PgBouncerServer.allCases)
    func failedTransaction(bouncer: PgBouncerServer) async throws {
        try await TestDatabase.withDatabase(through: bouncer) { database, schema in
            let table = try await Self.makeTable(database, schema)
            await #expect(throws: DuplicateEntity.self) {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("twice")
                    try await NoteRepository(on: tx, table: table).insert("twice")
                }
            }
            #expect(try await TestDatabase.count(database, table) == 0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<24 {
                    group.addTask { try await NoteRepository(on: database, table: table).insert("after \(index)") }
                }
                try await group.waitForAll()
            }
            #expect(try await TestDatabase.count(database, table) == 24)
        }
    }

    @Test("a server session terminated under a transaction: a retryable error, nothing committed, the pool recovers",
          arguments: PgBouncerServer.allCases)
    func terminatedSession(bouncer: PgBouncerServer) async throws {
        try await TestDatabase.withDatabase(through: bouncer) { database, schema in
            let table = try await Self.makeTable(database, schema)
            do {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("lost")
                    let pid = try await ServerActivity.backendPID(tx)
                    var terminate = PostgresQuery(unsafeSQL: "SELECT pg_terminate_backend($1)")
                    terminate.binds.append(pid)
                    try await database.execute(terminate, context: QueryContext(operation: "terminate", table: "-"))
                    try await Task.sleep(for: .milliseconds(200))
                    try await NoteRepository(on: tx, table: table).insert("after")
                }
                Issue.record("the transaction survived its terminated server session")
            } catch let error as any TaxiwayError {
                #expect(error.isRetryable, "\(error)")
            }
            #expect(try await TestDatabase.count(database, table) == 0)
            try await NoteRepository(on: database, table: table).insert("recovered")
            #expect(try await TestDatabase.count(database, table) == 1)
        }
    }

    @Test("a cancelled transaction's connection is closed: nothing is committed, and the server's statement ends",
          arguments: PgBouncerServer.allCases)
    func cancelledTransaction(bouncer: PgBouncerServer) async throws {
        try await TestDatabase.withDatabase(through: bouncer) { database, schema in
            let table = try await Self.makeTable(database, schema)
            let session = Shared<Int32>()
            let task = Task {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("cancelled")
                    session.value = try await ServerActivity.backendPID(tx)
                    try await tx.execute("SELECT pg_sleep(8)")
                    return "committed"
                }
            }
            let pid = try await session.wait()
            try await ServerActivity.waitUntilSleeping(pid: pid, on: database)
            let cancelledAt = ContinuousClock.now
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            // Far sooner than the 8 s sleep (the margin is for a loaded machine).
            #expect(ContinuousClock.now - cancelledAt < .seconds(6), "the task waited for the statement")
            // PgBouncer drops the server session whose client left mid-statement; the server rolls it back.
            let deadline = ContinuousClock.now + .seconds(20)
            while try await ServerActivity.isActive(pid: pid, on: database), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(try await ServerActivity.isActive(pid: pid, on: database) == false)
            #expect(try await TestDatabase.count(database, table) == 0)
        }
    }
}
