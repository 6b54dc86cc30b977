import Foundation
import PostgresNIO
import Taxiway
import Testing

/// Every SQLSTATE reaches callers as a Taxiway error with the retryability docs/repositories.md promises.
@Suite("SQLSTATE classes")
struct ErrorClassTests {
    /// Every SQLSTATE of PostgreSQL 18's and 15's errcodes.txt, but the classes that are not errors (00, 01, 02).
    static let allSQLStates: [String] = [
        "03000", "08000", "08001", "08003", "08004", "08006", "08007", "08P01", "09000", "0A000", "0B000", "0F000",
        "0F001", "0L000", "0LP01", "0P000", "0Z000", "0Z002", "10608", "20000", "21000", "22000", "22001", "22002",
        "22003", "22004", "22005", "22007", "22008", "22009", "2200B", "2200C", "2200D", "2200F", "2200G", "2200H",
        "2200L", "2200M", "2200N", "2200S", "2200T", "22010", "22011", "22012", "22013", "22014", "22015", "22016",
        "22018", "22019", "2201B", "2201E", "2201F", "2201G", "2201W", "2201X", "22021", "22022", "22023", "22024",
        "22025", "22026", "22027", "2202E", "2202G", "2202H", "22030", "22031", "22032", "22033", "22034", "22035",
        "22036", "22037", "22038", "22039", "2203A", "2203B", "2203C", "2203D", "2203E", "2203F", "2203G", "22P01",
        "22P02", "22P03", "22P04", "22P05", "22P06", "23000", "23001", "23502", "23503", "23505", "23514", "23P01",
        "24000", "25000", "25001", "25002", "25003", "25004", "25005", "25006", "25007", "25008", "25P01", "25P02",
        "25P03", "25P04", "26000", "27000", "28000", "28P01", "2B000", "2BP01", "2D000", "2F000", "2F002", "2F003",
        "2F004", "2F005", "34000", "38000", "38001", "38002", "38003", "38004", "39000", "39001", "39004", "39P01",
        "39P02", "39P03", "3B000", "3B001", "3D000", "3F000", "40000", "40001", "40002", "40003", "40P01", "42000",
        "42501", "42601", "42602", "42611", "42622", "42701", "42702", "42703", "42704", "42710", "42712", "42723",
        "42725", "42803", "42804", "42809", "42830", "42846", "42883", "428C9", "42939", "42P01", "42P02", "42P03",
        "42P04", "42P05", "42P06", "42P07", "42P08", "42P09", "42P10", "42P11", "42P12", "42P13", "42P14", "42P15",
        "42P16", "42P17", "42P18", "42P19", "42P20", "42P21", "42P22", "44000", "53000", "53100", "53200", "53300",
        "53400", "54000", "54001", "54011", "54023", "55000", "55006", "55P02", "55P03", "55P04", "57000", "57014",
        "57P01", "57P02", "57P03", "57P04", "57P05", "58000", "58030", "58P01", "58P02", "58P03", "72000", "F0000",
        "F0001", "HV000", "HV001", "HV002", "HV004", "HV005", "HV006", "HV007", "HV008", "HV009", "HV00A", "HV00B",
        "HV00C", "HV00D", "HV00J", "HV00K", "HV00L", "HV00M", "HV00N", "HV00P", "HV00Q", "HV00R", "HV010", "HV014",
        "HV021", "HV024", "HV090", "HV091", "P0000", "P0001", "P0002", "P0003", "P0004", "XX000", "XX001", "XX002",
    ]

    /// What the documentation promises for `sqlState`: the error's type name and whether it is retryable.
    static func promised(_ sqlState: String) -> (type: String, retryable: Bool) {
        switch sqlState {
        case "23505": return ("DuplicateEntity", false)
        case "40002": return ("IllegalArgument", false)
        case "40003": return ("OutcomeUnknown", false)
        case "25P02": return ("TransactionRolledBack", false)
        case "25006": return ("DatabaseUnavailable", true)
        case "57P04", "3D000": return ("DatabaseUnavailable", false)
        case "40000", "40001", "40P01", "55000", "55006", "55P03", "57014", "25P03", "25P04", "72000":
            return ("TransientDatabaseError", true)
        case "57000", "57P01", "57P02", "57P03", "57P05", "58000", "58030": return ("DatabaseUnavailable", true)
        case "42P01", "42703", "42883", "42704", "42804", "42809", "3F000": return ("SchemaMismatch", false)
        default: break
        }
        switch sqlState.prefix(2) {
        case "22", "23", "44", "54": return ("IllegalArgument", false)
        case "08", "53": return ("DatabaseUnavailable", true)
        case "28": return ("DatabaseUnavailable", false)
        default: return ("DatabaseError", false)
        }
    }

    /// Whether `error` is a lost connection rather than the server's answer `sqlState`.
    static func isConnectionLoss(_ error: any TaxiwayError, other sqlState: String) -> Bool {
        let underlying: (any Error)? = (error as? DatabaseUnavailable)?.underlying ?? (error as? OutcomeUnknown)?.underlying
        guard error is DatabaseUnavailable || error is OutcomeUnknown else { return false }
        return (underlying as? PSQLError)?.serverInfo?[.sqlState] != sqlState
    }

    @Test("every SQLSTATE the server raises becomes a Taxiway error of the documented kind and retryability",
          arguments: TestServer.allCases)
    func everySQLState(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, _ in
            var wrong: [String] = []
            for sqlState in Self.allSQLStates {
                let raise = PostgresQuery(unsafeSQL: """
                    DO $$ BEGIN RAISE EXCEPTION 'raised %', '\(sqlState)' USING ERRCODE = '\(sqlState)'; END $$
                    """)
                do {
                    // PostgresNIO closes a connection after an error of class 28 (authentication): the statement
                    // after it may meet that connection still closing and fail for that reason. Run it again then.
                    for attempt in 1...3 {
                        do {
                            try await database.execute(raise)
                            break
                        } catch let error as any TaxiwayError where attempt < 3 && Self.isConnectionLoss(error, other: sqlState) {
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    wrong.append("\(sqlState): no error")
                } catch let error as any TaxiwayError {
                    let expected = Self.promised(sqlState)
                    let actual = String(describing: type(of: error))
                    if actual != expected.type || error.isRetryable != expected.retryable {
                        wrong.append("\(sqlState): \(actual) retryable \(error.isRetryable), promised \(expected.type) retryable \(expected.retryable)")
                    }
                    // Only SchemaMismatch repeats the server's message (it names schema objects, never values).
                    if !(error is SchemaMismatch), "\(error)".contains("raised") { wrong.append("\(sqlState): the message repeats the server's text: \(error)") }
                } catch {
                    wrong.append("\(sqlState): \(type(of: error)) reached the caller")
                }
            }
            #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
            // The connection served all of them and is still fine.
            try await database.execute("SELECT 1")
        }
    }

    @Test("a release running after a rename sees SchemaMismatch for the missing table and column", arguments: TestServer.allCases)
    func schemaMismatch(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, schema in
            try await TestDatabase.sql(database, "CREATE TABLE \(schema).riders (rider_id int, phone text)")
            try await TestDatabase.sql(database, "ALTER TABLE \(schema).riders RENAME COLUMN phone TO phone_number")
            let column = try #require(await #expect(throws: SchemaMismatch.self) {
                try await TestDatabase.sql(database, "SELECT phone FROM \(schema).riders")
            })
            #expect(column.sqlState == "42703")
            #expect(column.message.contains("phone"))
            #expect(!column.isRetryable)
            try await TestDatabase.sql(database, "ALTER TABLE \(schema).riders RENAME TO people")
            let table = try #require(await #expect(throws: SchemaMismatch.self) {
                try await TestDatabase.sql(database, "SELECT 1 FROM \(schema).riders")
            })
            #expect(table.sqlState == "42P01")
        }
    }

    @Test("a statement after a swallowed failure inside a transaction is TransactionRolledBack (25P02)")
    func inFailedTransaction() async throws {
        try await TestDatabase.withDatabase { database, schema in
            try await TestDatabase.sql(database, "CREATE TABLE \(schema).t (id int PRIMARY KEY)")
            await #expect(throws: TransactionRolledBack.self) {
                try await database.transaction { tx in
                    try await TestDatabase.sql(tx, "INSERT INTO \(schema).t VALUES (1)")
                    _ = try? await TestDatabase.sql(tx, "INSERT INTO \(schema).t VALUES (1)")
                    try await TestDatabase.sql(tx, "INSERT INTO \(schema).t VALUES (2)")
                }
            }
            #expect(try await TestDatabase.count(database, "\(schema).t") == 0)
        }
    }

    @Test("a write on a read-only server or transaction is a retryable DatabaseUnavailable (25006)")
    func readOnly() async throws {
        try await TestDatabase.withDatabase { database, schema in
            try await TestDatabase.sql(database, "CREATE TABLE \(schema).t (id int)")
            let error = try #require(await #expect(throws: DatabaseUnavailable.self) {
                try await database.transaction { tx in
                    try await TestDatabase.sql(tx, "SET TRANSACTION READ ONLY")
                    try await TestDatabase.sql(tx, "INSERT INTO \(schema).t VALUES (1)")
                }
            })
            #expect(error.isRetryable)
            #expect(error.reason.contains("25006"))
        }
    }

    @Test("foreign key (23503) and restrict (23001) violations are IllegalArgument naming the constraint", arguments: TestServer.allCases)
    func referenceViolations(server: TestServer) async throws {
        try await TestDatabase.withDatabase(on: server) { database, schema in
            try await TestDatabase.sql(database, "CREATE TABLE \(schema).parents (id int PRIMARY KEY)")
            try await TestDatabase.sql(database, """
                CREATE TABLE \(schema).children (parent_id int CONSTRAINT fk_children_parent REFERENCES \(schema).parents ON DELETE RESTRICT)
                """)
            let missing = try #require(await #expect(throws: IllegalArgument.self) {
                try await TestDatabase.sql(database, "INSERT INTO \(schema).children VALUES (42)")
            })
            #expect(missing.sqlState == "23503")
            #expect(missing.constraint == "fk_children_parent")
            #expect(!missing.message.contains("42"))
            try await TestDatabase.sql(database, "INSERT INTO \(schema).parents VALUES (7)")
            try await TestDatabase.sql(database, "INSERT INTO \(schema).children VALUES (7)")
            let restricted = try #require(await #expect(throws: IllegalArgument.self) {
                try await TestDatabase.sql(database, "DELETE FROM \(schema).parents")
            })
            #expect(restricted.constraint == "fk_children_parent")
            // PostgreSQL 15 reports ON DELETE RESTRICT as 23503, later versions as 23001 (restrict_violation).
            #expect(restricted.sqlState == (server == .pg15 ? "23503" : "23001"))
        }
    }

    @Test("running out of a configured resource (53400, temp_file_limit) is a retryable DatabaseUnavailable")
    func insufficientResources() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let error = try #require(await #expect(throws: DatabaseUnavailable.self) {
                try await database.transaction { tx in
                    try await TestDatabase.sql(tx, "SET LOCAL work_mem = '64kB'")
                    try await TestDatabase.sql(tx, "SET LOCAL temp_file_limit = '64kB'")
                    try await TestDatabase.sql(tx, "SELECT g FROM generate_series(1, 200000) g ORDER BY g DESC")
                }
            })
            #expect(error.isRetryable)
            #expect(error.reason.contains("53400"))
        }
    }

    @Test("an error PostgreSQL raises for an unexpected reason is DatabaseError, never a raw PSQLError")
    func unexpected() async throws {
        try await TestDatabase.withDatabase { database, _ in
            let syntax = try #require(await #expect(throws: DatabaseError.self) { try await database.execute("SELEC 1") })
            #expect(syntax.sqlState == "42601")
            #expect(!syntax.isRetryable)
            #expect(syntax.underlying is PSQLError)
        }
    }
}
