import Foundation
import Testing
@testable import TaxigenCore

/// Issue 11, item 2: every name and value the checker accepts gives SQL PostgreSQL applies and Swift that
/// compiles; everything else is refused at its location. One suite per category of the issue.
@Suite("Names and values")
struct NameAndValueTests {
    /// The rendered files of in-memory specs by path.
    static func rendered(_ files: [String: String]) throws -> [String: String] {
        let sources = files.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        return Dictionary(uniqueKeysWithValues: try SpecHarness.render(sources).map { ($0.path, $0.contents) })
    }

    /// The first error of a spec set, with its hint, as `path:line:column: error: message\n    hint: …`.
    static func firstError(_ files: [String: String]) -> String? {
        SpecHarness.diagnostics(files).first { $0.severity == .error }?.description
    }
}

// MARK: - One schema-wide namespace

@Suite("Names and values: one namespace per schema")
struct NamespaceTests {
    @Test("a table named like another table's index is refused, naming both")
    func tableNamedLikeIndex() {
        let errors = SpecHarness.errors([
            "specs/a.yaml": "entity: Customer\nfields:\n  name: { type: text }\n",
            "specs/b.yaml": "entity: Audit\ntable: ix_customers_version\nfields:\n  note: { type: text }\n",
        ])
        #expect(errors == ["specs/b.yaml:2:8: table 'ix_customers_version' of entity 'Audit' has the name of index 'ix_customers_version' of table 'customers' (specs/a.yaml:1:9): tables and indexes share one namespace per schema"])
    }

    @Test("two tables whose derived index names collide are refused, with a hint that fits an implicit index")
    func derivedIndexCollision() {
        let diagnostics = SpecHarness.diagnostics([
            "specs/a.yaml": "entity: Foo\ntable: foo\nfields:\n  bar_baz: { type: ref, entity: Foo }\n",
            "specs/b.yaml": "entity: FooBar\ntable: foo_bar\nfields:\n  baz: { type: ref, entity: Foo }\n",
        ]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/b.yaml:4:3: error: index 'ix_foo_bar_baz' of table 'foo_bar' has the name of index 'ix_foo_bar_baz' of table 'foo' (specs/a.yaml:4:3): tables and indexes share one namespace per schema\n    hint: its name is derived from the table and field; rename the field or set another `table:`",
        ])
    }

    @Test("a table named like another's primary-key index is refused")
    func tableNamedLikePrimaryKey() {
        let errors = SpecHarness.errors([
            "specs/a.yaml": "entity: Customer\nfields:\n  name: { type: text }\n",
            "specs/b.yaml": "entity: Other\ntable: pk_customers\nfields:\n  name: { type: text }\n",
        ])
        #expect(errors == ["specs/b.yaml:2:8: table 'pk_customers' of entity 'Other' has the name of primary-key index 'pk_customers' of table 'customers' (specs/a.yaml:1:9): tables and indexes share one namespace per schema"])
    }

    @Test("a declared index named like a field's index in the same table is refused once")
    func declaredIndexNamedLikeFieldIndex() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          code: { type: int, index: true }
        indexes:
          - fields: [code]
        """])
        #expect(errors == ["specs/a.yaml:5:5: index 'ix_customers_code' of table 'customers' has the name of index 'ix_customers_code' of table 'customers' (specs/a.yaml:3:29): tables and indexes share one namespace per schema"])
    }

    @Test("tables PostgreSQL or pgvector already own are refused", arguments: [
        ("pg_class", "table name 'pg_class' starts with 'pg_', which PostgreSQL keeps for its system catalogs"),
        ("pg_things", "table name 'pg_things' starts with 'pg_', which PostgreSQL keeps for its system catalogs"),
        ("vector", "table name 'vector' is taken by pgvector's type `vector`: each table also creates a type of its own name"),
        ("halfvec", "table name 'halfvec' is taken by pgvector's type `halfvec`: each table also creates a type of its own name"),
    ])
    func reservedTables(table: String, message: String) {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Thing\ntable: \(table)\nfields:\n  name: { type: text }\n"])
        #expect(errors == ["specs/a.yaml:2:8: \(message)"])
    }

    @Test("tables named like PostgreSQL's own types are accepted: pg_catalog is searched first, so they shadow nothing")
    func typeNamedTables() throws {
        let files = try NameAndValueTests.rendered(["specs/a.yaml": "entity: Thing\ntable: text\nfields:\n  name: { type: text }\n"])
        let sql = try #require(files["SQL/schema.sql"])
        #expect(sql.contains("CREATE TABLE text ("))
    }

    @Test("two CHECK constraints of one table with one name are refused")
    func checkConstraintCollision() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          a: { type: array, items: int, minimum: 0 }
          a_item: { type: int, minimum: 0 }
        """])
        #expect(errors == ["specs/a.yaml:4:3: CHECK constraint 'ck_customers_a_item_range' of field 'a_item' has the name of the CHECK constraint of field 'a' in table 'customers'"])
    }
}

// MARK: - Identifier length

@Suite("Names and values: identifier length")
struct IdentifierLengthTests {
    @Test("a derived index name over 63 bytes is shortened with a digest, not refused")
    func derivedNameShortened() throws {
        let long = String(repeating: "x", count: 30)
        let schema = try #require(SpecHarness.schema(["specs/a.yaml": """
        entity: Customer
        fields:
          \(long)_\(long): { type: ref, entity: Customer }
        """]))
        let index = try #require(schema.entity(named: "Customer")?.indexes.first { $0.origin == .ref })
        let full = "ix_customers_\(long)_\(long)"
        #expect(index.name.utf8.count == 63)
        #expect(index.name == String(full.prefix(54)) + "_" + SHA256.hex(of: Array(full.utf8)).prefix(8))
        #expect(DerivedNames.fit("ix_short") == "ix_short")
    }

    @Test("a long key column is refused at the entity, with a hint that can be followed")
    func longKeyColumn() {
        let name = "A" + String(repeating: "b", count: 62)
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": "entity: \(name)\ntable: t\nfields:\n  x: { type: text }\n"])
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:1:9: error: key column name '\(name.lowercased())_id' is 66 bytes, longer than PostgreSQL's 63\n    hint: PostgreSQL would silently truncate it; the key column is named after the entity (`<entity>_id`); use a shorter entity name",
        ])
    }

    @Test("a long index name: is refused once, at the name, and the derived name it replaces is not reported")
    func longExplicitIndexName() {
        let long = String(repeating: "n", count: 64)
        let long2 = String(repeating: "f", count: 40)
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": """
        entity: Customer
        fields:
          \(long2): { type: int }
        indexes:
          - fields: [\(long2)]
            name: \(long)
        """])
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:6:11: error: index name '\(long)' is 64 bytes, longer than PostgreSQL's 63\n    hint: PostgreSQL would silently truncate it; use a shorter `name:`",
        ])
    }

    @Test("a long column name is refused with a hint to shorten the field")
    func longColumn() {
        let long = String(repeating: "c", count: 64)
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": "entity: Customer\nfields:\n  \(long): { type: text, unique: true }\n"])
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:3:3: error: column name '\(long)' is 64 bytes, longer than PostgreSQL's 63\n    hint: PostgreSQL would silently truncate it; use a shorter field name",
        ])
    }
}

// MARK: - PostgreSQL's limits

@Suite("Names and values: PostgreSQL's limits")
struct PostgresLimitTests {
    @Test("an hnsw or ivfflat index over 2000 dimensions is refused, on the field and declared")
    func vectorIndexDimensions() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Doc
        fields:
          a: { type: vector, dimensions: 2001, index: hnsw }
          b: { type: vector, dimensions: 3072 }
          c: { type: vector, dimensions: 2000, index: ivfflat }
        indexes:
          - fields: [b]
            kind: ivfflat
        """])
        #expect(errors == [
            "specs/a.yaml:3:47: a hnsw index supports vectors of at most 2000 dimensions, and 'a' has 2001",
            "specs/a.yaml:7:5: a ivfflat index supports vectors of at most 2000 dimensions, and 'b' has 3072",
        ])
    }

    @Test("an index of more than 32 fields is refused")
    func indexColumns() {
        let fields = (1...33).map { "f\($0)" }
        let spec = "entity: Wide\nfields:\n" + fields.map { "  \($0): { type: int }\n" }.joined()
            + "indexes:\n  - fields: [\(fields.joined(separator: ", "))]\n"
        #expect(SpecHarness.errors(["specs/a.yaml": spec]) == ["specs/a.yaml:37:5: an index can hold at most 32 fields in PostgreSQL, and this one lists 33"])
    }

    @Test("more than 1000 columns are refused (swiftc cannot compile the initialisers), more than 1600 by PostgreSQL's limit too")
    func tooManyColumns() {
        let spec = "entity: Wide\nfields:\n" + (1...1596).map { "  f\($0): { type: int }\n" }.joined()
        #expect(Set(SpecHarness.errors(["specs/a.yaml": spec])) == [
            "specs/a.yaml:1:9: entity 'Wide' has 1601 columns (with the key and audit columns), more than PostgreSQL's 1600 per table",
            "specs/a.yaml:1:9: entity 'Wide' has 1601 columns (with the key and audit columns); its generated Swift initialisers would take a parameter each, more than the 1000 swiftc compiles",
        ])
        let swiftLimit = "entity: Wide\nfields:\n" + (1...996).map { "  f\($0): { type: int }\n" }.joined()
        #expect(SpecHarness.errors(["specs/a.yaml": swiftLimit]) == [
            "specs/a.yaml:1:9: entity 'Wide' has 1001 columns (with the key and audit columns); its generated Swift initialisers would take a parameter each, more than the 1000 swiftc compiles",
        ])
        let fits = "entity: Wide\nfields:\n" + (1...995).map { "  f\($0): { type: int }\n" }.joined()
        #expect(SpecHarness.errors(["specs/a.yaml": fits]) == [])
    }

    @Test("a NUL character in any text that reaches SQL is refused")
    func nulCharacters() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        description: "a\\0b"
        fields:
          name: { type: text, default: "x\\0y" }
          note: { type: text, description: "n\\u0000" }
          extra: { type: json, default: { "k\\0": 1, v: ["\\0"] } }
        """])
        #expect(errors == [
            "specs/a.yaml:2:14: the description of entity 'Customer' contains a NUL character (U+0000)",
            "specs/a.yaml:4:32: the default of field 'name' contains a NUL character (U+0000)",
            "specs/a.yaml:5:36: the description of field 'note' contains a NUL character (U+0000)",
            "specs/a.yaml:6:35: a key in the default of field 'extra' contains a NUL character (U+0000)",
            "specs/a.yaml:6:49: the default of field 'extra' contains a NUL character (U+0000)",
        ])
    }

    @Test("year 0 and other dates outside 0001-9999 are refused")
    func dates() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          a: { type: date, default: "0000-01-01" }
          b: { type: date, default: "+202-01-01" }
          c: { type: date, default: "0001-01-01" }
          d: { type: date, default: "9999-12-31" }
        """])
        #expect(errors == [
            "specs/a.yaml:3:29: default '0000-01-01' of date field 'a' is not a date",
            "specs/a.yaml:4:29: default '+202-01-01' of date field 'b' is not a date",
        ])
    }
}

// MARK: - Swift names

@Suite("Names and values: Swift names")
struct SwiftNameTests {
    @Test("fields named like generated members are refused, naming the member", arguments: [
        ("expected_version", "expectedVersion", "the patch's `expectedVersion`"),
        ("is_empty", "isEmpty", "the patch's `isEmpty`"),
        ("all", "all", "`Columns.all`, the list of every column"),
        ("hash_value", "hashValue", "`hashValue` (Hashable)"),
        ("validation_issues", "validationIssues", "`validationIssues()` of the create request and the patch"),
        // Found by the judges (seed 37777): the model then no longer conformed to `GeneratedModel`.
        ("columns", "columns", "the model's static `columns`, its typed columns (GeneratedModel)"),
    ])
    func generatedMembers(field: String, property: String, member: String) {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": "entity: Customer\nfields:\n  \(field): { type: int }\n"])
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:3:3: error: field '\(field)' becomes the Swift property '\(property)', which is \(member)\n    hint: rename the field (e.g. '\(field)_value')",
        ])
    }

    @Test("enum values that become one Swift case, or a member of every enum, are refused")
    func enumCases() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          a: { type: enum, values: [a_b1, a_b_1] }
          b: { type: enum, values: [all_cases, raw_value] }
        """])
        #expect(errors == [
            "specs/a.yaml:3:35: enum values 'a_b_1' and 'a_b1' of field 'a' both become the Swift case 'aB1'",
            "specs/a.yaml:4:29: enum value 'all_cases' of field 'b' becomes the Swift case 'allCases', which is `allCases` (CaseIterable) of every generated enum",
            "specs/a.yaml:4:40: enum value 'raw_value' of field 'b' becomes the Swift case 'rawValue', which is `rawValue` (RawRepresentable) of every generated enum",
        ])
    }

    @Test("enum fields whose nested type would be a metatype or shadow a type generated code uses are refused")
    func enumTypeNames() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          type: { type: enum, values: [a] }
          protocol: { type: enum, values: [a] }
          string: { type: enum, values: [a] }
          date: { type: enum, values: [a] }
          customer: { type: enum, values: [a] }
        """])
        #expect(errors == [
            "specs/a.yaml:3:3: enum field 'type' would generate the type 'Customer.Type', but `Customer.Type` means the metatype in Swift",
            "specs/a.yaml:4:3: enum field 'protocol' would generate the type 'Customer.Protocol', but `Customer.Protocol` means the metatype in Swift",
            "specs/a.yaml:5:3: enum field 'string' would generate the type 'Customer.String', which shadows Swift's String inside the model",
            "specs/a.yaml:6:3: enum field 'date' would generate the type 'Customer.Date', which shadows Foundation's Date inside the model",
            "specs/a.yaml:7:3: enum field 'customer' would generate the type 'Customer.Customer', which shadows the model itself",
        ])
    }

    @Test("a plain field named `type`, `protocol` or `string` is fine")
    func plainKeywordFields() throws {
        let files = try NameAndValueTests.rendered(["specs/a.yaml": """
        entity: Customer
        fields:
          type: { type: text }
          protocol: { type: int }
          string: { type: text }
          report: { type: string, max_length: 10 }
          value: { type: string, max_length: 10 }
          filter: { type: enum, values: [a], default: a }
        """])
        #expect(files["Swift/Customer/Customer.swift"]?.contains("public enum Filter: String") == true)
        let create = try #require(files["Swift/Customer/CustomerCreate.swift"])
        #expect(create.contains("public var `protocol`: Int32"))
        #expect(create.contains("public let value: PatchableField<String> = .init(\\.value, Customer.columns.value) { value, report in\n"
                                + "            report.checkLength(value, of: \"value\", max: 10)"))
        #expect(create.contains("public let report: PatchableField<String> = .init(\\.report, Customer.columns.report) { value, report in\n"
                                + "            report.checkLength(value, of: \"report\", max: 10)"))
    }

    @Test("entities named like types generated code uses are refused, naming the type", arguments: [
        ("Float", "Swift's Float"), ("FieldCipher", "Taxiway's FieldCipher"), ("EntityNotFound", "Taxiway's EntityNotFound"),
        ("TestValues", "TaxiwayTesting's TestValues"), ("PostgresQuery", "PostgresNIO's PostgresQuery"),
        ("Repository", "Taxiway's Repository"), ("Taxiway", "the module Taxiway"),
    ])
    func entityNames(name: String, owner: String) {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": "entity: \(name)\nfields:\n  x: { type: text }\n"])
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:1:9: error: entity name '\(name)' would shadow \(owner), which generated code uses\n    hint: choose a more specific name, e.g. '\(name)Record'",
        ])
    }

    @Test("entities whose generated types would be Taxiway's, or named like the repository core's Model, are refused", arguments: [
        ("Entity", "EntityPatch"), ("History", "HistoryTable"), ("AppendOnly", "AppendOnlyRepository"),
        ("SealedEntity", "SealedEntityTable"), ("PlainEntity", "PlainEntityTable"),
    ])
    func entityGeneratedTypeNames(name: String, generated: String) {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": "entity: \(name)\nfields:\n  x: { type: text }\n"])
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:1:9: error: entity name '\(name)' would generate the type '\(generated)', which shadows Taxiway's \(generated)\n    hint: choose a more specific name, e.g. '\(name)Record'",
        ])
        for reserved in ["Model", "Create"] {
            let errors = SpecHarness.errors(["specs/a.yaml": "entity: \(reserved)\nfields:\n  x: { type: text }\n"])
            #expect(errors.first?.hasPrefix("specs/a.yaml:1:9: entity name '\(reserved)' would shadow") == true, "\(errors)")
        }
        // A nested enum type may still take those names: `Car.Model` is always written qualified.
        #expect(SpecHarness.errors(["specs/a.yaml": "entity: Car\nfields:\n  model: { type: enum, values: [a, b] }\n"]).isEmpty)
    }

    @Test("two entities whose names differ only in letter case are refused: their files would collide on macOS")
    func caseOnlyEntityNames() {
        let errors = SpecHarness.errors([
            "specs/a.yaml": "entity: OrderLine\nfields:\n  x: { type: text }\n",
            "specs/b.yaml": "entity: Orderline\nfields:\n  x: { type: text }\n",
        ])
        #expect(errors == ["specs/b.yaml:1:9: entity 'Orderline' differs from 'OrderLine' (specs/a.yaml:1:9) only in letter case: their generated files would overwrite each other on a case-insensitive file system (macOS, Windows)"])
    }

    @Test("an entity named like another's generated test type is refused")
    func generatedTestTypes() {
        let errors = SpecHarness.errors([
            "specs/a.yaml": "entity: Customer\nfields:\n  x: { type: text }\n",
            "specs/b.yaml": "entity: CustomerFixture\nfields:\n  x: { type: text }\n",
        ])
        #expect(errors == ["specs/b.yaml:1:9: entity 'CustomerFixture' has the name of a type generated for entity 'Customer'"])
    }

    @Test("module names that shadow what generated code imports are refused", arguments: [
        "Taxiway", "Foundation", "PostgresNIO", "Testing", "TaxiwayTesting", "String",
    ])
    func moduleNames(name: String) throws {
        #expect(SwiftNameRules.moduleNameProblem("ShopDomain") == nil)
        let project = try TemporaryDirectory()
        try project.write("module: \(name)\n", to: "taxigen.yaml")
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: project.path, into: &log)
        #expect(log.diagnostics.map(\.description).first?.hasSuffix(":1:9: error: module '\(name)' would shadow \(SwiftReservedNames.typeNames[name] ?? "?"), which generated code imports or uses\n    hint: name the module after your domain, e.g. '\(name)Domain'") == true)
        #expect(config.moduleName == "Domain")
    }

    @Test("module names of Taxiway's dependencies are refused (a circular dependency)", arguments: [
        "Metrics", "Tracing", "Instrumentation", "NIOPosix", "TaxiwayRules", "ServiceContextModule",
    ])
    func dependencyModuleNames(name: String) throws {
        let project = try TemporaryDirectory()
        try project.write("module: \(name)\n", to: "taxigen.yaml")
        var log = DiagnosticLog()
        _ = ProjectConfig.load(projectDirectory: project.path, into: &log)
        #expect(log.diagnostics.map(\.description).first?.hasSuffix(":1:9: error: module '\(name)' is the name of a module Taxiway depends on: the generated module would depend on itself\n    hint: name the module after your domain, e.g. '\(name)Domain'") == true)
    }

    @Test("the modules Taxiway and TaxiwayTesting are compiled against are all in dependencyModules")
    func dependencyModulesComplete() throws {
        // The dependency files of the debug build list every module a target loaded.
        let build = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug").resolvingSymlinksInPath().path
        var loaded: Set<String> = []
        for target in ["Taxiway", "TaxiwayTesting"] {
            let folder = build + "/\(target).build"
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".d") {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                    // `…/Foo.swiftmodule`, or a module folder's `…/Foo.swiftmodule/<target triple>.swiftmodule`.
                    let parts = word.split(separator: "/").filter { $0.hasSuffix(".swiftmodule") && !$0.contains("-") }
                    if let module = parts.first { loaded.insert(String(module.dropLast(".swiftmodule".count))) }
                }
            }
        }
        try #require(loaded.contains("PostgresNIO"), "no dependency files under \(build)")
        let known = SwiftReservedNames.dependencyModules.union(SwiftReservedNames.moduleNames)
            .union(["Taxiway", "TaxiwayTesting", "SwiftOnoneSupport", "gnu", "_Testing_Foundation"])
        #expect(loaded.subtracting(known).sorted() == [])
    }

    @Test("every public type of Taxiway and TaxiwayTesting is a reserved name")
    func runtimeTypesReserved() throws {
        let expected = SwiftReservedNames.taxiwayTypes.union(SwiftReservedNames.taxiwayTestingTypes)
        for module in ["Taxiway", "TaxiwayTesting"] {
            var found: Set<String> = []
            let directory = RepositoryPaths.path("Sources/\(module)")
            for file in try LocalFileSystem().files(under: directory) where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
                let pattern = #/(?m)^public (?:final )?(?:struct|enum|class|protocol|typealias|actor) ([A-Za-z_][A-Za-z0-9_]*)/#
                for match in text.matches(of: pattern) { found.insert(String(match.1)) }
            }
            #expect(found.subtracting(expected).sorted() == [], "public types of \(module) missing from SwiftReservedNames")
        }
    }

    @Test("every type name rendered Swift uses unqualified is reserved, so no entity or enum can shadow it")
    func renderedTypesReserved() throws {
        let files = try NameAndValueTests.rendered(RichSpecs.files)
        var used: Set<String> = []
        for (path, text) in files where path.hasSuffix(".swift") {
            for line in text.split(separator: "\n") {
                var code = String(line)
                if let comment = code.range(of: "//") { code = String(code[..<comment.lowerBound]) }
                code = code.replacing(#/"(?:[^"\\]|\\.)*"/#, with: "\"\"")
                for match in code.matches(of: #/\b[A-Z][A-Za-z0-9]*\b/#) { used.insert(String(match.0)) }
            }
        }
        let suffixes = ["", "Create", "Patch", "Response", "Repository", "Table", "Fixture", "ValidationTests", "RepositoryTests"]
        var generated: Set<String> = Set(RichSpecs.enumTypeNames)
        for name in RichSpecs.entityNames {
            for suffix in suffixes { generated.insert(name + suffix) }
        }
        generated.insert(ProjectConfig(projectDirectory: "/").moduleName)
        let unreserved = used.subtracting(generated).filter { SwiftReservedNames.typeNames[$0] == nil }
        #expect(unreserved.sorted() == [])
    }
}

/// Specs that use every feature of the generated Swift (every type, unique, index, ref, sensitive, json_data,
/// vector, enum), for tests that scan rendered output.
enum RichSpecs {
    static let entityNames = ["Account", "Note"]
    static let enumTypeNames = ["Status"]
    static let files: [String: String] = [
        "specs/account.yaml": """
        entity: Account
        json_data: true
        history: true
        fields:
          name: { type: string, max_length: 100, min_length: 1, unique: true }
          bio: { type: text, max_length: 1000, nullable: true }
          code: { type: string, max_length: 10, pattern: "^[A-Z]+$", example: "ABC" }
          email: { type: string, max_length: 320, format: email }
          age: { type: int, minimum: 0, maximum: 200, index: true }
          big: { type: bigint, minimum: 1 }
          score: { type: double, minimum: 0.5 }
          price: { type: decimal, precision: 10, scale: 2, default: 1.5 }
          active: { type: bool, default: true }
          born: { type: date, nullable: true }
          seen_at: { type: timestamp, nullable: true }
          token: { type: uuid, default: random }
          extra: { type: json, default: { a: 1 } }
          tags: { type: array, items: string, max_length: 20, max_items: 5, default: [] }
          counts: { type: array, items: int, minimum: 0 }
          embedding: { type: vector, dimensions: 3, index: hnsw }
          status: { type: enum, values: [active, on_hold], default: active }
          secret: { type: string, max_length: 50, sensitive: true, nullable: true }
          note_id: { type: ref, entity: Note, nullable: true }
        """,
        "specs/note.yaml": """
        entity: Note
        fields:
          body: { type: text }
        """,
    ]
}

// MARK: - Numbers by value

@Suite("Names and values: numbers by value")
struct NumberValueTests {
    @Test("1.5e3 on numeric(10,3) is 1500 in SQL and in Swift")
    func exponentDefault() throws {
        let files = try NameAndValueTests.rendered(["specs/a.yaml": """
        entity: Customer
        fields:
          amount: { type: decimal, precision: 10, scale: 3, default: 1.5e3 }
          rate: { type: decimal, precision: 10, scale: 4, default: 2.5e-3 }
          ratio: { type: double, default: 1.5e3, maximum: 1e300 }
          zero: { type: double, default: -0 }
        """])
        let sql = try #require(files["SQL/schema.sql"])
        #expect(sql.contains("amount      numeric(10,3)    NOT NULL DEFAULT 1500,"))
        #expect(sql.contains("rate        numeric(10,4)    NOT NULL DEFAULT 0.0025,"))
        #expect(sql.contains("ratio       double precision NOT NULL DEFAULT 1500,"))
        #expect(sql.contains("CHECK (ratio <= 1e300)"))
        #expect(sql.contains("zero        double precision NOT NULL DEFAULT 0,"))
        let create = try #require(files["Swift/Customer/CustomerCreate.swift"])
        #expect(create.contains("amount: Decimal = 1500,"))
        #expect(create.contains("rate: Decimal = Decimal(sign: .plus, exponent: -4, significand: 25),"))
        #expect(create.contains("ratio: Double = 1500.0,"))
        #expect(create.contains("zero: Double = 0.0"))
        #expect(try #require(files["Swift/Customer/CustomerCreate.swift"]).contains("report.checkRange(value, of: \"ratio\", max: 1e300)"))
    }

    @Test("a decimal default is checked by value against precision and scale")
    func decimalFit() {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": """
        entity: Customer
        fields:
          a: { type: decimal, precision: 5, scale: 2, default: 1e5 }
          b: { type: decimal, precision: 5, scale: 2, default: 0.005 }
          c: { type: decimal, precision: 5, scale: 2, default: 9.9999e2 }
          d: { type: decimal, precision: 5, scale: 2, maximum: 1000 }
          e: { type: decimal, precision: 60, scale: 0, default: 123456789012345678901234567890123456789 }
          f: { type: decimal, precision: 60, scale: 0, default: 1e40 }
        """]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:3:56: error: the default 1e5 of field 'a' does not fit numeric(5,2): it has 6 digits before the decimal point, at most 3 fit\n    hint: raise 'precision', or use a smaller number",
            "specs/a.yaml:4:56: error: the default 0.005 of field 'b' has 3 digits after the decimal point, more than the scale 2 of numeric(5,2)\n    hint: PostgreSQL would round it; write at most 2 decimals",
            "specs/a.yaml:6:56: error: 'maximum' 1000 of field 'd' does not fit numeric(5,2): it has 4 digits before the decimal point, at most 3 fit\n    hint: raise 'precision', or use a smaller number",
            "specs/a.yaml:7:57: error: the default 123456789012345678901234567890123456789 of field 'e' has more significant digits than Swift's Decimal holds exactly (38)\n    hint: generated Swift carries decimals as Foundation's Decimal; use at most 38 significant digits",
        ])
    }

    @Test("bigint bounds at ±2^63 are accepted exactly, and one past them refused with a true message")
    func bigintBounds() throws {
        let files = try NameAndValueTests.rendered(["specs/a.yaml": """
        entity: Customer
        fields:
          big: { type: bigint, minimum: -9223372036854775808, maximum: 9223372036854775807, default: 9223372036854775807 }
        """])
        #expect(try #require(files["SQL/schema.sql"]).contains("CHECK (big >= -9223372036854775808 AND big <= 9223372036854775807)"))
        #expect(try #require(files["Swift/Customer/CustomerCreate.swift"]).contains("big: Int64 = 9223372036854775807"))
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          big: { type: bigint, minimum: -9223372036854775809, default: 9223372036854775808 }
          small: { type: int, default: 2147483648, maximum: 1e3 }
          frac: { type: int, default: 1.5 }
        """])
        #expect(errors == [
            "specs/a.yaml:3:33: 'minimum' -9223372036854775809 of field 'big' is outside the range of bigint, -9223372036854775808 to 9223372036854775807",
            "specs/a.yaml:3:64: the default 9223372036854775808 of field 'big' is outside the range of bigint, -9223372036854775808 to 9223372036854775807",
            "specs/a.yaml:4:32: the default 2147483648 of field 'small' is outside the range of int (integer), -2147483648 to 2147483647",
            "specs/a.yaml:5:31: the default 1.5 of field 'frac' is not a whole number",
        ])
    }

    @Test("doubles past the range, or below the smallest normal double (Swift refuses such literals), are refused")
    func doubles() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          a: { type: double, default: 1e400 }
          b: { type: double, default: 1e-400 }
          c: { type: double, default: 5e-324 }
          d: { type: double, maximum: 1.7976931348623157e308, minimum: -2.2250738585072014e-308 }
          e: { type: json, default: [1e400] }
        """])
        #expect(errors == [
            "specs/a.yaml:3:31: the default 1e400 of field 'a' is past the range of double precision",
            "specs/a.yaml:4:31: the default 1e-400 of field 'b' is too small for a double: below 2.2250738585072014e-308 it would lose precision or become 0",
            "specs/a.yaml:5:31: the default 5e-324 of field 'c' is too small for a double: below 2.2250738585072014e-308 it would lose precision or become 0",
            "specs/a.yaml:7:30: the number 1e400 in the default of field 'e' is past the range of double precision",
        ])
    }

    @Test("exact numbers compare by value, not spelling")
    func exactComparison() throws {
        let a = try #require(NumberLiteral("1.5e3"))
        let b = try #require(NumberLiteral("1500.000"))
        #expect(a == b)
        #expect(a.text == "1500")
        #expect(try #require(NumberLiteral("-0")).text == "0")
        #expect(try #require(NumberLiteral(".5")).text == "0.5")
        #expect(try #require(NumberLiteral("9223372036854775807")) < NumberLiteral("9223372036854775808")!)
        #expect(NumberLiteral("-9223372036854775809")! < NumberLiteral("-9223372036854775808")!)
        #expect(NumberLiteral("0x10") == nil)
        #expect(NumberLiteral("1e") == nil)
        #expect(NumberLiteral("1_000") == nil)
        #expect(try #require(NumberLiteral("2.50e-2")).scientificText == "2.5e-2")
    }
}

// MARK: - Text that becomes code

@Suite("Names and values: text that becomes code")
struct CodeTextTests {
    @Test("every line break in a description becomes its own comment line; nothing leaves the comment")
    func lineBreaksInDocComments() throws {
        let description = "one\\rstatic let injected = 1\\r\\ntwo\\u2028three\\u2029four\\x85five\\u000Bsix\\fseven */ \\u202Eevil"
        let files = try NameAndValueTests.rendered(["specs/a.yaml": """
        entity: Customer
        description: "\(description)"
        fields:
          name: { type: text, description: "\(description)", pattern: "^a\\nb$", example: "a\\nb" }
        """])
        // The entity's description documents the model, the field's the create request's property.
        let model = try #require(files["Swift/Customer/Customer.swift"]) + #require(files["Swift/Customer/CustomerCreate.swift"])
        let lines = model.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.hasPrefix("static let injected") || $0.trimmingCharacters(in: .whitespaces).hasPrefix("static let injected") })
        for expected in ["/// one", "/// static let injected = 1", "/// two", "/// three", "/// four", "/// five", "/// six",
                         "/// seven */ \\u{202E}evil"] {
            #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == expected }, "missing \(expected)")
        }
        #expect(!model.unicodeScalars.contains { $0.value == 0x0D || $0.value == 0x2028 || $0.value == 0x85 || $0.value == 0x202E })
        #expect(model.contains("/// Matches `^a"))
        let patch = try #require(files["Swift/Customer/CustomerCreate.swift"])
        #expect(patch.contains(#"pattern: "^a\nb$")"#))
        let sql = try #require(files["SQL/schema.sql"])
        #expect(sql.contains("COMMENT ON TABLE customers IS E'one\\nstatic let injected = 1\\ntwo"))
    }

    @Test("string literals keep quotes, backslashes and interpolation-looking text as text")
    func stringLiterals() {
        #expect(SwiftTypeMapping.stringLiteral(#"a "b" \(c) \\"#) == #""a \"b\" \\(c) \\\\""#)
        #expect(SwiftTypeMapping.stringLiteral("x\u{2028}y\u{202E}") == #""x\u{2028}y\u{202e}""#)
        #expect(SQLLiteral.string("it's\\") == #"'it''s\'"#)
        #expect(SQLLiteral.string("a\nb'") == #"E'a\nb'''"#)
    }

    @Test("a spec path with a line break stays on its comment line")
    func headerPath() throws {
        let sources = [SpecLoader.Source(path: "specs/a\nimport Evil.yaml", text: "entity: Customer\nfields:\n  x: { type: text }\n")]
        let files = try SpecHarness.render(sources)
        for file in files {
            #expect(!file.contents.contains("\nimport Evil"), "\(file.path)")
        }
    }
}

// MARK: - The checker and lint agree

@Suite("Names and values: checker and lint agree")
struct CheckerLintAgreementTests {
    @Test("a declared index that duplicates an implicit one is created once, with a warning, so lint passes")
    func duplicateIndexes() throws {
        let spec = ["specs/a.yaml": """
        entity: Customer
        fields:
          email: { type: string, max_length: 100, unique: true }
          owner_id: { type: ref, entity: Customer }
        indexes:
          - fields: [email]
            name: ix_customers_email_lookup
          - fields: [owner_id]
            include_deleted: true
            name: ix_customers_owner
          - fields: [version]
            include_deleted: true
            name: ix_customers_version_again
        """]
        let diagnostics = SpecHarness.diagnostics(spec)
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        #expect(diagnostics.map { "\($0.location): \($0.message)" } == [
            "specs/a.yaml:6:5: this index duplicates 'ux_customers_email', the unique index of field 'email' (same fields, kind and rows); it is created once: a second copy would cost every write and serve no query",
            "specs/a.yaml:8:5: this index duplicates 'ix_customers_owner_id', the index of ref 'owner_id' (same fields, kind and rows); it is created once: a second copy would cost every write and serve no query",
            "specs/a.yaml:11:5: this index duplicates 'ix_customers_version', the index on version every table has (same fields, kind and rows); it is created once: a second copy would cost every write and serve no query",
        ])
        let schema = try #require(SpecHarness.schema(spec))
        let names = schema.entities[0].indexes.map(\.name)
        #expect(!names.contains("ix_customers_email_lookup") && !names.contains("ix_customers_owner")
                && !names.contains("ix_customers_version_again"))
    }

    @Test("what the checker accepts, lint passes")
    func acceptedPassesLint() throws {
        let sources = RichSpecs.files.sorted { $0.key < $1.key }.map { SpecLoader.Source(path: $0.key, text: $0.value) }
        var log = DiagnosticLog()
        let schema = try #require(Checker.check(SpecLoader.load(sources, into: &log), into: &log))
        let files = try SpecHarness.render(sources)
        let ddl = try #require(files.first { $0.path == "SQL/schema.sql" }).contents
        let report = Linter(schema: schema, ddl: ddl, plannedPaths: files.map(\.path)).run()
        let failures = report.entities.flatMap { entity in entity.results.filter { !$0.findings.isEmpty }.map { "\(entity.entity): \($0.item)" } }
        #expect(failures == [])
    }
}

// MARK: - The ASCII fast path of snake_case

@Suite("Names and values: snake_case of ASCII names")
struct SnakeCaseTests {
    @Test("the byte-wise path gives what the character-wise one does, for 20,000 random ASCII names")
    func asciiAgreesWithCharacters() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aAbBzZ09_-. \r\nQrStUvXy1".utf8) + (0..<128).map(UInt8.init)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let name = String(decoding: bytes, as: UTF8.self)
            #expect(Naming.asciiSnakeCase(bytes) == Naming.characterSnakeCase(name), "\(Array(name.utf8))")
        }
        #expect(Naming.snakeCase("HTTPRequest") == "http_request")
        #expect(Naming.snakeCase("OrderLine2Item") == "order_line2_item")
        #expect(Naming.snakeCase("ÉcoleName") == "école_name")
    }
}

@Suite("Names and values: camelCase of ASCII names")
struct CamelCaseTests {
    /// The character-wise spelling the byte-wise path replaces.
    static func reference(_ snake: String, upper: Bool) -> String {
        let acronyms: Set<String> = ["id", "url", "uuid", "json", "http", "https", "ip", "sql", "api"]
        func capitalized(_ word: String) -> String {
            acronyms.contains(word) ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
        }
        let words = snake.split(separator: "_").map(String.init)
        if upper { return words.map(capitalized).joined() }
        guard let first = words.first else { return snake }
        return first + words.dropFirst().map(capitalized).joined()
    }

    @Test("the byte-wise path gives what the word-wise one does, for 20,000 random ASCII names")
    func asciiAgreesWithWords() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["_", "__", "id", "url", "uuid", "json", "https", "api", "a", "b9", "Zed", "x_", "9", "é", "-"]
        for _ in 0..<20_000 {
            let name = (0..<Int.random(in: 0...6, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Naming.lowerCamelCase(name) == Self.reference(name, upper: false), "\(name)")
            #expect(Naming.upperCamelCase(name) == Self.reference(name, upper: true), "\(name)")
        }
        #expect(Naming.lowerCamelCase("account_manager_id") == "accountManagerID")
        #expect(Naming.upperCamelCase("api_key") == "APIKey")
    }
}

@Suite("Names and values: the article before an entity's name")
struct ArticleTests {
    @Test("a or an by the sound of the first letters")
    func articles() {
        let cases = ["order": "an", "user": "a", "update": "an", "unit": "a", "item": "an", "`OrderCreate`": "an",
                     "`UserPatch`": "a", "customer": "a", "euro rate": "a", "one time code": "a", "employee": "an",
                     "umbrella": "an", "support ticket": "a", "upload": "an"]
        for (words, article) in cases {
            #expect(SwiftPlanner.withArticle(words) == "\(article) \(words)")
        }
    }
}

@Suite("Names and values: byte tests over contiguous UTF-8")
struct UTF8BytesTests {
    @Test("the contiguous byte tests and order give what the UTF-8 view does, for 20,000 random strings")
    func agreesWithTheView() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["", "a", "Z", "_", "/", "é", "\u{0}", "\u{7F}", "日本", "👩‍💻", "Swift/Order", "\"", "\\", "x", "y"]
        func random() -> String {
            (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        for _ in 0..<20_000 {
            let (left, right) = (random(), random())
            #expect(left.utf8Precedes(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left) \(right)")
            #expect(left.everyUTF8Byte { $0 < 0x80 } == left.utf8.allSatisfy { $0 < 0x80 }, "\(left)")
            #expect(left.someUTF8Byte { $0 == 0x2F } == left.utf8.contains(0x2F), "\(left)")
            #expect(left.replacing(character: "/", with: "::") == left.replacingOccurrences(of: "/", with: "::"), "\(left)")
        }
        #expect("Swift/A".utf8Precedes("Swift/B") && !"b".utf8Precedes("a") && "".utf8Precedes("a") && !"a".utf8Precedes("a"))
    }
}
