import Testing
import TaxiwayRules
@testable import TaxigenCore

/// One rule model: a column's rules are normalised once (``Column/valueRules``), and the CHECK constraints, the
/// generated validation calls, the generated bound tests and the generated documentation all follow from them,
/// with the rule ids and the wording the runtime's validation report uses.
@Suite("Column rules: one model")
struct ColumnRuleTests {
    static let spec = """
        entity: Sample
        fields:
          code: { type: string, max_length: 12, min_length: 1, pattern: "^[A-Z0-9]+$", example: AB12 }
          note: { type: text, min_length: 0, max_length: 400 }
          email: { type: text, format: email }
          secret: { type: string, max_length: 40, min_length: 2, sensitive: true }
          price: { type: decimal, precision: 8, scale: 2, minimum: 0 }
          ratio: { type: double, minimum: 0, maximum: 1 }
          tags: { type: array, items: string, max_length: 20, min_items: 1, max_items: 5 }
          scores: { type: array, items: int, minimum: 1, maximum: 5 }
          embedding: { type: vector, dimensions: 3 }
          seen_at: { type: timestamp }
          kind: { type: enum, values: [a, b] }
        """

    static func entity() throws -> Entity {
        let schema = try #require(SpecHarness.schema(["specs/sample.yaml": spec]), "\(SpecHarness.errors(["specs/sample.yaml": spec]))")
        return try #require(schema.entities.first)
    }

    static func column(_ name: String, of entity: Entity) throws -> Column {
        try #require(entity.column(named: name))
    }

    @Test("normalising settles each rule once: a zero minimum is none, a string's most comes from its type, a sealed field has no NUL rule, array rules hold for each item")
    func normalisation() throws {
        let entity = try Self.entity()
        #expect(try Self.column("code", of: entity).valueRules == [
            ColumnRule(.minLength(1)), ColumnRule(.maxLength(12)), ColumnRule(.pattern("^[A-Z0-9]+$")), ColumnRule(.noNullCharacter),
        ])
        #expect(try Self.column("note", of: entity).valueRules == [ColumnRule(.maxLength(400)), ColumnRule(.noNullCharacter)])
        #expect(try Self.column("secret", of: entity).valueRules == [ColumnRule(.minLength(2)), ColumnRule(.maxLength(40))])
        #expect(try Self.column("tags", of: entity).valueRules == [
            ColumnRule(.minItems(1)), ColumnRule(.maxItems(5)), ColumnRule(.maxLength(20), eachItem: true),
            ColumnRule(.noNullCharacter, eachItem: true),
        ])
        #expect(try Self.column("ratio", of: entity).valueRules.first == ColumnRule(.finite))
        #expect(try Self.column("kind", of: entity).valueRules == [ColumnRule(.oneOf(["a", "b"]))])
        #expect(try Self.column("version", of: entity).valueRules.contains(ColumnRule(.positiveVersion)))
    }

    @Test("the CHECK constraints are the rules SQL can state, and only those")
    func checks() throws {
        let entity = try Self.entity()
        let byColumn = Dictionary(grouping: entity.checks, by: \.column).mapValues { $0.map(\.rule) }
        #expect(byColumn["code"] == [.length(min: 1, max: nil)])   // varchar(12) states the most
        #expect(byColumn["note"] == [.length(min: nil, max: 400)])
        #expect(byColumn["secret"] == nil)                           // ciphertext: no length in SQL
        #expect(byColumn["price"] == [.range(min: NumberLiteral("0")!, max: nil)])
        #expect(byColumn["tags"] == [.itemCount(min: 1, max: 5)])
        #expect(byColumn["scores"] == [.itemRange(min: NumberLiteral("1")!, max: NumberLiteral("5")!)])
        #expect(byColumn["kind"] == [.oneOf(["a", "b"])])
        #expect(byColumn["version"] == [.positiveVersion])
        #expect(byColumn["embedding"] == nil && byColumn["email"] == nil && byColumn["seen_at"] == nil)
    }

    @Test("every rule with an id has a validation call, and every generated bound test is titled in the rule's own wording")
    func validationAndBoundTests() throws {
        let entity = try Self.entity()
        let callFor: [ValidationRuleID: String] = [
            .minLength: "Length(", .maxLength: "Length(", .pattern: "Pattern(", .format: "checkFormat(",
            .nullCharacter: "NoNullCharacter(", .minimum: "Range(", .maximum: "Range(", .scale: "checkDecimal(",
            .precision: "checkDecimal(", .minItems: "checkItemCount(", .maxItems: "checkItemCount(",
            .dimensions: "checkDimensions(", .range: "checkStorable(", .maxDepth: "checkJSON(",
        ]
        for column in entity.writableColumns {
            let calls = ValidationPlanner.checks(for: column, value: "value").joined(separator: "\n")
            for rule in column.valueRules {
                for id in rule.ids where id != .finite {
                    #expect(calls.contains(try #require(callFor[id])), "\(column.name): \(rule) has no validation call")
                }
            }
            for boundCase in FixtureValues.boundCases(column, in: entity) {
                let id = try #require(ValidationRuleID(rawValue: boundCase.rule), "\(boundCase.rule) is no rule id")
                let rule = try #require(column.valueRules.first { $0.ids.contains(id) }, "\(column.name): no rule reports \(id)")
                let title = String(boundCase.title.dropFirst(column.name.count + 2))
                switch rule.kind {
                case .pattern: #expect(title == "matches its pattern")
                case .decimalDigits(let precision, let scale):
                    #expect(title == (id == .scale ? RuleWording.scale(scale) : RuleWording.precision(integerDigits: precision - scale)))
                default: #expect(title == rule.summary)
                }
            }
        }
        let titles = try FixtureValues.boundCases(Self.column("code", of: entity), in: entity).map(\.title)
        #expect(titles.contains("code: at least 1 character"))
        #expect(titles.contains("code: at most 12 characters"))
    }

    @Test("the documentation states every rule a caller must meet, in the same wording")
    func documentation() throws {
        let entity = try Self.entity()
        #expect(FieldDocumentation.summary(try Self.column("code", of: entity)) == "1 to 12 characters; matches `^[A-Z0-9]+$`.")
        #expect(FieldDocumentation.summary(try Self.column("note", of: entity)) == "At most 400 characters.")
        #expect(FieldDocumentation.summary(try Self.column("tags", of: entity)) == "1 to 5 items; each item at most 20 characters.")
        #expect(FieldDocumentation.summary(try Self.column("price", of: entity))
                == "At least 0; at most 6 digits before and 2 after the decimal point.")
        #expect(FieldDocumentation.summary(try Self.column("scores", of: entity)) == "Each item from 1 to 5.")
        #expect(FieldDocumentation.summary(try Self.column("embedding", of: entity)) == "Exactly 3 dimensions.")
    }

    @Test("random specs: the bound tests, the validation and the CHECKs of every column follow from its rules",
          arguments: 0..<4)
    func randomSpecs(shard: Int) throws {
        var random = SeededRandom(seed: 0x5EED_0000 + UInt64(shard))
        var columns = 0
        for round in 0..<60 {
            let files = ["specs/thing\(round).yaml": RandomSpec.make(&random)]
            guard let schema = SpecHarness.schema(files) else { continue }
            for entity in schema.entities {
                for column in entity.writableColumns {
                    columns += 1
                    let ids = Set(column.valueRules.flatMap(\.ids))
                    for boundCase in FixtureValues.boundCases(column, in: entity) {
                        #expect(ValidationRuleID(rawValue: boundCase.rule).map(ids.contains) == true, "\(column.name): \(boundCase.rule)")
                    }
                    let derived = CheckConstraint.derived(from: column).map(\.rule)
                    #expect(entity.checks.filter { $0.column == column.name }.map(\.rule) == derived)
                    let hasRules = column.valueRules.contains { !$0.ids.isEmpty }
                    #expect(ValidationPlanner.checks(for: column, value: "value").isEmpty == !hasRules, "\(column.name)")
                }
            }
        }
        #expect(columns > 100)
    }
}
