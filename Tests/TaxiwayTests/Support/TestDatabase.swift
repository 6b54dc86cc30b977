import Foundation
import Logging
import PostgresNIO
import Taxiway
import Testing

/// The real PostgreSQL server the database tests run against, named by `TAXIWAY_TEST_DATABASE_URL`.
///
/// Each test gets its own schema (dropped afterwards), so tests run in parallel without sharing tables.
enum TestDatabase {
    static let variable = "TAXIWAY_TEST_DATABASE_URL"

    /// The server's URL; records a failure (never a skip) when the variable is missing.
    static func url() throws -> String {
        let value = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        return try #require(
            value,
            "\(variable) is not set: run the database tests through scripts/test (it starts PostgreSQL 18 with pgvector and sets it)"
        )
    }

    /// Runs `body` with a running ``Database`` and a fresh, empty schema name.
    static func withDatabase<Result>(
        logger: Logger = Logger(label: "taxiway.tests"),
        options: Database.Options = Database.Options(),
        _ body: (Database, String) async throws -> Result
    ) async throws -> Result {
        let database = try Database(url: url(), logger: logger, options: options)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let schema = "tw_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try await database.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"))
            do {
                let result = try await body(database, schema)
                try await database.execute(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"))
                return result
            } catch {
                try? await database.execute(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"))
                throw error
            }
        }
    }

    /// Runs DDL or other unparameterized SQL.
    static func sql(_ database: some DatabaseExecutor, _ text: String) async throws {
        try await database.execute(PostgresQuery(unsafeSQL: text))
    }

    /// `SELECT count(*)` of a table.
    static func count(_ database: some DatabaseExecutor, _ table: String) async throws -> Int64 {
        let row = try await database.fetchOne(
            PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), context: QueryContext(operation: "count", table: table))
        return try #require(row).decode(Int64.self)
    }
}
