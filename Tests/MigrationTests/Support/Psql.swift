import Foundation
import Testing

/// Runs psql the way `taxigen migrate sql`'s header says: `psql -X -v ON_ERROR_STOP=1 -f script.sql`.
enum Psql {
    /// `/usr/bin/psql`, else Debian's PostgreSQL 15 client, else `TAXIGEN_PSQL`.
    static func binary() throws -> String {
        let candidates = ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql", ProcessInfo.processInfo.environment["TAXIGEN_PSQL"]]
            .compactMap { $0 }
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "no psql found: install postgresql-client (scripts/bootstrap-tools)")
    }

    /// Runs a script file against a database of the test server.
    static func run(file: String, database: String, on server: TestServer = .pg18) async throws -> ProcessRun {
        try await ProcessRun.run(try binary(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, try server.url(database: database)])
    }

    /// Runs a script's text against a database of the test server.
    static func run(script: String, database: String, on server: TestServer = .pg18) async throws -> ProcessRun {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-\(UUID().uuidString).sql").path
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try await run(file: file, database: database, on: server)
    }
}

/// A finished process: its exit status and what it printed.
struct ProcessRun: Sendable {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// Both outputs, for messages.
    var output: String { standardOutput + standardError }

    /// Runs an executable to completion.
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) async throws -> ProcessRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-out-\(UUID().uuidString)")
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        // Files, not pipes: a child that writes more than a pipe holds would never end while nobody reads.
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return ProcessRun(status: status, standardOutput: try String(contentsOf: outputFile, encoding: .utf8),
                          standardError: try String(contentsOf: errorFile, encoding: .utf8))
    }
}

/// The `taxigen` binary of this build, run as a user would.
enum CLI {
    /// `.build/debug/taxigen` (built by `swift build --build-tests` and `swift test`).
    static func binary() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("taxigen").path,
            Revisions.root + "/.build/debug/taxigen",
        ]
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "no taxigen binary next to the tests: run `swift build --build-tests` first")
    }

    /// Runs `taxigen ARGS` in a directory.
    static func run(_ arguments: [String], in directory: String) async throws -> ProcessRun {
        try await ProcessRun.run(try binary(), arguments, in: directory)
    }
}
