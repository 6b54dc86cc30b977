import Foundation
import Testing
@testable import TaxigenCore

/// The reference test: the fixture domain's whole output is checked in under `Tests/Fixtures/Golden`,
/// was reviewed, and is compiled as the `GoldenDomain` target. Any change to an emitter shows up here as a
/// diff to review; re-record with `TAXIGEN_RECORD_GOLDEN=1 swift test --filter GoldenTests` only after review.
@Suite("Golden output")
struct GoldenTests {
    private static let fixture = RepositoryPaths.path("Tests/Fixtures")

    private func rendered() throws -> [OutputFile] {
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: Self.fixture, into: &log)
        let files = try Generator(config: config).outputFiles(into: &log)
        #expect(log.diagnostics.isEmpty, "\(log.diagnostics)")
        return try #require(files)
    }

    @Test("every emitter's output for the fixture domain matches its golden file")
    func matchesGolden() throws {
        let files = try rendered()
        let root = Self.fixture + "/Golden"
        if ProcessInfo.processInfo.environment["TAXIGEN_RECORD_GOLDEN"] == "1" {
            _ = try OutputWriter(root: root).write(files)
        }
        let drifts = try DriftCheck(root: root).differences(from: files)
        #expect(drifts.isEmpty, "\(drifts.map { "\($0.path): \($0.kind)\n\($0.excerpt)" }.joined(separator: "\n"))")
    }

    @Test("the fixture exercises every Swift emitter")
    func coversEveryEmitter() throws {
        let paths = try rendered().map(\.path)
        for suffix in ["Book.swift", "BookCreate.swift", "BookRepository.swift"] {
            #expect(paths.contains("Swift/Book/\(suffix)"), "missing \(suffix)")
        }
        // The model's file holds its columns, enums and data helpers; the create request's the patch.
        let files = try rendered()
        let model = try #require(files.first { $0.path == "Swift/Book/Book.swift" }).contents
        for part in ["public struct Columns: ModelColumns", "public enum ", "extension Book: JSONDataCarrier {}"] {
            #expect(model.contains(part), "missing \(part)")
        }
        let create = try #require(files.first { $0.path == "Swift/Book/BookCreate.swift" }).contents
        #expect(create.contains("public typealias BookPatch = Patch<Book.PatchFields>"))
    }

    @Test("no rendered file has an empty interpolation where a value was expected")
    func noMissingKeys() throws {
        for file in try rendered() {
            // A missing context key renders as empty text: these are the shapes that would leave behind (a type
            // missing between `name: ` and ` {` leaves two spaces; a closure argument, `where: {`, has one).
            let contents = file.contents
            for broken in ["public var :", "public let :", "case  ", "struct  ", "extension  ", ":  {", "ON  ("] {
                #expect(!contents.contains(broken), "\(file.path) contains '\(broken)'")
            }
        }
    }
}

/// Snippet tests: a few lines of spec, the few lines of output they must produce.
@Suite("Snippets")
struct SnippetTests {
    private func file(_ suffix: String, for spec: String) throws -> String {
        let files = try SpecHarness.render([SpecLoader.Source(path: "specs/a.yaml", text: spec)])
        return try #require(files.first { $0.path.hasSuffix(suffix) }).contents
    }

    @Test("a keyword field is escaped in Swift declarations and key paths, and bare as a label or after a dot")
    func keywordField() throws {
        let spec = "entity: Thing\nfields:\n  default: { type: bool, default: true }\n"
        let create = try file("/ThingCreate.swift", for: spec)
        #expect(create.contains("    public var `default`: Bool\n"))
        #expect(create.contains("        self.default = `default`\n"))
        #expect(create.contains("            default: fields.required(\"default\")"))
        #expect(create.contains("        public let `default`: PatchableField<Bool> = .init(\\.`default`, Thing.columns.`default`, key: \"default\")\n"))
        let model = try file("/Thing.swift", for: spec)
        #expect(model.contains(#"public let `default`: Column<Thing, Bool> = .init("\"default\"") { $0.`default` }"#),
                "read through the model's dynamic member lookup")
    }

    @Test("a field named like a model's method, or `data`, is declared on the model; every other field is not")
    func declaredModelFields() throws {
        let spec = "entity: Thing\nfields:\n  hash: { type: text }\n  encode: { type: int }\n  label: { type: text }\n"
        let model = try file("/Thing.swift", for: spec)
        #expect(model.contains("    public var hash: String { get { fieldValues.hash } set { fieldValues.hash = newValue } }\n"),
                "member lookup finds `hash(into:)` before dynamic member lookup")
        #expect(model.contains("    public var encode: Int32 { get { fieldValues.encode } set { fieldValues.encode = newValue } }\n"))
        #expect(!model.contains("var label"), "read through dynamic member lookup")
        let carrier = try file("/Thing.swift", for: "entity: Thing\njson_data: true\nfields:\n  label: { type: text }\n")
        #expect(carrier.contains("public var data: JSONValue { get { fieldValues.data } set { fieldValues.data = newValue } }"),
                "JSONDataCarrier requires `data`, which dynamic member lookup cannot provide")
    }

    @Test("a decimal default is built exactly, never through a Double")
    func decimalDefault() throws {
        let create = try file("ThingCreate.swift", for: "entity: Thing\nfields:\n  price: { type: decimal, precision: 6, scale: 2, default: 0.10 }\n")
        #expect(create.contains("price: Decimal = Decimal(sign: .plus, exponent: -1, significand: 1)"))
    }

    @Test("an enum value that is not a Swift name gets an explicit raw value")
    func enumRawValue() throws {
        let enums = try file("/Thing.swift", for: "entity: Thing\nfields:\n  state: { type: enum, values: [on_hold, open] }\n")
        #expect(enums.contains("        case onHold = \"on_hold\"\n        case open\n"))
    }

    @Test("an immutable field is a field a patch cannot set, and named in the patch's documentation")
    func immutableField() throws {
        let patch = try file("ThingCreate.swift", for: "entity: Thing\nfields:\n  code: { type: text, immutable: true }\n  name: { type: text }\n")
        #expect(patch.contains("public let code: FixedField<String> = .init(\\.code, Thing.columns.code)"),
                "listed with its column: the table inserts the request through the list")
        #expect(patch.contains("/// Immutable fields (`code`) cannot be patched."))
        #expect(patch.contains("public let name: PatchableField<String> = .init(\\.name, Thing.columns.name)"))
    }

    @Test("a sensitive field is left out of the response")
    func sensitiveResponse() throws {
        let spec = "entity: Thing\nfields:\n  secret: { type: text, sensitive: true }\n"
        let model = try file("/Thing.swift", for: spec)
        #expect(model.contains("public typealias ThingResponse = EntityResponse<Thing>"))
        let create = try file("/ThingCreate.swift", for: spec)
        // Its key (in `sensitiveKeys`) and its clearing come from the field, sealed, in the fields list.
        #expect(create.contains("public let secret: PatchableField<String> = .init(\\.secret, sealed: ThingTable.Sealed.secret)"))
    }
}
