import Foundation

/// The Swift judge: compiles generated Swift against the Taxiway runtime the package built, with the very
/// flags SwiftPM used for the example domain's generated modules: the models, validation types and
/// repositories as one module, then the generated tests as another that imports it. Every error and every
/// warning is a failure.
public struct SwiftJudge: Sendable {
    private let compiler: String
    private let moduleFlags: [String]
    private let testFlags: [String]

    /// A judge that reuses the compile flags of `ExampleDomain` and `ExampleDomainGeneratedTests` from
    /// `buildDescription` (SwiftPM's `.build/debug.yaml`); nil when the file or those commands are missing
    /// (build the package with its tests first).
    public init?(buildDescription: String) {
        guard let text = try? String(contentsOfFile: buildDescription, encoding: .utf8),
              let module = Self.compileArguments(ofModule: "ExampleDomain", in: text),
              let tests = Self.compileArguments(ofModule: "ExampleDomainGeneratedTests", in: text),
              let compiler = module.first
        else { return nil }
        self.compiler = compiler
        moduleFlags = Self.searchFlags(Array(module.dropFirst()))
        testFlags = Self.searchFlags(Array(tests.dropFirst()))
    }

    /// The failures of compiling `output`'s `Swift/` as module `moduleName` and its `Tests/` against it:
    /// every error and every warning swiftc printed (empty when both compile cleanly).
    public func judge(output: String, moduleName: String, scratch: String) throws -> [String] {
        let modules = scratch + "/modules"
        try FileManager.default.createDirectory(atPath: modules, withIntermediateDirectories: true)
        let swift = try compile(directory: output + "/Swift", label: "Swift", arguments: [
            "-emit-module", "-emit-module-path", "\(modules)/\(moduleName).swiftmodule", "-module-name", moduleName,
            "-parse-as-library",
        ] + moduleFlags)
        guard swift.isEmpty else { return swift }
        return try compile(directory: output + "/Tests", label: "Tests", arguments: [
            "-typecheck", "-module-name", "\(moduleName)GeneratedTests", "-parse-as-library", "-I", modules,
        ] + testFlags)
    }

    private func compile(directory: String, label: String, arguments: [String]) throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".swift") }.sorted().map { "\(directory)/\($0)" }
        guard !files.isEmpty else { return [] }
        let result = try CommandRunner.run(compiler, arguments + files)
        let lines = (result.output + result.errors).split(separator: "\n").map(String.init)
        var failures = lines.filter { $0.contains(": error: ") || $0.contains(": warning: ") }
            .map { "swiftc (\(label)): " + $0.replacingOccurrences(of: directory + "/", with: "") }
        if failures.count > 12 { failures = failures.prefix(12) + ["… and \(failures.count - 12) more"] }
        if result.status != 0, failures.isEmpty {
            failures.append("swiftc (\(label)) exited with \(result.status): \(lines.suffix(5).joined(separator: " | "))")
        }
        return failures
    }

    /// The arguments of the command that compiles `module`, from SwiftPM's llbuild description.
    static func compileArguments(ofModule module: String, in description: String) -> [String]? {
        let header = "\"C.\(module)-"
        guard let start = description.range(of: header) else { return nil }
        let rest = description[start.upperBound...]
        guard let argsLine = rest.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("args: [") }),
              let open = argsLine.firstIndex(of: "[")
        else { return nil }
        let json = Data(argsLine[open...].utf8)
        return (try? JSONSerialization.jsonObject(with: json)) as? [String]
    }

    /// The flags that say where modules and headers are and how to compile (search paths, C module maps,
    /// defines, language mode), without the ones that name the example domain's sources and outputs.
    static func searchFlags(_ arguments: [String]) -> [String] {
        let droppedWithValue: Set<String> = ["-module-name", "-emit-module-path", "-output-file-map", "-index-store-path",
                                             "-emit-dependencies-path", "-emit-objc-header-path", "-num-threads"]
        let dropped: Set<String> = ["-emit-dependencies", "-emit-module", "-incremental", "-c", "-enable-batch-mode",
                                    "-serialize-diagnostics", "-parse-as-library", "-whole-module-optimization",
                                    "-emit-objc-header", "-color-diagnostics", "-parseable-output"]
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if droppedWithValue.contains(argument) {
                index += 2
                continue
            }
            if dropped.contains(argument) || argument.hasPrefix("@") || argument.hasSuffix(".swift") || argument.hasPrefix("-j") {
                index += 1
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }
}
