import Foundation

/// Runs the built `taxigen` executable, as a user would.
struct CLI {
    /// The result of one run.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `taxigen` built next to this test bundle.
    static let builtExecutable: String = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return directory.appendingPathComponent("taxigen").path
    }()

    /// Runs `executable` with `arguments` in `directory`.
    static func run(_ arguments: [String], in directory: String, executable: String = builtExecutable) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A throwaway project directory with specs.
final class Project {
    let path: String

    init(specs: [String: String]) throws {
        path = NSTemporaryDirectory() + "taxigen-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in specs {
            try write(text, to: "specs/\(name)")
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ text: String, to relative: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relative)
    }

    static let customer = """
    entity: Customer
    fields:
      name: { type: string, min_length: 1, max_length: 100 }
      email: { type: string, max_length: 320, format: email, unique: true }
    """
}
