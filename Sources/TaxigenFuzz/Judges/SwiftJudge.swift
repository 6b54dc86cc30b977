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
    /// The objects the benchmark links, of which ``runtimeObjects`` keeps what generated code needs.
    private let benchObjects: [String]
    /// Where the shared library of those objects is kept (``JudgeRuntimeLibrary``): the build folder.
    private let libraryDirectory: String

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
        (linkFlags, benchObjects) = Self.linkParts(Array(link.dropFirst()))
        libraryDirectory = (buildDescription as NSString).deletingLastPathComponent + "/judge-runtime"
    }

    /// The shared library of every object generated code and its tests link with, made on first use.
    private func runtimeLibrary() throws -> JudgeRuntimeLibrary {
        try JudgeRuntimeLibrary.make(objects: runtimeObjects, compiler: compiler, flags: linkFlags,
                                     directory: libraryDirectory)
    }

    /// The failures of `judge(output:moduleName:scratch:)`, and what the defaults probe printed, when it ran.
    public struct Result: Sendable {
        /// Every error and warning, and every failure of the generated tests when they ran.
        public let failures: [String]
        /// The probe's output (see ``SwiftDefaultsProbe``), nil when there was no probe or the code did not compile.
        public let probeOutput: String?
        /// Whether the generated tests were built and run (they run only when the code compiled cleanly).
        public var ranTests = false
    }

    /// How long the generated tests of one project may run before they count as hung.
    public static let testsTimeLimit: Duration = .seconds(300)

    /// Compiles as ``judge(output:moduleName:scratch:)`` does; with a `probe` (``SwiftDefaultsProbe``'s source)
    /// or a list of `testServers`, compiles the generated tests with the probe into a Swift Testing runner, then
    /// runs the probe (the runner in probe mode) and the tests against each server, as `swift test` would.
    public func judge(output: String, moduleName: String, scratch: String, probe: String?,
                      testServers: [TestServer] = [], databasePrefix: String = "taxiway_") throws -> Result {
        guard probe != nil || !testServers.isEmpty else {
            return Result(failures: try compile(output: output, moduleName: moduleName, scratch: scratch, probe: nil), probeOutput: nil)
        }
        let failures = try compile(output: output, moduleName: moduleName, scratch: scratch, probe: probe ?? SwiftDefaultsProbe.empty)
        guard failures.isEmpty else { return Result(failures: failures, probeOutput: nil) }
        let runner: String
        switch try linkRunner(scratch: scratch) {
        case .success(let path): runner = path
        case .failure(let failure): return Result(failures: [failure.description], probeOutput: nil)
        }
        var probeOutput: String?
        if probe != nil {
            let run = try CommandRunner.run(runner, [], environment: Self.environment(adding: [SwiftDefaultsProbe.environmentSwitch: "1"]))
            guard run.status == 0 else {
                return Result(failures: ["the defaults probe exited with \(run.status): \(run.errors.prefix(500))"], probeOutput: nil)
            }
            probeOutput = run.output
        }
        let testFailures = try testServers.flatMap { server in
            try run(tests: runner, on: server, databasePrefix: databasePrefix)
        }
        return Result(failures: testFailures, probeOutput: probeOutput, ranTests: !testServers.isEmpty)
    }

    /// The failures of compiling `output`'s `Swift/` as module `moduleName` and its `Tests/` against it:
    /// every error and every warning swiftc printed (empty when both compile cleanly).
    public func judge(output: String, moduleName: String, scratch: String) throws -> [String] {
        try compile(output: output, moduleName: moduleName, scratch: scratch, probe: nil)
    }

    /// Compiles the module (its interface into `scratch/modules`) and type-checks the tests against it; with
    /// a `probe`, compiles both to objects instead (`scratch/module.o`, `scratch/tests.o`, the probe among the
    /// tests' files), for the test runner.
    private func compile(output: String, moduleName: String, scratch: String, probe: String?) throws -> [String] {
        let modules = scratch + "/modules"
        try FileManager.default.createDirectory(atPath: modules, withIntermediateDirectories: true)
        let moduleObject = probe != nil ? ["-c", "-wmo", "-o", scratch + "/module.o"] : []
        let swift = try compile(directory: output + "/Swift", label: "Swift", arguments: [
            "-emit-module", "-emit-module-path", "\(modules)/\(moduleName).swiftmodule", "-module-name", moduleName,
            "-parse-as-library",
        ] + moduleObject + moduleFlags)
        guard swift.isEmpty else { return swift }
        var extraFiles: [String] = []
        if let probe {
            try probe.write(toFile: scratch + "/DefaultsProbe.swift", atomically: false, encoding: .utf8)
            extraFiles.append(scratch + "/DefaultsProbe.swift")
        }
        let testsObject = probe != nil ? ["-c", "-wmo", "-o", scratch + "/tests.o"] : ["-typecheck"]
        return try compile(directory: output + "/Tests", label: "Tests", extraFiles: extraFiles, arguments: testsObject + [
            "-module-name", "\(moduleName)GeneratedTests", "-parse-as-library", "-I", modules,
        ] + testFlags)
    }

    /// Links the compiled module and tests (with the probe) into `scratch/tests`, with the runner's entry point
    /// (compiled once for the build, ``JudgeRuntimeLibrary/runnerObject(compiler:flags:)``) and the runtime library.
    private func linkRunner(scratch: String) throws -> Swift.Result<String, JudgeError> {
        let library = try runtimeLibrary()
        let runnerObject = try library.runnerObject(compiler: compiler, flags: testFlags)
        let executable = scratch + "/tests"
        let result = try CommandRunner.run(compiler, ["-o", executable, "-module-name", "TaxigenGeneratedTestsRunner"]
            + linkFlags + library.linkFlags + [scratch + "/module.o", scratch + "/tests.o", runnerObject])
        guard result.status == 0 else {
            let text = (result.output + result.errors).split(separator: "\n").prefix(8).joined(separator: " | ")
            return .failure(JudgeError("swiftc (generated tests runner) exited with \(result.status): \(text)"))
        }
        return .success(executable)
    }

    /// This process's environment with `changes` (a nil value removes the variable).
    private static func environment(adding changes: [String: String?]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in changes { environment[name] = value }
        return environment
    }

    /// A server the generated tests run against: its name in reports and its URL.
    public struct TestServer: Sendable {
        /// The server's name in reports (`PostgreSQL 15`).
        public let label: String
        /// A connection URL of the server; the tests create their own databases on it.
        public let url: String

        /// A server to run the generated tests against.
        public init(label: String, url: String) {
            self.label = label
            self.url = url
        }
    }

    /// Runs the linked tests once against `server`.
    private func run(tests: String, on server: TestServer, databasePrefix: String) throws -> [String] {
        let environment = Self.environment(adding: [
            "TAXIWAY_TEST_DATABASE_URL": server.url, "TAXIWAY_TEST_DATABASE_PREFIX": databasePrefix,
            "TAXIWAY_TEST_VIA_PGBOUNCER": nil, SwiftDefaultsProbe.environmentSwitch: nil,
            "NO_COLOR": "1",  // plain text in the judges' reports
        ])
        let run = try CommandRunner.run(tests, [], environment: environment, timeLimit: Self.testsTimeLimit)
        let output = run.output + run.errors
        if run.timedOut {
            return ["the generated tests ran past \(Self.testsTimeLimit) on \(server.label) and were killed: "
                    + Self.failureLines(output).joined(separator: " | ")]
        }
        guard run.status == 0 else {
            let lines = Self.failureLines(output)
            return ["the generated tests failed on \(server.label) (exit status \(run.status)):"]
                + (lines.isEmpty ? [String(output.suffix(1_500))] : lines.map { "  " + $0 })
        }
        // A run that found no test proves nothing: every entity has generated tests.
        guard let count = Self.testCount(output), count > 0 else {
            return ["the generated tests ran no test on \(server.label): \(String(output.suffix(500)))"]
        }
        return []
    }

    /// The number of tests a Swift Testing run reports (`Test run with N tests …`), nil when it reports none.
    static func testCount(_ text: String) -> Int? {
        guard let range = text.range(of: "Test run with ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The lines of a Swift Testing run that name a failed test or an issue, at most 16.
    static func failureLines(_ text: String) -> [String] {
        let lines = text.split(separator: "\n").map(String.init).filter {
            $0.contains("✘") || $0.contains("recorded an issue") || $0.contains("Fatal error") || $0.contains("failed after")
        }
        return lines.count > 16 ? Array(lines.prefix(16)) + ["… and \(lines.count - 16) more"] : lines
    }

    /// The objects to link with generated code and its tests: the runtime, TaxiwayTesting, the generator core
    /// it reads SQL scripts with, and what they stand on. Never the benchmark, the fuzzer or the example domain.
    private var runtimeObjects: [String] {
        let unneeded = ["/taxigen_bench.build/", "/TaxigenFuzz.build/", "/ExampleDomain.build/", "/Mustache.build/"]
        return benchObjects.filter { line in !unneeded.contains { line.contains($0) } }
    }

    private func compile(directory: String, label: String, extraFiles: [String] = [], arguments: [String]) throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let generated = try FileManager.default.subpathsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".swift") }.sorted().map { "\(directory)/\($0)" }
        guard !generated.isEmpty else { return [] }
        let files = generated + extraFiles
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
    /// the objects of that list.
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
                objects = list.split(separator: "\n").map(String.init)
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
