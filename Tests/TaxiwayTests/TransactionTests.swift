import Foundation
import PostgresNIO
import Taxiway
import Testing

/// A stand-in for a generated repository: written once against ``DatabaseExecutor``.
struct NoteRepository<Executor: DatabaseExecutor> {
    let executor: Executor
    let table: String

    init(on executor: Executor, table: String) {
        self.executor = executor
        self.table = table
    }

    var context: QueryContext { QueryContext(operation: "insert", table: table, entity: "Note") }

    func insert(_ text: String) async throws {
        var query = PostgresQuery(unsafeSQL: "INSERT INTO \(table) (text) VALUES ($1)")
        query.binds.append(text)
        try await executor.execute(query, context: context)
    }
}

struct TestFailure: Error, Equatable {}

@Suite("Database transactions")
struct TransactionTests {
    static func makeTable(_ database: Database, _ schema: String) async throws -> String {
        let table = "\(schema).notes"
        try await TestDatabase.sql(database, "CREATE TABLE \(table) (text text NOT NULL UNIQUE)")
        return table
    }

    @Test("a transaction commits every statement of its body")
    func commit() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            let answer = try await database.transaction { tx in
                try await NoteRepository(on: tx, table: table).insert("one")
                try await NoteRepository(on: tx, table: table).insert("two")
                return 42
            }
            #expect(answer == 42)
            #expect(try await TestDatabase.count(database, table) == 2)
        }
    }

    @Test("a thrown error rolls the whole transaction back and is rethrown")
    func rollbackOnThrow() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            await #expect(throws: TestFailure.self) {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("one")
                    #expect(try await TestDatabase.count(tx, table) == 1)
                    throw TestFailure()
                }
            }
            #expect(try await TestDatabase.count(database, table) == 0)
        }
    }

    @Test("a database error inside the body rolls back earlier statements and surfaces mapped")
    func rollbackOnDatabaseError() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await NoteRepository(on: database, table: table).insert("taken")
            let error = await #expect(throws: DuplicateEntity.self) {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("fresh")
                    try await NoteRepository(on: tx, table: table).insert("taken")
                }
            }
            #expect(error?.entity == "Note")
            #expect(error?.field == "text")
            #expect(try await TestDatabase.count(database, table) == 1)
        }
    }

    @Test("a body that swallows a failed statement cannot commit: TransactionRolledBack")
    func swallowedFailure() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await NoteRepository(on: database, table: table).insert("taken")
            await #expect(throws: TransactionRolledBack.self) {
                try await database.transaction { tx in
                    try await NoteRepository(on: tx, table: table).insert("fresh")
                    _ = try? await NoteRepository(on: tx, table: table).insert("taken")
                }
            }
            #expect(try await TestDatabase.count(database, table) == 1)
        }
    }

    @Test("a savepoint rolls back only its own statements")
    func savepoint() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await database.transaction { tx in
                try await NoteRepository(on: tx, table: table).insert("kept")
                await #expect(throws: DuplicateEntity.self) {
                    try await tx.savepoint { inner in
                        try await NoteRepository(on: inner, table: table).insert("lost")
                        try await NoteRepository(on: inner, table: table).insert("kept")
                    }
                }
                try await NoteRepository(on: tx, table: table).insert("after")
            }
            let rows = try await database.fetchAll(
                PostgresQuery(unsafeSQL: "SELECT text FROM \(table) ORDER BY text"), context: QueryContext(operation: "list", table: table))
            #expect(try rows.map { try $0.decode(String.self) } == ["after", "kept"])
        }
    }

    @Test("the requested isolation level is in force inside the transaction")
    func isolationLevel() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let level = try await database.transaction(isolationLevel: .serializable) { tx in
                try await tx.fetchOne("SHOW transaction_isolation", context: QueryContext(operation: "show", table: "-"))?
                    .decode(String.self)
            }
            #expect(level == "serializable")
        }
    }

    @Test("statements outside a transaction use the pool; the raw row stream reads every row")
    func rawQueryStream() async throws {
        try await TestDatabase.withDatabase { database, _ in
            var total: Int64 = 0
            for try await value in try await database.query("SELECT generate_series(1, 100)::int8").decode(Int64.self) {
                total += value
            }
            #expect(total == 5050)
            let rows = try await database.transaction { tx in
                try await tx.query("SELECT generate_series(1, 3)::int8", logger: nil).collect().count
            }
            #expect(rows == 3)
        }
    }

    @Test("each statement logs operation, table, duration and row count at debug, never values")
    func logging() async throws {
        let capture = LogCapture()
        try await TestDatabase.withDatabase(logger: capture.logger()) { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await NoteRepository(on: database, table: table).insert("secret-value-123")
        }
        let inserts = capture.records.filter { $0.metadata[LogKeys.operation] == "insert" }
        let record = try #require(inserts.first)
        #expect(record.level == .debug)
        #expect(record.metadata[LogKeys.table]?.description.hasSuffix(".notes") == true)
        #expect(record.metadata[LogKeys.durationMilliseconds] != nil)
        #expect(record.metadata[LogKeys.rows] == "1")
        for record in capture.records {
            #expect(!"\(record.message) \(record.metadata)".contains("secret-value-123"))
        }
    }
}
