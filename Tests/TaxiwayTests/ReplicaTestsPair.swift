import Foundation
import PostgresNIO
import Testing

/// A small primary + streaming replica pair of its own, for the tests that stop, start or promote servers (the
/// shared test servers stay untouched): initdb, a base backup, both started with `pg_ctl` as the server user under
/// `TAXIWAY_TEST_SCRATCH_DIR` (scripts/with-test-databases stops whatever is left there when it ends).
struct ReplicaPair: Sendable {
    let bin: String
    let directory: String
    let primaryPort: Int
    let replicaPort: Int
    let asServerUser: [String]

    var primaryURL: String { "postgres://postgres@127.0.0.1:\(primaryPort)/postgres?sslmode=disable" }
    var replicaURL: String { "postgres://postgres@127.0.0.1:\(replicaPort)/postgres?sslmode=disable" }

    /// A running pair of `server`'s PostgreSQL version.
    static func start(_ server: TestServer) async throws -> ReplicaPair {
        let environment = ProcessInfo.processInfo.environment
        let binVariable = server == .pg18 ? "TAXIWAY_TEST_PG18_BIN" : "TAXIWAY_TEST_PG15_BIN"
        let bin = try #require(environment[binVariable].flatMap { $0.isEmpty ? nil : $0 },
                               "\(binVariable) is not set: run the tests through scripts/with-test-databases")
        let scratch = try #require(environment["TAXIWAY_TEST_SCRATCH_DIR"].flatMap { $0.isEmpty ? nil : $0 },
                                   "TAXIWAY_TEST_SCRATCH_DIR is not set: run the tests through scripts/with-test-databases")
        let prefix = (environment["TAXIWAY_TEST_AS_SERVER_USER"] ?? "").split(separator: " ").map(String.init)
        let pair = ReplicaPair(bin: bin, directory: scratch + "/pair-" + UUID().uuidString.prefix(8).lowercased(),
                               primaryPort: try await freePort(), replicaPort: try await freePort(), asServerUser: prefix)
        do {
            try await pair.setUp()
        } catch {
            await pair.destroy()
            throw error
        }
        return pair
    }

    private func setUp() async throws {
        try await run("/bin/mkdir", ["-p", directory])
        try await run(bin + "/initdb", ["-D", directory + "/primary", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                        "--locale=C", "--no-sync", "--no-instructions"])
        try append(to: directory + "/primary/postgresql.conf", """
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '\(directory)'
            fsync = off
            max_connections = 40
            wal_level = replica
            """)
        try await startPrimary()
        try await run(bin + "/pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres",
                                               "-D", directory + "/replica", "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"])
        try append(to: directory + "/replica/postgresql.conf", "hot_standby = on\n")
        try await startReplica()
    }

    func startPrimary() async throws { try await pgCtl(["start", "-w", "-t", "30", "-D", directory + "/primary", "-l", directory + "/primary.log", "-o", "-p \(primaryPort)"]) }
    func startReplica() async throws { try await pgCtl(["start", "-w", "-t", "30", "-D", directory + "/replica", "-l", directory + "/replica.log", "-o", "-p \(replicaPort)"]) }
    func stopPrimary() async throws { try await pgCtl(["stop", "-w", "-m", "fast", "-D", directory + "/primary"]) }
    func stopReplica() async throws { try await pgCtl(["stop", "-w", "-m", "fast", "-D", directory + "/replica"]) }
    /// `pg_ctl promote`: the replica leaves recovery and accepts writes.
    func promoteReplica() async throws { try await pgCtl(["promote", "-w", "-t", "30", "-D", directory + "/replica"]) }

    /// Stops both servers (immediately) and removes the pair's directory.
    func destroy() async {
        for data in ["primary", "replica"] where FileManager.default.fileExists(atPath: "\(directory)/\(data)/postmaster.pid") {
            try? await pgCtl(["stop", "-w", "-m", "immediate", "-D", "\(directory)/\(data)"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func pgCtl(_ arguments: [String]) async throws {
        try await run(bin + "/pg_ctl", arguments)
    }

    private func append(to file: String, _ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: file))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + text + "\n").utf8))
    }

    /// Runs `executable` as the server user, without blocking a thread; throws with its output when it fails.
    private func run(_ executable: String, _ arguments: [String]) async throws {
        let process = Process()
        let command = asServerUser + [executable] + arguments
        // Through bash closing every descriptor but 0-2 first: a postmaster started by pg_ctl would otherwise inherit
        // the one Foundation watches to see the process end, and the call would wait for the postmaster to exit.
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", #"for fd in /proc/self/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done; exec "$@""#,
                             "bash"] + command
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let log = directory.isEmpty ? "/dev/null" : NSTemporaryDirectory() + "replica-pair-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { process.terminationHandler = nil; continuation.resume(throwing: error) }
        }
        try? output.close()
        if status != 0 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            Issue.record("\(command.joined(separator: " ")) exited with \(status):\n\(text.suffix(2000))")
            throw PairFailed()
        }
    }

    private struct PairFailed: Error {}

    /// A loopback port nothing listens on (now).
    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }
}
