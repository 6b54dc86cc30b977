import Foundation
@testable import TaxigenCore

/// Paths of the repository, found from this file so tests run from any directory.
enum RepositoryPaths {
    /// The repository root.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A path inside the repository.
    static func path(_ relative: String) -> String { root + "/" + relative }
}

/// Runs load and check on in-memory specs.
enum SpecHarness {
    /// The diagnostics of checking `files` (path → YAML text), sorted by location.
    static func diagnostics(_ files: [String: String], options: Checker.Options = Checker.Options()) -> [Diagnostic] {
        var log = DiagnosticLog()
        let sources = files.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        let documents = SpecLoader.load(sources, into: &log)
        _ = Checker.check(documents, options: options, into: &log)
        return log.sorted
    }

    /// The errors only, rendered as `path:line:column: message`.
    static func errors(_ files: [String: String], options: Checker.Options = Checker.Options()) -> [String] {
        diagnostics(files, options: options).filter { $0.severity == .error }.map { "\($0.location): \($0.message)" }
    }

    /// The schema of valid specs; fails the caller's expectation through a nil when there are errors.
    static func schema(_ files: [String: String]) -> Schema? {
        var log = DiagnosticLog()
        let sources = files.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        return Checker.check(SpecLoader.load(sources, into: &log), into: &log)
    }

    /// The rendered output of in-memory specs.
    static func render(_ sources: [SpecLoader.Source]) throws -> [OutputFile] {
        var log = DiagnosticLog()
        guard let schema = Checker.check(SpecLoader.load(sources, into: &log), into: &log) else {
            throw DiagnosticsError(log.sorted)
        }
        let generator = Generator(config: ProjectConfig(projectDirectory: "/nonexistent"))
        return try generator.render(generator.plan(schema), with: TemplateSet.defaults())
    }
}

/// A scratch directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "taxigen-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
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

    /// Every file under the directory with its contents.
    func snapshot() throws -> [String: String] {
        var result: [String: String] = [:]
        for file in try LocalFileSystem().files(under: path) {
            result[file] = try read(file)
        }
        return result
    }
}
