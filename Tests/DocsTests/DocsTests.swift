import Foundation
import TaxigenCore
import Testing
import Yams

/// Every code block of the README and of docs/ is compiled or run: Swift blocks are compiled as the
/// `DocsExamples` target (and must equal the files there), package manifests are loaded by SwiftPM, specs
/// and configs are checked by taxigen, other YAML and JSON are parsed, and the taxigen commands of shell
/// blocks exist with every flag they use.
@Suite("Code blocks of the docs")
struct DocsTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let examples = root + "/Tests/DocsExamples"

    private func blocks() throws -> [DocBlock] { try DocBlock.all(root: Self.root) }

    @Test("every fenced block has a language this test checks, or is marked as output")
    func everyBlockIsChecked() throws {
        let known: Set<String> = ["swift", "yaml", "json", "sh", "sql", "ini", ""]
        for block in try blocks() {
            #expect(known.contains(block.language), "\(block): unknown language '\(block.language)'")
        }
    }

    @Test("the Swift blocks are the files of DocsExamples, which the build compiles")
    func swiftBlocksAreCompiled() throws {
        var expected: [String: String] = [:]
        var counters: [String: Int] = [:]
        for block in try blocks() where block.language == "swift" && !block.marker.contains("manifest") {
            let index = (counters[block.file] ?? 0) + 1
            counters[block.file] = index
            expected[SwiftExampleFile.name(file: block.file, index: index)] = SwiftExampleFile.text(for: block, index: index)
        }
        #expect(!expected.isEmpty)
        if ProcessInfo.processInfo.environment["TAXIGEN_RECORD_DOCS"] == "1" {
            for file in try FileManager.default.contentsOfDirectory(atPath: Self.examples) where file.hasSuffix(".swift") {
                try FileManager.default.removeItem(atPath: "\(Self.examples)/\(file)")
            }
            for (name, text) in expected {
                try text.write(toFile: "\(Self.examples)/\(name)", atomically: true, encoding: .utf8)
            }
        }
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Self.examples).filter { $0.hasSuffix(".swift") })
        #expect(present == Set(expected.keys), "re-record with TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests")
        for (name, text) in expected {
            let actual = try? String(contentsOfFile: "\(Self.examples)/\(name)", encoding: .utf8)
            #expect(actual == text, "\(name) differs from its docs block; re-record with TAXIGEN_RECORD_DOCS=1 swift test --filter DocsTests")
        }
    }

    @Test("package manifests load in SwiftPM")
    func manifestsLoad() throws {
        let manifests = try blocks().filter { $0.language == "swift" && $0.marker.contains("manifest") }
        #expect(!manifests.isEmpty)
        for block in manifests {
            let directory = NSTemporaryDirectory() + "taxigen-docs-manifest-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory + "/Sources/Shop", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var lines = block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let toolsVersion = lines.first?.hasPrefix("// swift-tools-version") == true ? lines.removeFirst() : "// swift-tools-version: 6.1"
            var text = lines.joined(separator: "\n")
            if !text.contains("let package = Package(") {
                text = "let package = Package(\n    name: \"Shop\",\n" + text + "\n)\n"
            }
            if !text.contains("import PackageDescription") { text = "import PackageDescription\n" + text }
            text = toolsVersion + "\n" + text
            try text.write(toFile: directory + "/Package.swift", atomically: true, encoding: .utf8)
            try "".write(toFile: directory + "/Sources/Shop/Shop.swift", atomically: true, encoding: .utf8)
            let run = try Shell.run("/usr/bin/env", ["swift", "package", "--package-path", directory, "dump-package"])
            #expect(run.status == 0, "\(block): SwiftPM cannot load it:\n\(run.errors.prefix(2_000))")
        }
    }

    @Test("the README's plugin target is the target Examples/Shop builds and runs in CI")
    func readmeTargetIsBuilt() throws {
        let readme = try #require(try blocks().first { $0.file == "README.md" && $0.marker.contains("manifest") })
        let text = Self.normalized(readme.text)
        let start = try #require(text.range(of: ".target("))
        var depth = 0
        var end = start.lowerBound
        for index in text[start.lowerBound...].indices {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" { depth -= 1 }
            if depth == 0, text[index] == ")" { end = index; break }
        }
        let target = String(text[start.lowerBound...end])
        #expect(target.count > 100)
        let shop = try String(contentsOfFile: Self.root + "/Examples/Shop/Package.swift", encoding: .utf8)
        #expect(Self.normalized(shop).contains(target), "Examples/Shop/Package.swift does not declare the README's target \(target)")
    }

    /// Swift text without comments and white space, for comparing declarations.
    static func normalized(_ text: String) -> String {
        text.split(separator: "\n").map { line in
            let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
            return code.filter { !$0.isWhitespace }
        }.joined()
    }

    @Test("specs and configs are accepted by taxigen; other YAML and JSON parse")
    func yamlAndJSON() throws {
        let all = try blocks()
        for block in all where block.language == "json" {
            #expect((try? JSONSerialization.jsonObject(with: Data(block.text.utf8))) != nil, "\(block): not JSON")
        }
        var specsByPage: [String: [DocBlock]] = [:]
        for block in all where block.language == "yaml" {
            #expect(throws: Never.self, "\(block): not YAML") { _ = try Yams.compose(yaml: block.text) }
            if block.marker.contains("excerpt") { continue }
            if block.text.contains("\nentity: ") || block.text.hasPrefix("entity: ") || block.text.contains("\nentity: ") {
                specsByPage[block.file, default: []].append(block)
            } else if ["specs:", "output:", "module:"].contains(where: { block.text.contains("\n" + $0) || block.text.hasPrefix($0) }) {
                try checkConfig(block)
            }
        }
        #expect(!specsByPage.isEmpty)
        for (page, specs) in specsByPage.sorted(by: { $0.key < $1.key }) {
            try checkSpecs(specs, page: page)
        }
    }

    /// The spec blocks of one page, checked together (with an empty spec for each entity they refer to but do
    /// not declare); `refused` blocks must be refused, the others accepted.
    private func checkSpecs(_ specs: [DocBlock], page: String) throws {
        var sources = specs.enumerated().map { SpecLoader.Source(path: "\(page)#\($0.offset)", text: $0.element.text) }
        let declared = Set(specs.flatMap { Self.matches(of: #"(?m)^entity: *([A-Za-z0-9]+)"#, in: $0.text) })
        let referred = Set(specs.flatMap { Self.matches(of: #"type: *ref, *entity: *([A-Za-z0-9]+)"#, in: $0.text) })
        for name in referred.subtracting(declared).sorted() {
            sources.append(SpecLoader.Source(path: "stub-\(name).yaml", text: "entity: \(name)\nfields: {}\n"))
        }
        var log = DiagnosticLog()
        let schema = Checker.check(SpecLoader.load(sources, into: &log), into: &log)
        let refused = specs.contains { $0.marker.contains("refused") }
        if refused {
            #expect(schema == nil, "\(page): a block marked refused was accepted")
        } else {
            #expect(schema != nil, "\(page): taxigen refuses its specs:\n\(log.sorted.map(\.description).joined(separator: "\n"))")
        }
    }

    /// A config block, loaded from a scratch project that has every folder it names.
    private func checkConfig(_ block: DocBlock) throws {
        let directory = NSTemporaryDirectory() + "taxigen-docs-config-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for folder in Self.matches(of: #"(?m)^(?:specs|templates|migrations): *([A-Za-z0-9_/.-]+)"#, in: block.text) {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try block.text.write(toFile: directory + "/taxigen.yaml", atomically: true, encoding: .utf8)
        var log = DiagnosticLog()
        _ = ProjectConfig.load(projectDirectory: directory, into: &log)
        #expect(!log.hasErrors, "\(block): \(log.sorted.map(\.description).joined(separator: "\n"))")
    }

    @Test("every configuration-file block is, byte for byte, the file the test harness runs with")
    func configurationFiles() throws {
        var checked = 0
        for block in try blocks() where block.language == "ini" {
            let file = try #require(block.marker.first { $0.hasPrefix("file=") }.map { String($0.dropFirst("file=".count)) },
                                    "\(block): mark it with <!-- docs-check: file=PATH --> naming the file it shows")
            let text = try String(contentsOfFile: "\(Self.root)/\(file)", encoding: .utf8)
            #expect(block.text + "\n" == text, "\(block) differs from \(file)")
            checked += 1
        }
        #expect(checked >= 1)
    }

    @Test("every taxigen command of a shell block exists with the flags it uses")
    func shellCommands() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("taxigen").path
        var checked = 0
        for block in try blocks() where block.language == "sh" {
            for rawLine in block.text.split(separator: "\n") {
                let line = rawLine.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
                for command in line.components(separatedBy: "&&") {
                    var words = command.split(separator: " ").map(String.init)
                    if words.starts(with: ["swift", "run"]) {
                        words.removeFirst(2)
                        if words.first == "-c" { words.removeFirst(2) }
                    } else if words.starts(with: ["swift", "package"]) {
                        words = Array(words.drop { $0 != "taxigen" })
                    }
                    if words.first?.hasPrefix("scripts/") == true {
                        #expect(FileManager.default.isExecutableFile(atPath: "\(Self.root)/\(words[0])"), "\(block): \(words[0]) is not there")
                        checked += 1
                        continue
                    }
                    guard words.first == "taxigen" else { continue }
                    let subcommands = Array(words.dropFirst().prefix { !$0.hasPrefix("-") && !$0.hasPrefix("[") && !$0.hasPrefix("\"") })
                    let help = try Shell.run(executable, subcommands + ["--help"])
                    #expect(help.status == 0, "\(block): `taxigen \(subcommands.joined(separator: " "))` is not a command")
                    for flag in words.compactMap(Self.flag) {
                        #expect(help.output.contains(flag), "\(block): `taxigen \(subcommands.joined(separator: " "))` has no \(flag)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked >= 10, "only \(checked) commands were checked")
    }

    /// `--flag` of a word such as `--flag`, `[--flag`, `--flag=value`.
    static func flag(_ word: String) -> String? {
        let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard trimmed.hasPrefix("--") else { return nil }
        return String(trimmed.split(separator: "=").first ?? Substring(trimmed))
    }

    static func matches(of pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

/// Runs a program and collects what it printed.
enum Shell {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                      errors: String(decoding: errors, as: UTF8.self))
    }
}

/// The SQL blocks: a block marked `quotes FILE` must appear line by line in that generated file; any other
/// block runs, statement by statement, in a transaction that is rolled back, on a new database holding the
/// example domain's schema (statements with `$n` parameters are prepared, not run; `…` stands for `*`).
@Suite("SQL blocks of the docs")
struct DocsSQLTests {
    @Test("every SQL block quotes the generated SQL truthfully or runs on PostgreSQL")
    func sqlBlocks() throws {
        let blocks = try DocBlock.all(root: DocsTests.root).filter { $0.language == "sql" }
        #expect(!blocks.isEmpty)
        var runnable: [DocBlock] = []
        for block in blocks {
            if let index = block.marker.firstIndex(of: "quotes"), index + 1 < block.marker.count {
                let quoted = try String(contentsOfFile: "\(DocsTests.root)/\(block.marker[index + 1])", encoding: .utf8)
                let lines = Set(quoted.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
                for line in block.text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    #expect(lines.contains(line.trimmingCharacters(in: .whitespaces)), "\(block): not in \(block.marker[index + 1]): \(line)")
                }
            } else if !block.marker.contains("excerpt") {
                runnable.append(block)
            }
        }
        guard !runnable.isEmpty else { return }
        let url = try #require(ProcessInfo.processInfo.environment["TAXIWAY_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
                               "run through scripts/with-test-databases")
        let psql = try #require(["/usr/bin/psql", "/usr/local/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let database = "docs_sql_\(ProcessInfo.processInfo.processIdentifier)"
        _ = try Shell.run(psql, ["-X", "-q", "-d", url, "-c", "DROP DATABASE IF EXISTS \(database)"])
        #expect(try Shell.run(psql, ["-X", "-q", "-d", url, "-c", "CREATE DATABASE \(database)"]).status == 0)
        defer { _ = try? Shell.run(psql, ["-X", "-q", "-d", url, "-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"]) }
        var components = try #require(URLComponents(string: url))
        components.path = "/" + database
        let databaseURL = try #require(components.string)
        let schema = try Shell.run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", databaseURL, "-f", DocsTests.root + "/Generated/SQL/schema.sql"])
        #expect(schema.status == 0, "the example schema does not apply: \(schema.errors)")
        for block in runnable {
            let script = "BEGIN;\n" + Self.statements(block.text).enumerated().map { index, statement in
                statement.contains("$1") ? "PREPARE docs_\(index) AS \(statement);" : "\(statement);"
            }.joined(separator: "\n") + "\nROLLBACK;\n"
            let run = try Shell.run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", databaseURL, "-c", script])
            #expect(run.status == 0, "\(block): PostgreSQL refuses it: \(run.errors)")
        }
    }

    /// The block's statements: split at semicolons and at lines that start a new statement, comments dropped,
    /// `…` read as `*`.
    static func statements(_ text: String) -> [String] {
        var statements: [String] = []
        var current: [String] = []
        let starts = ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH ", "ALTER ", "CREATE ", "DROP ", "COMMENT "]
        for rawLine in text.split(separator: "\n") {
            var line = String(rawLine.range(of: "--").map { rawLine[..<$0.lowerBound] } ?? rawLine[...])
            line = line.replacingOccurrences(of: "…", with: "*")
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let insertAwaitingRows = current.first?.hasPrefix("INSERT ") == true
                && !current.contains { $0.contains("VALUES") || $0.hasPrefix("SELECT ") }
            if starts.contains(where: { line.hasPrefix($0) }), !current.isEmpty, !(insertAwaitingRows && line.hasPrefix("SELECT ")) {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
            current.append(line)
            if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
        }
        if !current.isEmpty { statements.append(current.joined(separator: "\n")) }
        return statements.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "; \n")) }.filter { !$0.isEmpty }
    }
}
