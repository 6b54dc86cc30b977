import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// A transaction's handle works only inside its body, and its savepoints each have a name of their own.
@Suite("Transaction handles and savepoints")
struct TransactionHandleTests {
    @Test("a handle used after its body ended throws TransactionClosed and cannot commit the next unit of work on its connection")
    func leakedHandle() async throws {
        let url = try TestDatabase.url()
        var quiet = Logger(label: "taxiway.tests.leaked")
        quiet.logLevel = .critical
        // One connection, so the next unit of work runs on the leaked handle's connection.
        let database = try Database(url: url + (url.contains("?") ? "&" : "?") + "maxConnections=1", logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let table = "tw_leak_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            try await TestDatabase.sql(database, "CREATE TABLE \(table) (text text)")
            let leaked = Shared<Transaction>()
            try await database.transaction { tx in leaked.value = tx }
            let handle = try #require(leaked.value)
            #expect(!handle.isOpen)
            do {
                try await database.transaction { tx in
                    try await TestDatabase.sql(tx, "INSERT INTO \(table) VALUES ('not committed')")
                    await #expect(throws: TransactionClosed.self) { try await handle.execute("COMMIT") }
                    await #expect(throws: TransactionClosed.self) { try await TestDatabase.count(handle, table) }
                    await #expect(throws: TransactionClosed.self) { try await handle.query("SELECT 1").collect() }
                    await #expect(throws: TransactionClosed.self) { try await handle.savepoint { _ in } }
                    throw TestFailure()
                }
                Issue.record("the transaction committed")
            } catch is TestFailure {
                // rolled back, as the body asked
            }
            #expect(try await TestDatabase.count(database, table) == 0)
            try await TestDatabase.sql(database, "DROP TABLE \(table)")
        }
    }

    @Test("a failed inner savepoint after a swallowed error rolls back to its own savepoint; the outer one rolls back all of its work",
          arguments: TestServer.allCases)
    func nestedSavepoints(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, schema in
            let table = try await TransactionTests.makeTable(database, schema)
            try await database.transaction { tx in
                try await NoteRepository(on: tx, table: table).insert("before")
                let error = await #expect(throws: (any Error).self) {
                    try await tx.savepoint { outer in
                        try await NoteRepository(on: outer, table: table).insert("outer")
                        try await outer.savepoint { inner in
                            // A failed statement whose error is swallowed: this savepoint cannot be kept.
                            _ = try? await NoteRepository(on: inner, table: table).insert("before")
                        }
                    }
                }
                #expect(error is TransactionRolledBack, "\(String(describing: error))")
                try await NoteRepository(on: tx, table: table).insert("after")
            }
            let rows = try await database.fetchAll(
                "SELECT text FROM \(unescaped: table) ORDER BY text", context: QueryContext(operation: "list", table: table))
            #expect(try rows.map { try $0.decode(String.self) } == ["after", "before"])
        }
    }

    @Test("an inner savepoint that fails inside an outer one leaves the outer one's work and the transaction usable")
    func innerFailureCaught() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await TransactionTests.makeTable(database, schema)
            try await database.transaction { tx in
                try await tx.savepoint { outer in
                    try await NoteRepository(on: outer, table: table).insert("outer")
                    await #expect(throws: TestFailure.self) {
                        try await outer.savepoint { inner in
                            try await NoteRepository(on: inner, table: table).insert("inner")
                            throw TestFailure()
                        }
                    }
                    try await NoteRepository(on: outer, table: table).insert("outer 2")
                }
            }
            let rows = try await database.fetchAll(
                "SELECT text FROM \(unescaped: table) ORDER BY text", context: QueryContext(operation: "list", table: table))
            #expect(try rows.map { try $0.decode(String.self) } == ["outer", "outer 2"])
        }
    }
}
