import Foundation
import PostgresNIO
import Taxiway
import Testing

@Suite("Mapping PostgreSQL errors to the guidelines' exceptions")
struct ErrorMappingTests {
    /// A small table like a generated one: soft delete, a partial unique index, named CHECKs.
    static func makeTable(_ database: Database, _ schema: String) async throws -> String {
        let table = "\(schema).items"
        try await TestDatabase.sql(database, """
            CREATE TABLE \(table) (
                item_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                email text NOT NULL,
                code varchar(5),
                quantity integer NOT NULL DEFAULT 0 CONSTRAINT ck_items_quantity_min CHECK (quantity >= 0),
                deleted_at timestamptz
            )
            """)
        try await TestDatabase.sql(
            database, "CREATE UNIQUE INDEX ux_items_email_active ON \(table) (email) WHERE deleted_at IS NULL")
        return table
    }

    static let uniqueFields = ["ux_items_email_active": "email"]

    static func insert(_ executor: some DatabaseExecutor, _ table: String, email: String?, quantity: Int32 = 0) async throws {
        var query = PostgresQuery(unsafeSQL: "INSERT INTO \(table) (email, quantity) VALUES ($1, $2)")
        query.binds.append(email)
        query.binds.append(quantity)
        let context = QueryContext(operation: "insert", table: table, entity: "Item", uniqueFields: uniqueFields)
        try await executor.execute(query, context: context)
    }

    @Test("unique_violation becomes DuplicateEntity naming the field from the caller's map, without the value")
    func duplicate() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await Self.insert(database, table, email: "ann@example.com")
            let error = try #require(await #expect(throws: DuplicateEntity.self) {
                try await Self.insert(database, table, email: "ann@example.com")
            })
            #expect(error == DuplicateEntity(entity: "Item", field: "email", constraint: "ux_items_email_active"))
            #expect(!error.description.contains("ann@example.com"))
            #expect(!error.isRetryable)
        }
    }

    @Test("the partial unique index lets a soft-deleted row's value be used again")
    func softDeletedDoesNotBlock() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await Self.insert(database, table, email: "bob@example.com")
            try await TestDatabase.sql(database, "UPDATE \(table) SET deleted_at = now()")
            try await Self.insert(database, table, email: "bob@example.com")
            #expect(try await TestDatabase.count(database, table) == 2)
        }
    }

    @Test("without a map entry the field comes from the server's column list, never its values")
    func duplicateUnmapped() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await TestDatabase.sql(database, "INSERT INTO \(table) (email) VALUES ('x@example.com')")
            let error = try #require(await #expect(throws: DuplicateEntity.self) {
                try await TestDatabase.sql(database, "INSERT INTO \(table) (email) VALUES ('x@example.com')")
            })
            #expect(error.field == "email")
            #expect(error.entity == "items")
            #expect(error.constraint == "ux_items_email_active")
        }
    }

    @Test("check_violation becomes IllegalArgument naming the constraint")
    func check() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            let error = try #require(await #expect(throws: IllegalArgument.self) {
                try await Self.insert(database, table, email: "c@example.com", quantity: -5)
            })
            #expect(error.constraint == "ck_items_quantity_min")
            #expect(error.sqlState == "23514")
            #expect(error.message.contains("ck_items_quantity_min"))
        }
    }

    @Test("not_null_violation becomes IllegalArgument naming the column")
    func notNull() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            let error = try #require(await #expect(throws: IllegalArgument.self) {
                try await Self.insert(database, table, email: nil)
            })
            #expect(error.sqlState == "23502")
            #expect(error.message.contains("email"))
        }
    }

    @Test("data exceptions (class 22) become IllegalArgument without quoting the value")
    func dataExceptions() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            var tooLong = PostgresQuery(unsafeSQL: "INSERT INTO \(table) (email, code) VALUES ('d@example.com', $1)")
            tooLong.binds.append("ABCDEFGHIJ")
            let long = try #require(await #expect(throws: IllegalArgument.self) {
                try await database.execute(tooLong, context: QueryContext(operation: "insert", table: table, entity: "Item"))
            })
            #expect(long.sqlState == "22001")
            #expect(!long.message.contains("ABCDEFGHIJ"))

            var badNumber = PostgresQuery(unsafeSQL: "SELECT $1::text::integer")
            badNumber.binds.append("not-a-number-42")
            let invalid = try #require(await #expect(throws: IllegalArgument.self) {
                try await database.execute(badNumber)
            })
            #expect(invalid.sqlState == "22P02")
            #expect(!invalid.message.contains("not-a-number-42"))
        }
    }

    @Test("a serialization failure becomes a retryable TransientDatabaseError")
    func serializationFailure() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = "\(schema).counters"
            try await TestDatabase.sql(database, "CREATE TABLE \(table) (id int PRIMARY KEY, value int NOT NULL)")
            try await TestDatabase.sql(database, "INSERT INTO \(table) VALUES (1, 0)")
            let error = try #require(await #expect(throws: TransientDatabaseError.self) {
                try await database.transaction(isolationLevel: .repeatableRead) { tx in
                    _ = try await TestDatabase.count(tx, table)   // takes the snapshot
                    try await TestDatabase.sql(database, "UPDATE \(table) SET value = 1 WHERE id = 1")   // another connection
                    try await TestDatabase.sql(tx, "UPDATE \(table) SET value = 2 WHERE id = 1")
                }
            })
            #expect(error.sqlState == "40001")
            #expect(error.isRetryable)
        }
    }

    @Test("errors wrapped in PostgresNIO's PostgresTransactionError are unwrapped and mapped")
    func unwrapsTransactionError() async throws {
        try await TestDatabase.withDatabase { database, schema in
            let table = try await Self.makeTable(database, schema)
            try await Self.insert(database, table, email: "e@example.com")
            do {
                _ = try await database.client.withTransaction(logger: database.logger) { connection in
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "INSERT INTO \(table) (email) VALUES ('e@example.com')"), logger: database.logger)
                }
                Issue.record("the duplicate insert succeeded")
            } catch {
                #expect(error is PostgresTransactionError)
                let mapped = DatabaseErrorMapper.map(error, entity: "Item", uniqueFields: Self.uniqueFields)
                #expect(mapped as? DuplicateEntity == DuplicateEntity(entity: "Item", field: "email", constraint: "ux_items_email_active"))
            }
        }
    }

    @Test("errors of other libraries and Taxiway errors pass through unchanged; unexpected server errors become DatabaseError")
    func passThrough() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let error = try #require(await #expect(throws: DatabaseError.self) {
                try await database.execute("SELEC 1")
            })
            #expect(error.sqlState == "42601")
            #expect(DatabaseErrorMapper.map(TestFailure()) is TestFailure)
            #expect(DatabaseErrorMapper.map(CancellationError()) is CancellationError)
            let notFound = EntityNotFound(entity: "Item", id: UUID())
            #expect(DatabaseErrorMapper.map(notFound) as? EntityNotFound == notFound)
        }
    }
}
