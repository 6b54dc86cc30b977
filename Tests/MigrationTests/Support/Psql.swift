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

    /// Runs an executable to completion (in `directory`, through `env -C`), its output written to files.
    ///
    /// It is started with `posix_spawn`, not Foundation's `Process`: on Linux, `Process.run()` of Swift 6.3 reads
    /// past a buffer while it lists `/proc/self/fd` and crashes now and then (swift-corelibs-foundation pull
    /// request 5472), and these tests start hundreds of processes.
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) async throws -> ProcessRun {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-out-\(UUID().uuidString)").path
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-err-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: outputFile)
            try? FileManager.default.removeItem(atPath: errorFile)
        }
        // Files, not pipes: a child that writes more than a pipe holds would never end while nobody reads.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv: [UnsafeMutablePointer<CChar>?] = (command + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = argv.withUnsafeBufferPointer { argv in
            posix_spawn(&pid, command[0], &actions, nil, UnsafeMutablePointer(mutating: argv.baseAddress!), environ)
        }
        guard spawned == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        let child = pid
        let waitStatus: Int32 = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1, errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        // The exit code, or 128 + the signal that ended the process.
        let status = waitStatus & 0x7F == 0 ? (waitStatus >> 8) & 0xFF : 128 + (waitStatus & 0x7F)
        return ProcessRun(status: status, standardOutput: (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "",
                          standardError: (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "")
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
