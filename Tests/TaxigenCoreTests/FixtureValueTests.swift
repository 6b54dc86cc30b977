import Foundation
import Testing
@testable import TaxigenCore

/// The values generated tests write: for random combinations of field rules (seeded), every fixture value
/// satisfies every rule of its field, unique fields and unique indexes get distinct values for every row the
/// generated tests make, and a spec that cannot get them is refused at the key to change.
@Suite("Fixture values")
struct FixtureValueTests {
    /// Rows of one entity the checker guarantees distinct values for (generated tests make about 30).
    private let rows = FixtureVariants.requiredCount

    @Test("random field rules: every fixture value is valid and unique fields never repeat, or the spec is refused")
    func randomRuleCombinations() throws {
        var random = SeededRandom(seed: 0x7A41_6E_12)
        var accepted = 0
        var refused = 0
        for round in 0..<240 {
            let spec = RandomSpec.make(&random)
            let files = ["specs/thing\(round).yaml": spec]
            let errors = SpecHarness.errors(files)
            if !errors.isEmpty {
                // The random specs satisfy every other rule, so only fixture problems may be reported.
                #expect(errors.allSatisfy { $0.contains("generated tests") }, "round \(round):\n\(spec)\n\(errors)")
                refused += 1
                continue
            }
            let schema = try #require(SpecHarness.schema(files), "round \(round)")
            for entity in schema.entities {
                check(entity, spec: spec)
            }
            accepted += 1
        }
        // Both outcomes occur, so neither half of the property holds vacuously.
        #expect(accepted > 120)
        #expect(refused > 10)
    }

    @Test("short patterned examples of unique fields vary into distinct valid values")
    func shortPatternedExamples() throws {
        let spec = """
        entity: Vehicle
        fields:
          plate: { type: string, max_length: 12, pattern: "^[0-9][A-Z]{3}[0-9]{3}$", example: 7ABC123, unique: true }
          zone:  { type: string, max_length: 8, pattern: "^[A-Z]{3}-[A-Z]{4}$", example: NYC-MHTN, unique: true }
          code:  { type: string, max_length: 2, pattern: "^[0-9]{2}$", example: "42", unique: true }
          phone: { type: string, max_length: 16, pattern: "^\\\\+[1-9][0-9]{7,14}$", example: "+14155550123", sensitive: true }
          tags:  { type: array, items: string, max_length: 5, pattern: "^[a-z]{2,5}$", max_items: 3 }
        """
        let entity = try #require(SpecHarness.schema(["specs/vehicle.yaml": spec])?.entities.first)
        check(entity, spec: spec)
        let plan = FixtureValues.plan(entity)
        for name in ["plate", "zone", "code"] {
            let column = try #require(entity.column(named: name))
            #expect(plan.source(of: column).capacity >= rows, "\(name)")
        }
    }

    @Test("numbers: a unique int near Int32.max, numeric(p,p), narrow doubles and decimals stay in bounds")
    func numberEdges() throws {
        let spec = """
        entity: Meter
        fields:
          badge:  { type: int, minimum: 2147483000, unique: true }
          big:    { type: bigint, minimum: 9223372036854775000, unique: true }
          share:  { type: decimal, precision: 3, scale: 3 }
          tax:    { type: decimal, precision: 5, scale: 5, minimum: 0, maximum: 0.5, unique: true }
          wide:   { type: decimal, precision: 60, scale: 30, unique: true }
          ratio:  { type: double, minimum: 0.25, maximum: 0.2500001, unique: true }
          level:  { type: double, minimum: 1e300, unique: true }
        """
        let entity = try #require(SpecHarness.schema(["specs/meter.yaml": spec])?.entities.first)
        check(entity, spec: spec)
    }

    @Test("unique fields with room for only a few rows set the tests' row limit; one row, or no valid value, is refused")
    func refusedWhereNoVariantsExist() throws {
        let spec = """
        entity: Code
        fields:
          letter: { type: string, max_length: 1, pattern: "^[A-Z]$", example: Q, unique: true }
          kind:   { type: enum, values: [primary], unique: true }
          flag:   { type: bool, unique: true }
          digit:  { type: int, minimum: 0, maximum: 9, unique: true }
          mail:   { type: string, max_length: 5, format: email }
          items:  { type: array, items: string, max_length: 3, pattern: "^[a-z]+$", min_items: 1 }
        """
        let errors = SpecHarness.errors(["specs/code.yaml": spec])
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("specs/code.yaml:4:44: ") && $0.contains("only 1 value,") })
        #expect(errors.contains { $0.hasPrefix("specs/code.yaml:7:3: ") && $0.contains("cannot build a value of field 'mail'") })
        #expect(errors.contains { $0.hasPrefix("specs/code.yaml:8:3: ") && $0.contains("cannot build a value of field 'items'") })
        // Without the refused fields, the 26 letters, 2 flags and 10 digits allow two rows per database.
        let accepted = """
        entity: Code
        fields:
          letter: { type: string, max_length: 1, pattern: "^[A-Z]$", example: Q, unique: true }
          flag:   { type: bool, unique: true }
          digit:  { type: int, minimum: 0, maximum: 9, unique: true }
        """
        let entity = try #require(SpecHarness.schema(["specs/code.yaml": accepted])?.entities.first)
        #expect(FixtureValues.plan(entity).rowLimit == 2)
        check(entity, spec: accepted)
        let tests = try #require(try SpecHarness.render([SpecLoader.Source(path: "specs/code.yaml", text: accepted)])
            .first { $0.path.hasSuffix("CodeRepositoryTests.swift") }).contents
        #expect(tests.contains(#"database: { _ in try await TestHarness.database(isolation: "Code") },"#))
        #expect(tests.contains(#"@Test("keeps the repository contract", .serialized, arguments: ConformanceCheck.allCases)"#))
        #expect(tests.contains("rowLimit: 2,") && !tests.contains("uniqueAmongActiveRows"))
    }

    @Test("nullable fields without enough values are left NULL, and unique indexes get a varying member")
    func nullableAndIndexes() throws {
        let spec = """
        entity: Rating
        fields:
          trip_id:  { type: ref, entity: Rating }
          rater_id: { type: ref, entity: Rating }
          side:     { type: enum, values: [rider, driver] }
          stars:    { type: int, minimum: 1, maximum: 5 }
          kind:     { type: enum, values: [only], unique: true, nullable: true }
          slot:     { type: int, minimum: 1, maximum: 3, nullable: true }
        indexes:
          - fields: [trip_id, side]
            unique: true
          - fields: [stars, slot]
            unique: true
        """
        let entity = try #require(SpecHarness.schema(["specs/rating.yaml": spec])?.entities.first)
        check(entity, spec: spec)
        let plan = FixtureValues.plan(entity)
        #expect(plan.source(of: try #require(entity.column(named: "kind"))).isNull)
        #expect(plan.source(of: try #require(entity.column(named: "slot"))).isNull)
        // Five rows sharing trip_id would collide on (trip_id, side): pagination filters by rater_id instead.
        let files = try SpecHarness.render([SpecLoader.Source(path: "specs/rating.yaml", text: spec)])
        let tests = try #require(files.first { $0.path.hasSuffix("RatingRepositoryTests.swift") }?.contents)
        #expect(tests.contains("request.raterID = owner"))
        #expect(!tests.contains("request.tripID = owner"))
        #expect(!tests.contains("uniqueAmongActiveRows"))
    }

    @Test("the invalid side of a pattern's bound case never matches the pattern")
    func patternBoundCases() throws {
        for pattern in ["^.+$", "^[\\\\s\\\\S]*$", "^[^a]+$", "^.*$"] {
            let spec = """
            entity: Note
            fields:
              body: { type: text, pattern: "\(pattern)", example: "hello" }
            """
            let entity = try #require(SpecHarness.schema(["specs/note.yaml": spec])?.entities.first, "\(pattern)")
            let column = try #require(entity.column(named: "body"))
            let decoded = try #require(column.rules.pattern)
            if let invalid = FixtureValues.mismatching(decoded) {
                #expect(RegexCache.evaluate(invalid, pattern: decoded) == .mismatch)
            } else {
                #expect(!FixtureValues.boundCases(column, in: entity).contains { $0.rule == "pattern" })
            }
        }
    }

    // MARK: - Checking values against the rules, independently of the derivation

    /// Checks every writable column's fixture values for the rows generated tests make.
    private func check(_ entity: Entity, spec: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let plan = FixtureValues.plan(entity)
        #expect(plan.problems.isEmpty, "\(spec)", sourceLocation: sourceLocation)
        // Rows 1…limit of one database must differ (a row limit gives each check a database of its own).
        let limit = min(rows, plan.rowLimit ?? rows)
        #expect(limit >= 2, "\(spec)", sourceLocation: sourceLocation)
        for column in entity.writableColumns {
            let source = plan.source(of: column)
            var seen: Set<String> = []
            for n in 0...rows {
                let sample = source.sample(n)
                if let problem = violation(sample, of: column) {
                    Issue.record("field '\(column.name)' for n = \(n): \(problem)\n\(spec)", sourceLocation: sourceLocation)
                    break
                }
                if column.isUnique, n > 0, n <= limit, sample != .null, !seen.insert(key(sample)).inserted {
                    Issue.record("unique field '\(column.name)' repeats \(sample) at n = \(n)\n\(spec)", sourceLocation: sourceLocation)
                    break
                }
            }
        }
        for index in FixtureValues.uniqueIndexes(of: entity) {
            let members = index.columns.compactMap(entity.column(named:))
            let sources = members.map { plan.source(of: $0) }
            if sources.contains(where: { if case .uuid = $0 { true } else { $0.isNull } }) { continue }
            let tuples = (1...limit).map { n in sources.map { key($0.sample(n)) }.joined(separator: "\u{1}") }
            #expect(Set(tuples).count == tuples.count, "index \(index.columns) repeats\n\(spec)", sourceLocation: sourceLocation)
        }
    }

    /// What makes two values the same: decimals by value, texts regardless of case (a unique field may be
    /// looked up case-insensitively).
    private func key(_ sample: FixtureSource.Sample) -> String {
        switch sample {
        case .decimal(let value): "\(value)"
        case .text(let text): text.lowercased()
        default: "\(sample)"
        }
    }

    /// Why `sample` breaks a rule of `column`, or nil.
    private func violation(_ sample: FixtureSource.Sample, of column: Column) -> String? {
        let rules = column.rules
        switch (sample, column.type) {
        case (.null, _):
            return column.isNullable ? nil : "NULL in a required field"
        case (.text(let text), .string(let max)):
            return textViolation(text, rules, maxLength: max, checkNUL: true)
        case (.text(let text), .text):
            return textViolation(text, rules, maxLength: rules.maxLength, checkNUL: true)
        case (.text(let text), .sealed):
            return textViolation(text, rules, maxLength: rules.maxLength, checkNUL: false)
        case (.integer(let value), .int):
            guard value >= Int64(Int32.min), value <= Int64(Int32.max) else { return "\(value) is not an Int32" }
            return rangeViolation(Decimal(value), rules)
        case (.integer(let value), .bigint):
            return rangeViolation(Decimal(value), rules)
        case (.double(let value), .double):
            guard value.isFinite else { return "\(value) is not finite" }
            if let min = rules.minimum, value < min.value { return "\(value) < \(min)" }
            if let max = rules.maximum, value > max.value { return "\(value) > \(max)" }
            return nil
        case (.decimal(let value), .decimal(let precision, let scale)):
            let plain = value.magnitude.description
            let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
            let integerDigits = parts[0] == "0" ? 0 : parts[0].count
            let fractionDigits = parts.count > 1 ? parts[1].count : 0
            if fractionDigits > scale { return "\(value) has more than \(scale) digits after the point" }
            if integerDigits > precision - scale { return "\(value) has more than \(precision - scale) digits before the point" }
            return rangeViolation(value, rules)
        case (.items(let items), .array(let item)):
            if let min = rules.minItems, items.count < min { return "\(items.count) items < \(min)" }
            if let max = rules.maxItems, items.count > max { return "\(items.count) items > \(max)" }
            for sample in items {
                switch (sample, item) {
                case (.text(let text), .string), (.text(let text), .text):
                    if let problem = textViolation(text, rules, maxLength: rules.maxLength, checkNUL: true) { return "item: \(problem)" }
                case (.integer(let value), .int), (.integer(let value), .bigint):
                    if let problem = rangeViolation(Decimal(value), rules) { return "item: \(problem)" }
                case (.double(let value), .double):
                    if let min = rules.minimum, value < min.value { return "item \(value) < \(min)" }
                    if let max = rules.maximum, value > max.value { return "item \(value) > \(max)" }
                case (.other, .bool), (.other, .uuid):
                    break
                default:
                    return "item \(sample) does not suit \(item)"
                }
            }
            return nil
        case (.other, .bool), (.other, .date), (.other, .timestamp), (.other, .uuid), (.other, .ref), (.other, .json),
             (.other, .vector), (.other, .enumeration):
            return nil
        default:
            return "\(sample) does not suit \(column.type)"
        }
    }

    private func textViolation(_ text: String, _ rules: ValidationRules, maxLength: Int?, checkNUL: Bool) -> String? {
        let length = text.unicodeScalars.count
        if let min = rules.minLength, length < min { return "'\(text)' is shorter than \(min)" }
        if let max = maxLength, length > max { return "'\(text)' is longer than \(max)" }
        if checkNUL, text.utf8.contains(0) { return "'\(text)' holds NUL" }
        if let pattern = rules.pattern, RegexCache.evaluate(text, pattern: pattern) != .match {
            return "'\(text)' does not match \(pattern)"
        }
        if let format = rules.format {
            let expression = try? NSRegularExpression(pattern: TextFormat.pattern(for: format))
            let range = NSRange(text.startIndex..., in: text)
            if expression?.firstMatch(in: text, range: range)?.range != range { return "'\(text)' is not a valid \(format)" }
        }
        return nil
    }

    private func rangeViolation(_ value: Decimal, _ rules: ValidationRules) -> String? {
        if let min = rules.minimum, value < FixtureValues.decimal(min) { return "\(value) < \(min)" }
        if let max = rules.maximum, value > FixtureValues.decimal(max) { return "\(value) > \(max)" }
        return nil
    }
}

/// SplitMix64: a small, seeded, reproducible generator.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fixture values: independent of the other specs")
struct FixtureOrderTests {
    /// The checker plans fixtures in the schema's order (entities sorted by name), which is not the order of
    /// the spec files; a plan handed to the wrong entity printed `nil` for every field.
    @Test("an entity's fixture is the same whether a spec sorted before it by file but after it by name is there or not")
    func independentOfOtherSpecs() throws {
        let category = "entity: Category\nfields:\n  total: { type: bigint }\n  opened_on: { type: date }\n  tags: { type: array, items: text }\n"
        let alone = try SpecHarness.render([.init(path: "specs/e2.yaml", text: category)])
        let together = try SpecHarness.render([.init(path: "specs/a0.yaml", text: "entity: Quiz\nfields:\n"),
                                               .init(path: "specs/e2.yaml", text: category)])
        let path = "Tests/Category/CategoryFixture.swift"
        let fixture = try #require(together.first { $0.path == path }).contents
        #expect(fixture == (try #require(alone.first { $0.path == path }).contents))
        #expect(!fixture.contains(": nil"))
    }
}
