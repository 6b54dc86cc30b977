import Foundation

/// The Swift judge: compiles generated Swift against the Taxiway runtime the package built, with the very
/// flags SwiftPM used for the example domain's generated modules: the models, validation types and
/// repositories as one module, then the generated tests as another that imports it. Every error and every
/// warning is a failure.
public struct SwiftJudge: Sendable {
    private let compiler: String
    private let moduleFlags: [String]
    private let testFlags: [String]
    /// How SwiftPM links an executable that uses Taxiway (the benchmark's link command), and its objects.
    private let linkFlags: [String]
    private let linkObjects: [String]

    /// A judge that reuses the compile flags of `ExampleDomain` and `ExampleDomainGeneratedTests` from
    /// `buildDescription` (SwiftPM's `.build/debug.yaml`); nil when the file or those commands are missing
    /// (build the package with its tests first).
    public init?(buildDescription: String) {
        guard let text = try? String(contentsOfFile: buildDescription, encoding: .utf8),
              let module = Self.compileArguments(ofModule: "ExampleDomain", in: text),
              let tests = Self.compileArguments(ofModule: "ExampleDomainGeneratedTests", in: text),
              let link = Self.arguments(ofCommand: "C.taxigen-bench-", in: text),
              let compiler = module.first
        else { return nil }
        self.compiler = compiler
        moduleFlags = Self.searchFlags(Array(module.dropFirst()))
        testFlags = Self.searchFlags(Array(tests.dropFirst()))
        (linkFlags, linkObjects) = Self.linkParts(Array(link.dropFirst()))
    }

    /// The failures of `judge(output:moduleName:scratch:)`, and what the defaults probe printed, when it ran.
    public struct Result: Sendable {
        /// Every error and warning.
        public let failures: [String]
        /// The probe's output (see ``SwiftDefaultsProbe``), nil when there was no probe or the code did not compile.
        public let probeOutput: String?
    }

    /// Compiles as ``judge(output:moduleName:scratch:)`` does; with a `probe` (a `main.swift` that imports the
    /// generated module), also builds the module's code, links the probe with it and Taxiway, and runs it.
    public func judge(output: String, moduleName: String, scratch: String, probe: String?) throws -> Result {
        let failures = try judge(output: output, moduleName: moduleName, scratch: scratch)
        guard failures.isEmpty, let probe else { return Result(failures: failures, probeOutput: nil) }
        let modules = scratch + "/modules"
        let files = try FileManager.default.subpathsOfDirectory(atPath: output + "/Swift")
            .filter { $0.hasSuffix(".swift") }.sorted().map { "\(output)/Swift/\($0)" }
        var steps: [[String]] = [
            ["-c", "-wmo", "-parse-as-library", "-module-name", moduleName, "-o", scratch + "/module.o"] + moduleFlags + files,
        ]
        try probe.write(toFile: scratch + "/main.swift", atomically: false, encoding: .utf8)
        steps.append(["-c", "-module-name", "TaxigenDefaultsProbe", "-I", modules, "-o", scratch + "/probe.o"] + moduleFlags
                      + [scratch + "/main.swift"])
        let objectList = scratch + "/objects.txt"
        try (linkObjects + [scratch + "/module.o", scratch + "/probe.o"]).joined(separator: "\n")
            .write(toFile: objectList, atomically: false, encoding: .utf8)
        steps.append(["-o", scratch + "/probe", "-module-name", "TaxigenDefaultsProbe"] + linkFlags + ["@" + objectList])
        for step in steps {
            let result = try CommandRunner.run(compiler, step)
            guard result.status == 0 else {
                let text = (result.output + result.errors).split(separator: "\n").prefix(8).joined(separator: " | ")
                return Result(failures: ["swiftc (defaults probe) exited with \(result.status): \(text)"], probeOutput: nil)
            }
        }
        let run = try CommandRunner.run(scratch + "/probe", [])
        guard run.status == 0 else {
            return Result(failures: ["the defaults probe exited with \(run.status): \(run.errors.prefix(500))"], probeOutput: nil)
        }
        return Result(failures: [], probeOutput: run.output)
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

    /// The arguments of the command that compiles `module`, from SwiftPM's llbuild description (`debug.yaml`).
    public static func compileArguments(ofModule module: String, in description: String) -> [String]? {
        arguments(ofCommand: "C.\(module)-", in: description)
    }

    /// The arguments of the first llbuild command whose name starts with `prefix`.
    static func arguments(ofCommand prefix: String, in description: String) -> [String]? {
        let header = "\"\(prefix)"
        guard let start = description.range(of: header) else { return nil }
        let rest = description[start.upperBound...]
        guard let argsLine = rest.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("args: [") }),
              let open = argsLine.firstIndex(of: "[")
        else { return nil }
        let json = Data(argsLine[open...].utf8)
        return (try? JSONSerialization.jsonObject(with: json)) as? [String]
    }

    /// The link flags without the output, the module name, the benchmark's entry point and its file list; and
    /// the objects of that list less the benchmark's own.
    static func linkParts(_ arguments: [String]) -> ([String], [String]) {
        var flags: [String] = []
        var objects: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-o" || argument == "-module-name" {
                index += 2
                continue
            }
            if argument == "-Xlinker", index + 3 < arguments.count, arguments[index + 1] == "--defsym" {
                index += 4
                continue
            }
            if argument.hasPrefix("@") {
                let list = (try? String(contentsOfFile: String(argument.dropFirst()), encoding: .utf8)) ?? ""
                // The probe needs the runtime and what it stands on, not the generator, the benchmark or its domain.
                let unneeded = ["/taxigen_bench.build/", "/TaxigenCore.build/", "/TaxigenFuzz.build/", "/TaxigenTemplates.build/",
                                "/Yams.build/", "/CYaml.build/", "/Mustache.build/", "/ExampleDomain.build/",
                                "/TaxiwayTesting.build/"]
                objects = list.split(separator: "\n").map(String.init).filter { line in !unneeded.contains { line.contains($0) } }
                index += 1
                continue
            }
            flags.append(argument)
            index += 1
        }
        return (flags, objects)
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
