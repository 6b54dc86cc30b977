import Foundation
import Testing
@testable import TaxigenCore

/// One test per refusal of the checker, each asserting the exact location and message.
@Suite("Diagnostics")
struct DiagnosticsTests {
    private let valid = """
    entity: Customer
    fields:
      name: { type: string, max_length: 100 }
    """

    @Test("malformed YAML is reported with its position")
    func malformedYAML() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  name: { type: string\n"])
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("specs/a.yaml:4:1: malformed YAML") == true)
    }

    @Test("a refused field is reported once: an index or query naming it is checked for everything else, not called unknown")
    func refusedFieldIsNotUnknown() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          email: { type: strin, max_length: 10 }
          name: { type: string, max_length: 100 }
        indexes:
          - { fields: [email] }
          - { fields: [nope] }
        queries:
          by_email: { where: { email: $email } }
          by_other: { where: { other: $other } }
        """])
        #expect(errors == [
            "specs/a.yaml:3:18: unknown type 'strin' for field 'email'",
            "specs/a.yaml:7:16: index field 'nope' is not a field of entity 'Customer'",
            "specs/a.yaml:10:24: 'other' in 'where' of query 'by_other' is not a field of entity 'Customer'",
        ])
    }

    @Test("a max_length that is there but invalid is reported once, not also as missing")
    func invalidMaxLengthOnce() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          a: { type: string, max_length: -5 }
          b: { type: array, items: string, max_length: "x" }
          c: { type: string }
        """])
        #expect(errors == [
            "specs/a.yaml:3:34: 'max_length' in field 'a' must be between 1 and 10485760, not -5",
            "specs/a.yaml:4:48: 'max_length' in field 'b' must be a whole number, not the string 'x'",
            "specs/a.yaml:5:8: string field 'c' has no 'max_length'",
        ])
    }

    @Test("a ref to an entity whose spec has errors is not reported again; one that may be in an unreadable spec says so")
    func refToBrokenSpec() {
        let diagnostics = SpecHarness.diagnostics([
            "specs/a.yaml": "entity: Alpha\nfields:\n  beta_id: { type: ref, entity: Beta }\n  gamma_id: { type: ref, entity: Gamma_x }\n",
            "specs/b.yaml": "entity: Beta\nfields:\n  name: { type: string\n",
            "specs/g.yaml": "entity: Gamma_x\nfields:\n  name: { type: text }\n",
        ]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.location.description) == ["specs/a.yaml:3:33", "specs/b.yaml:4:1", "specs/g.yaml:1:9"])
        let ref = diagnostics.first { $0.location.file == "specs/a.yaml" }
        #expect(ref?.message == "field 'beta_id' refers to unknown entity 'Beta'")
        #expect(ref?.hint?.hasSuffix("; if specs/b.yaml declares it, fix that file's errors first") == true)
    }

    @Test("an unknown key is refused with a did-you-mean hint")
    func unknownKey() {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": """
        entity: Customer
        fields:
          name: { type: string, max_lenght: 100 }
        """])
        let unknown = diagnostics.first { $0.message.contains("unknown key") }
        #expect(unknown?.description == "specs/a.yaml:3:25: error: unknown key 'max_lenght' in field 'name'\n    hint: did you mean 'max_length'?")
    }

    @Test("a value of the wrong type is refused")
    func wrongValueType() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          name: { type: string, max_length: many }
        """])
        #expect(errors.contains("specs/a.yaml:3:37: 'max_length' in field 'name' must be a whole number, not the string 'many'"))
    }

    @Test("an entity declared twice (after normalising names) is refused at the second declaration")
    func duplicateEntity() {
        let errors = SpecHarness.errors(["specs/a.yaml": valid, "specs/b.yaml": valid.replacingOccurrences(of: "Customer", with: "Customer")])
        #expect(errors == ["specs/b.yaml:1:9: entity 'Customer' is declared twice (after normalising names); the first is at specs/a.yaml:1:9"])
    }

    @Test("two entities with one table are refused")
    func duplicateTable() {
        let other = "entity: Client\ntable: customers\nfields:\n  name: { type: text }\n"
        let errors = SpecHarness.errors(["specs/a.yaml": valid, "specs/b.yaml": other])
        #expect(errors == ["specs/b.yaml:2:8: table 'customers' of entity 'Client' is also the table of 'Customer' (specs/a.yaml:1:9)"])
    }

    @Test("fields that collide after normalisation are refused")
    func duplicateFields() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          a_b1: { type: text }
          a_b_1: { type: text }
        """])
        #expect(errors == ["specs/a.yaml:4:3: field 'a_b_1' and 'a_b1' both become the Swift property 'aB1'"])
    }

    @Test("a repeated YAML key is refused where it repeats")
    func duplicateKey() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  name: { type: text }\n  name: { type: text }\n"])
        #expect(errors == ["specs/a.yaml:4:3: duplicate key 'name'"])
    }

    @Test("a field named like the primary key is refused")
    func primaryKeyCollision() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  customer_id: { type: uuid }\n"])
        #expect(errors == ["specs/a.yaml:3:3: field 'customer_id' collides with the primary key"])
    }

    @Test("a field named like an audit field is refused", arguments: ["created_at", "updated_at", "deleted_at", "version"])
    func auditCollision(name: String) {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  \(name): { type: int }\n"])
        #expect(errors == ["specs/a.yaml:3:3: field '\(name)' collides with the audit field of the same name"])
    }

    @Test("a declared primary key is refused")
    func declaredPrimaryKey() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  code: { type: text, primary_key: true }\n"])
        #expect(errors == ["specs/a.yaml:3:23: a spec cannot declare a primary key"])
    }

    @Test("a ref to an unknown entity is refused with a suggestion")
    func unknownRef() {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": valid, "specs/b.yaml": """
        entity: Order
        fields:
          customer_id: { type: ref, entity: Custmer }
        """])
        #expect(diagnostics.map(\.description) == ["specs/b.yaml:3:37: error: field 'customer_id' refers to unknown entity 'Custmer'\n    hint: did you mean 'Customer'?"])
    }

    @Test("a foreign key or relationship is refused citing the guideline", arguments: ["foreign_key", "references", "relationship", "on_delete", "back_populates"])
    func foreignKey(key: String) {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": valid, "specs/b.yaml": """
        entity: Order
        fields:
          customer_id: { type: ref, entity: Customer, \(key): true }
        """])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location.description == "specs/b.yaml:3:47")
        #expect(diagnostics.first?.message == "foreign-key constraints and relationships are not allowed")
        #expect(diagnostics.first?.hint?.contains("DO NOT use explicit foreign key constraints") == true)
    }

    @Test("invalid identifiers are refused")
    func invalidIdentifiers() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: customer\nfields:\n  Name: { type: text }\n",
                                         "specs/b.yaml": "entity: Order\ntable: Orders\nfields:\n  total: { type: int }\n"])
        #expect(errors == [
            "specs/a.yaml:1:9: entity name 'customer' is not an UpperCamelCase Swift type name",
            "specs/a.yaml:3:3: field name 'Name' is not snake_case",
            "specs/b.yaml:2:8: table name 'Orders' is not a lowercase snake_case SQL name",
        ])
    }

    @Test("a spec whose entity name is invalid is still checked whole: its indexes, queries and the refs to it")
    func invalidEntityNameStillChecked() {
        let errors = SpecHarness.errors([
            "specs/a.yaml": """
            entity: bad_name
            fields:
              total: { type: int, minimum: 10, maximum: 1 }
            indexes:
              - { fields: [nope] }
            queries:
              mine: { where: { other: $other } }
            """,
            "specs/b.yaml": "entity: Order\nfields:\n  bad_id: { type: ref, entity: bad_name }\n",
            "specs/c.yaml": "entity: Shipment\nfields:\n  order_id: { type: ref, entity: Order }\n  x: { type: strin }\n",
        ])
        #expect(errors == [
            "specs/a.yaml:1:9: entity name 'bad_name' is not an UpperCamelCase Swift type name",
            "specs/a.yaml:3:32: 'minimum' 10 of field 'total' is larger than 'maximum' 1",
            "specs/a.yaml:5:16: index field 'nope' is not a field of entity 'BadName'",
            "specs/a.yaml:7:20: 'other' in 'where' of query 'mine' is not a field of entity 'BadName'",
            "specs/c.yaml:4:14: unknown type 'strin' for field 'x'",
        ], "\(errors)")
    }

    @Test("a key another tool would write is named by its taxigen key in the hint", arguments: [
        ("field", "min: 1", "taxigen calls it 'minimum'"), ("field", "regex: x", "taxigen calls it 'pattern'"),
        ("field", "enum: [a]", "taxigen calls it 'values'"), ("field", "ge: 1", "taxigen calls it 'minimum' (inclusive)"),
        ("field", "required: true", "fields are required (NOT NULL) unless `nullable: true`: remove 'required'"),
        ("entity", "columns: {}", "taxigen calls it 'fields'"), ("entity", "__tablename__: t", "taxigen calls it 'table'"),
        ("index", "using: gin", "taxigen calls it 'kind'"),
    ])
    func synonymHints(place: String, key: String, hint: String) {
        let spec = switch place {
        case "field": "entity: Customer\nfields:\n  name: { type: string, max_length: 10, \(key) }\n"
        case "entity": "entity: Customer\n\(key)\nfields:\n  name: { type: text }\n"
        default: "entity: Customer\nfields:\n  name: { type: text }\nindexes:\n  - { fields: [name], \(key) }\n"
        }
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": spec])
        let unknown = diagnostics.first { $0.message.hasPrefix("unknown key") }
        #expect(unknown?.hint == hint, "\(diagnostics.map(\.description))")
    }

    @Test("a name's hint suggests only a name the checker accepts, or none",
          arguments: ["yes_", "__", "_x", "123abc", "é", "Order__Line", "a-b", "x__", "9", "MyField", "naïve_name"])
    func nameHintsAreValid(name: String) throws {
        let quoted = "'" + name + "'"
        let diagnostics = SpecHarness.diagnostics([
            "specs/a.yaml": "entity: \(quoted)\nfields:\n  \(quoted): { type: text }\n  kind: { type: enum, values: [\(quoted)] }\n"
                + "queries:\n  \(quoted): { where: { kind: a } }\n",
        ])
        let hints = diagnostics.filter { $0.message.contains("'\(name)'") }.compactMap(\.hint)
        #expect(hints.count >= 3, "\(diagnostics.map(\.message))")
        for hint in hints {
            guard let range = hint.range(of: "e.g. '") else { continue }
            let suggestion = String(hint[range.upperBound...].prefix { $0 != "'" })
            #expect(Naming.isSnakeCase(suggestion) || Naming.isUpperCamelCase(suggestion), "\(hint)")
        }
    }

    @Test("a column name longer than 63 bytes is refused; its derived index name is shortened, not reported")
    func longDerivedName() {
        let long = String(repeating: "x", count: 40)
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  \(long)_\(long): { type: text, unique: true }\n"])
        #expect(errors == [
            "specs/a.yaml:3:3: column name '\(long)_\(long)' is 81 bytes, longer than PostgreSQL's 63",
        ])
    }

    @Test("an index on a missing field is refused")
    func missingIndexField() {
        let errors = SpecHarness.errors(["specs/a.yaml": valid + "\nindexes:\n  - fields: [name, stauts]\n"])
        #expect(errors == ["specs/a.yaml:5:20: index field 'stauts' is not a field of entity 'Customer'"])
    }

    @Test("an enum default outside the values is refused")
    func enumDefault() {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Customer\nfields:\n  status: { type: enum, values: [active, closed], default: open }\n"])
        #expect(errors == ["specs/a.yaml:3:60: default 'open' of field 'status' is not one of its values"])
    }

    @Test("defaults that break their own constraints are refused")
    func defaultBreaksConstraint() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          code: { type: string, max_length: 3, default: "ABCD" }
          credit: { type: int, minimum: 0, default: -1 }
          tags: { type: array, items: text, max_items: 1, default: [a, b] }
        """])
        #expect(errors == [
            "specs/a.yaml:3:49: the default of field 'code' is longer than its 'max_length' 3",
            "specs/a.yaml:4:45: the default -1 of field 'credit' is below its 'minimum' 0",
            "specs/a.yaml:5:60: the default of field 'tags' has 2 items, more than 'max_items' 1",
        ])
    }

    @Test("contradictory bounds are refused")
    func contradictoryBounds() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
        entity: Customer
        fields:
          name: { type: string, min_length: 10, max_length: 5 }
          age: { type: int, minimum: 10, maximum: 1 }
          tags: { type: array, items: text, min_items: 3, max_items: 2 }
        """])
        #expect(errors == [
            "specs/a.yaml:3:37: 'min_length' 10 of field 'name' is larger than 'max_length' 5",
            "specs/a.yaml:4:30: 'minimum' 10 of field 'age' is larger than 'maximum' 1",
            "specs/a.yaml:5:48: 'min_items' 3 of field 'tags' is larger than 'max_items' 2",
        ])
    }

    @Test("a string without max_length is refused with a hint to use text")
    func unboundedString() {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": "entity: Customer\nfields:\n  name: { type: string }\n"])
        #expect(diagnostics.first?.location.description == "specs/a.yaml:3:11")
        #expect(diagnostics.first?.hint?.contains("type: text") == true)
    }

    @Test("a ref cycle is a warning by default and an error when configured")
    func refCycle() {
        let files = [
            "specs/a.yaml": "entity: Alpha\nfields:\n  beta_id: { type: ref, entity: Beta }\n",
            "specs/b.yaml": "entity: Beta\nfields:\n  alpha_id: { type: ref, entity: Alpha }\n",
        ]
        let warnings = SpecHarness.diagnostics(files)
        #expect(warnings.map(\.description).first?.hasPrefix("specs/a.yaml:3:3: warning: ref cycle between entities: Alpha → Beta → Alpha") == true)
        #expect(warnings.count == 1)
        let errors = SpecHarness.errors(files, options: Checker.Options(refCycleSeverity: .error))
        #expect(errors == ["specs/a.yaml:3:3: ref cycle between entities: Alpha → Beta → Alpha"])
    }

    @Test("a self-reference is a tree, not a cycle")
    func selfReference() {
        #expect(SpecHarness.diagnostics(["specs/a.yaml": "entity: Employee\nfields:\n  manager_id: { type: ref, entity: Employee, nullable: true }\n"]).isEmpty)
    }

    @Test("SQL and Swift keywords work as names")
    func keywordsWork() throws {
        let schema = try #require(SpecHarness.schema(["specs/a.yaml": """
        entity: User
        table: user
        fields:
          order: { type: int }
          default: { type: bool, default: false }
          class: { type: enum, values: [public, private] }
        """]))
        let entity = try #require(schema.entity(named: "User"))
        #expect(entity.sqlTableName == "\"user\"")
        #expect(entity.column(named: "order")?.sqlName == "\"order\"")
        #expect(entity.column(named: "default")?.swiftIdentifier == "`default`")
        #expect(entity.column(named: "class")?.swiftIdentifier == "`class`")
    }

    @Test("every problem in a run is reported at once, sorted by location")
    func everyProblemAtOnce() {
        let errors = SpecHarness.errors([
            "specs/a.yaml": "entity: Customer\nfields:\n  name: { type: strin }\n  version: { type: int }\n",
            "specs/b.yaml": "entity: Order\nfields:\n  total: { type: decimal }\n",
        ])
        #expect(errors.count == 3)
        #expect(errors.map { $0.split(separator: ":").prefix(3).joined(separator: ":") } == ["specs/a.yaml:3:17", "specs/a.yaml:4:3", "specs/b.yaml:3:12"])
    }

    @Test("every error the checker reports for a spec or config comes with a hint")
    func everyErrorHasAHint() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/TaxigenCore")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var checked = 0
        var missing: [String] = []
        for file in files {
            let text = Array(try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8).utf8)
            let opening = Array("log.error(".utf8)
            var index = 0
            while index + opening.count <= text.count {
                guard Array(text[index..<index + opening.count]) == opening else { index += 1; continue }
                // The call's arguments, up to its balanced closing parenthesis.
                var end = index + opening.count, depth = 1
                while depth > 0, end < text.count {
                    if text[end] == UInt8(ascii: "(") { depth += 1 } else if text[end] == UInt8(ascii: ")") { depth -= 1 }
                    end += 1
                }
                let call = String(decoding: text[index..<end], as: UTF8.self)
                checked += 1
                if !call.contains("hint:") { missing.append("\(file): \(call.prefix(100))") }
                index = end
            }
        }
        #expect(checked > 150)
        #expect(missing == [])
    }
}
