import Foundation

/// Runs a program to completion and collects what it printed (the judges' psql and swiftc).
enum CommandRunner {
    /// What a finished program left behind.
    struct Result: Sendable {
        /// The exit status (or the signal that ended it, negated).
        let status: Int32
        /// Standard output.
        let output: String
        /// Standard error.
        let errors: String
        /// Whether the program was killed for running past its time limit.
        var timedOut = false
    }

    /// Runs `executable` with `arguments`; stdout and stderr are read on their own threads so neither pipe fills.
    /// With a `timeLimit`, a program still running when it passes is killed (SIGKILL) and reported as timed out.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    timeLimit: Duration? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isError) in [(outPipe, false), (errPipe, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(String(decoding: data, as: UTF8.self), isError: isError)
                group.leave()
            }
        }
        let killer = timeLimit.map { limit in
            let item = DispatchWorkItem {
                collected.markTimedOut()
                kill(process.processIdentifier, SIGKILL)
            }
            let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
            return item
        }
        process.waitUntilExit()
        killer?.cancel()
        group.wait()
        let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        return Result(status: status, output: collected.output, errors: collected.errors, timedOut: collected.timedOut)
    }

    /// Finds a program on PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = ""
        private var err = ""
        private var killed = false
        var output: String { lock.withLock { out } }
        var errors: String { lock.withLock { err } }
        var timedOut: Bool { lock.withLock { killed } }
        func markTimedOut() { lock.withLock { killed = true } }
        func set(_ text: String, isError: Bool) {
            lock.withLock { if isError { err = text } else { out = text } }
        }
    }
}
