import Foundation
import PostgresNIO
import Taxiway
import Testing

/// Cancelling the task that runs a unit of work rolls it back and stops its statement on the server.
@Suite("Cancellation")
struct CancellationTests {
    static func makeTable(_ database: Database, _ schema: String) async throws -> String {
        let table = "\(schema).notes"
        try await TestDatabase.sql(database, "CREATE TABLE \(table) (text text NOT NULL UNIQUE)")
        return table
    }

    @Test("a transaction cancelled in a slow statement rolls back, and the server stops the statement", arguments: TestServer.allCases)
    func cancelledInStatement(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, schema in
            let table = try await Self.makeTable(database, schema)
            let session = Shared<Int32>()
            let task = Task {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("cancelled")
                    session.value = try await ServerActivity.backendPID(tx)
                    try await tx.execute("SELECT pg_sleep(30)")
                    return "committed"
                }
            }
            let pid = try await session.wait()
            try await ServerActivity.waitUntilSleeping(pid: pid, on: database)
            let cancelledAt = ContinuousClock.now
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            // Far sooner than the 30 s sleep (the margin is for a loaded machine).
            #expect(ContinuousClock.now - cancelledAt < .seconds(10), "the statement was not stopped on the server")
            #expect(try await TestDatabase.count(database, table) == 0)
            #expect(try await ServerActivity.isSleeping(pid: pid, on: database) == false)
        }
    }

    @Test("a body that swallows the cancellation and returns is rolled back, not committed")
    func swallowedCancellation() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            let session = Shared<Int32>()
            let task = Task {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("cancelled")
                    session.value = try await ServerActivity.backendPID(tx)
                    _ = try? await tx.execute("SELECT pg_sleep(30)")
                    return "returned"
                }
            }
            let pid = try await session.wait()
            try await ServerActivity.waitUntilSleeping(pid: pid, on: database)
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(try await TestDatabase.count(database, table) == 0)
        }
    }

    @Test("a transaction cancelled while its body awaits something else is rolled back when the body returns")
    func cancelledOutsideStatement() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            let inserted = Shared<Bool>()
            let task = Task {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("cancelled")
                    inserted.value = true
                    try? await Task.sleep(for: .seconds(2))
                    return "returned"
                }
            }
            _ = try await inserted.wait()
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(try await TestDatabase.count(database, table) == 0)
        }
    }

    @Test("a statement outside a transaction, cancelled while it runs, stops on the server", arguments: TestServer.allCases)
    func cancelledAutocommit(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, _ in
            let marker = "cancel-me-" + UUID().uuidString
            let task = Task {
                try await database.execute(PostgresQuery(unsafeSQL: "SELECT pg_sleep(30) -- \(marker)"))
            }
            let pid = try await ServerActivity.pid(runningStatementContaining: marker, on: database)
            try await ServerActivity.waitUntilSleeping(pid: pid, on: database)
            let cancelledAt = ContinuousClock.now
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(ContinuousClock.now - cancelledAt < .seconds(10))
            #expect(try await ServerActivity.isSleeping(pid: pid, on: database) == false)
            // The connection stays in the pool and serves the next statements.
            try await database.execute("SELECT 1")
        }
    }

    @Test("a statement in an already cancelled task is not sent")
    func alreadyCancelled() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await NoteRepository(on: database, table: table).insert("never")
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await TestDatabase.count(database, table) == 0)
        }
    }
}
