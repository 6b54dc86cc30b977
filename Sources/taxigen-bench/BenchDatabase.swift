import Foundation
import PostgresNIO
import Taxiway
import TaxiwayTesting

/// The database the repository and executor benchmarks run on: a fresh database on the test server,
/// created with the example domain's `Generated/SQL/schema.sql`.
enum BenchDatabase {
    /// The database; exits with status 2 and says how to run `suite` when no test server is set.
    static func open(suite: String) async throws -> Database {
        guard let url = ProcessInfo.processInfo.environment[TestDatabase.environmentVariable], !url.isEmpty else {
            FileHandle.standardError.write(Data("""
                taxigen-bench \(suite): \(TestDatabase.environmentVariable) is not set; run it under the test servers:
                  scripts/with-test-databases swift run -c release taxigen-bench \(suite)

                """.utf8))
            exit(2)
        }
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Generated/SQL/schema.sql").standardizedFileURL.path
        return try await TestDatabase.shared(schemaAt: schema)
    }
}

extension BenchDatabase {
    /// Runs one statement (`CREATE DATABASE`, `DROP DATABASE`) on the server `adminURL` names.
    static func execute(adminURL: String, _ sql: String) async throws {
        let admin = try Database(url: adminURL)
        let task = Task { await admin.run() }
        defer { task.cancel() }
        try await admin.execute(PostgresQuery(unsafeSQL: sql))
    }
}
