import Foundation
import Testing

/// A result that arrives once, read by polling.
private final class Arrival<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?
    func set(_ value: Value) { lock.withLock { self.value = value } }
    func get() -> Value? { lock.withLock { value } }
}

/// Awaits a task for at most `limit`: its result, or nil and a recorded issue when it has not finished (a
/// hang is an assertion failure, not a test that never ends; the task is cancelled and left behind).
func finished<Value: Sendable>(_ task: Task<Value, any Error>, within limit: Duration, _ what: String,
                               sourceLocation: Testing.SourceLocation = #_sourceLocation) async -> Result<Value, any Error>? {
    let arrival = Arrival<Result<Value, any Error>>()
    Task { arrival.set(await task.result) }
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let result = arrival.get() { return result }
        try? await Task.sleep(for: .milliseconds(50))
    }
    task.cancel()
    Issue.record("\(what) did not end within \(limit)", sourceLocation: sourceLocation)
    return nil
}

/// `taxigen ARGS` started in the background, to be killed or awaited with a bound.
struct SpawnedCLI {
    let process: Process
    let outputFile: String
    let errorFile: String

    /// Starts `taxigen ARGS` in a directory, its outputs going to files.
    init(_ arguments: [String], in directory: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try CLI.binary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-out-\(UUID().uuidString)").path
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("taxigen-err-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        try process.run()
    }

    /// Sends SIGKILL and waits for the process to end.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The exit status and both outputs once it ends, or nil (a recorded issue, the process killed) after `limit`.
    func finished(within limit: Duration, sourceLocation: Testing.SourceLocation = #_sourceLocation) async -> ProcessRun? {
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill()
            Issue.record("taxigen \(process.arguments?.joined(separator: " ") ?? "") did not end within \(limit)", sourceLocation: sourceLocation)
            return nil
        }
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(atPath: outputFile)
            try? FileManager.default.removeItem(atPath: errorFile)
        }
        return ProcessRun(status: process.terminationStatus,
                          standardOutput: (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "",
                          standardError: (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "")
    }
}

/// Waits until a backend matches `condition` in pg_stat_activity (as `a`), then ends its session with
/// `pg_terminate_backend`, as an administrator or a failover would; returns its pid.
@discardableResult
func terminateBackend(where condition: String, on server: TestServer, database: String,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> String {
    try await server.withConnection(to: database) { watcher in
        var pid: String?
        for _ in 0..<600 where pid == nil {
            pid = try await watcher.text("SELECT a.pid::text FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND \(condition) LIMIT 1")
            if pid == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let found = try #require(pid, "no backend where \(condition) within 30 s", sourceLocation: sourceLocation)
        #expect(try await watcher.text("SELECT pg_terminate_backend(\(found))::text") == "true", sourceLocation: sourceLocation)
        return found
    }
}
