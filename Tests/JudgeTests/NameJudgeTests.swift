import Foundation
import TaxigenCore
import TaxigenFuzz
import Testing

/// The judges on the names generated code already uses, which users write too (`description`, `columns`,
/// `Duration`, `Logger`): every member name of Taxiway's and TaxiwayTesting's public API and of the example
/// domain's generated code as a field name and as an enum value, and every public type name of Taxiway,
/// TaxiwayTesting and the modules generated code imports as an entity name. taxigen refuses each at its spec with a located error, or generates code
/// that PostgreSQL applies and swiftc compiles without a warning. The names are read from the sources, so a
/// member added to the runtime or to a template later is judged too.
@Suite("Names that generated code uses, judged", .serialized)
struct NameJudgeTests {
    @Test("every member name, as a field name: refused at the field, or applied and compiled")
    func memberNamesAsFields() throws {
        let names = NameProbe.memberNames()
        #expect(names.count > 300, "only \(names.count) member names were found in the sources")
        let fields = names.map(NameProbe.snakeCase).uniqued()
        // Nullable texts (stored out of line when long), 150 to an entity, keep every row within PostgreSQL's
        // 8,160 bytes, and have no bounds for the generated tests to test.
        let chunks = stride(from: 0, to: fields.count, by: 150).map { Array(fields[$0..<min($0 + 150, fields.count)]) }
        var specs: [String: [String]] = [:]
        for (index, chunk) in chunks.enumerated() { specs["specs/probe\(index + 1).yaml"] = chunk }
        try NameProbe.judge(name: "member_names", specs: specs, minimumAccepted: 300) { path, fields in
            let entity = "Probe" + path.dropFirst("specs/probe".count).dropLast(".yaml".count)
            return "entity: \(entity)\nfields:\n" + fields.map { "  \($0): { type: text, nullable: true }\n" }.joined()
        }
    }

    @Test("every member name, as an enum value: refused at the value, or applied and compiled")
    func memberNamesAsEnumValues() throws {
        let values = NameProbe.memberNames().map(NameProbe.snakeCase).uniqued()
        try NameProbe.judge(name: "enum_values", specs: ["specs/probe.yaml": values], firstLine: 6, minimumAccepted: 300) { _, values in
            "entity: Probe\nfields:\n  kind:\n    type: enum\n    values:\n" + values.map { "      - \($0)\n" }.joined()
        }
    }

    @Test("every type name, as an entity name: refused at the entity, or applied and compiled")
    func typeNamesAsEntities() throws {
        let names = NameProbe.typeNames()
        #expect(names.count > 100, "only \(names.count) type names were found in the sources")
        var specs: [String: [String]] = [:]
        for name in names { specs["specs/\(NameProbe.snakeCase(name)).yaml", default: []].append(name) }
        try NameProbe.judge(name: "type_names", specs: specs, minimumAccepted: 10) { _, names in
            "entity: \(names[0])\nfields:\n  label: { type: string, max_length: 20 }\n"
        }
    }
}

/// Reads the names from the sources, writes the probe projects and judges them.
enum NameProbe {
    /// The Swift sources whose names are judged: the runtime, its test support, and (for member names) the
    /// example domain's generated models and repositories, whose types are named after its entities.
    static func sourceTexts(generated: Bool = true) -> [String] {
        let folders = ["Sources/Taxiway", "Sources/TaxiwayTesting"] + (generated ? ["Generated/Swift"] : [])
        return folders.flatMap { folder -> [String] in
            let root = JudgeSetup.root + "/" + folder
            let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }.sorted()
            return paths.compactMap { try? String(contentsOfFile: root + "/" + $0, encoding: .utf8) }
        }
    }

    /// Members of the protocols generated types conform to that the sources do not declare publicly.
    static let standardMembers = ["hash", "hashValue", "encode", "description", "debugDescription", "customMirror", "id",
                                  "rawValue", "allCases", "dynamicMember", "count", "isEmpty", "first", "map"]

    /// Types of the modules generated code imports (Foundation, Swift, Swift Testing, PostgresNIO) it names.
    static let standardTypes = """
        String Int Int16 Int32 Int64 UInt8 Double Float Bool UUID Date Decimal Data Optional Array Set Dictionary \
        Error Codable Encodable Decodable Sendable Hashable Equatable Identifiable Comparable Encoder Decoder Never \
        Void Mirror CaseIterable RawRepresentable Result Duration Calendar Locale TimeZone URL Character Substring \
        Sequence Collection Task Test Suite Testing Foundation Taxiway TaxiwayTesting PostgresNIO PostgresClient \
        PostgresQuery PostgresRow PostgresCell Issue Tag Trait JSONEncoder JSONDecoder Range ClosedRange Logger
        """.split(separator: " ").map(String.init)

    /// Every public member name (properties, methods, enum cases, protocol requirements) of the sources, and
    /// the standard ones.
    static func memberNames() -> [String] {
        let declared = #"\b(?:public|open)\s+(?:(?:static|class|final|override|mutating|nonisolated)\s+)*(?:var|let|func|case)\s+`?([A-Za-z][A-Za-z0-9_]*)"#
        let protocols = matches(of: #"public protocol [^{]*\{((?:.|\n)*?)\n\}"#)
        let requirement = #"(?m)^\s+(?:(?:static|mutating)\s+)*(?:var|func|associatedtype)\s+`?([A-Za-z][A-Za-z0-9_]*)"#
        return (matches(of: declared) + protocols.flatMap { matches(of: requirement, in: [$0]) } + standardMembers).uniqued().sorted()
    }

    /// Every public type name of the runtime and its test support, and the standard ones, that a spec could give
    /// an entity (the generated types' own names are judged by the checker's reserved names).
    static func typeNames() -> [String] {
        let pattern = #"\b(?:public|open)\s+(?:(?:final|indirect)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z][A-Za-z0-9]*)"#
        return (matches(of: pattern, in: sourceTexts(generated: false)) + standardTypes).uniqued().sorted()
    }

    /// The first capture of every match of `pattern` in `texts` (the sources by default).
    private static func matches(of pattern: String, in texts: [String] = sourceTexts()) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return texts.flatMap { text in
            let range = NSRange(text.startIndex..., in: text)
            return regex.matches(in: text, range: range).compactMap { match in
                Range(match.range(at: 1), in: text).map { String(text[$0]) }
            }
        }
    }

    /// `camelCase` and `UpperCamel` as `snake_case`, as a spec writes a field or file name.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0,
               characters[index - 1].isLowercase || characters[index - 1].isNumber
                || (index + 1 < characters.count && characters[index + 1].isLowercase && characters[index - 1].isUppercase) {
                result.append("_")
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }

    /// Writes a project of `specs` (each file's names, printed by `text`), leaves out every name taxigen refuses
    /// (each refusal must be an error at a line of its spec) until it accepts the rest, then holds those to the
    /// judges: PostgreSQL 18 and 15 apply the schema and swiftc compiles the code and its tests without a warning.
    static func judge(name: String, specs: [String: [String]], firstLine: Int = 3, minimumAccepted: Int,
                      text: (String, [String]) -> String) throws {
        let folder = NSTemporaryDirectory() + "taxigen-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var specs = specs
        var refused = 0
        for round in 1...4 {
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder + "/specs", withIntermediateDirectories: true)
            try "specs: specs\noutput: Generated\nmodule: NameProbe\n".write(toFile: folder + "/taxigen.yaml", atomically: false, encoding: .utf8)
            for (path, names) in specs { try text(path, names).write(toFile: folder + "/" + path, atomically: false, encoding: .utf8) }
            var log = DiagnosticLog()
            let config = ProjectConfig.load(projectDirectory: folder, into: &log)
            _ = Generator(config: config).loadSchema(into: &log)
            let errors = log.diagnostics.filter { $0.severity == .error }
            if errors.isEmpty { break }
            try #require(round < 4, "taxigen still refuses names after 3 rounds: \(errors.prefix(5))")
            var refusedLines: [String: Set<Int>] = [:]
            for error in errors {
                guard specs[error.location.file] != nil, error.location.line > 0 else {
                    Issue.record("an error is not located at a line of a probe spec: \(error)")
                    continue
                }
                refusedLines[error.location.file, default: []].insert(error.location.line)
            }
            for (path, lines) in refusedLines {
                // A name's line is its index + `firstLine`; another line (the entity's name) refuses the whole spec.
                let names = specs[path] ?? []
                let indexes = lines.map { $0 - firstLine }
                if names.count > 1, indexes.allSatisfy(names.indices.contains) {
                    for index in indexes.sorted(by: >) { specs[path]?.remove(at: index) }
                } else {
                    specs[path] = nil
                }
                refused += names.count > 1 ? lines.count : 1
            }
            specs = specs.filter { !$0.value.isEmpty }
        }
        let accepted = specs.values.reduce(0) { $0 + $1.count }
        #expect(accepted >= minimumAccepted, "taxigen accepted \(accepted) names and refused \(refused): too few are judged")
        let judge = try JudgeSetup.judge(runsGeneratedTests: false)
        let verdict = try judge.judge(try FuzzProject(contentsOf: folder), name: name)
        #expect(verdict.accepted, "\(verdict.diagnostics.prefix(5))")
        #expect(verdict.failures.isEmpty, "\(verdict.failures.joined(separator: "\n"))")
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in first-seen order.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
