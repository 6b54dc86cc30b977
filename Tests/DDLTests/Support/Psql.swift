import Foundation
import Testing

/// Runs `psql` the way the DDL's header says to apply it: `psql -v ON_ERROR_STOP=1 -f schema.sql`.
enum Psql {
    /// The psql binary: `TAXIGEN_PSQL`, else Debian's PostgreSQL 15 client, else the first on `PATH`.
    static func binary() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [environment["TAXIGEN_PSQL"], "/usr/lib/postgresql/15/bin/psql"].compactMap { $0 }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/psql" }
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "no psql found: set TAXIGEN_PSQL, or install postgresql-15 (scripts/bootstrap-tools)")
    }

    /// What a psql run printed and its exit status.
    struct Run: Sendable {
        let status: Int32
        let output: String
        let seconds: Double
    }

    /// Applies `script` to a database of `server` with `psql -X -q -v ON_ERROR_STOP=1 -f`.
    static func apply(_ script: String, to database: String, on server: TestServer) async throws -> Run {
        let url = try server.url()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-ddl-\(UUID().uuidString).sql")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host ?? "127.0.0.1", "-p", String(url.port ?? 5432),
                             "-U", url.user ?? "postgres", "-d", database, "-f", file.path]
        var environment = ProcessInfo.processInfo.environment
        if let password = url.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let start = Date()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Run(status: status, output: output, seconds: Date().timeIntervalSince(start))
    }
}
