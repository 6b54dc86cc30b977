import Foundation
import Taxiway
import Testing

/// The `==` every generated create request takes from `ModelFields`, walking its fields list: it agrees with
/// comparing every listed property with its own `==`, as a derived `==` does.
@Suite("ModelFields equality")
struct FieldwiseTests {
    /// Properties of the kinds generated types hold: optional, floating point, collections, nested values.
    struct Sample: ModelFields {
        typealias FieldList = SampleFields
        var id: UUID
        var name: String
        var note: String?
        var ratio: Double
        var tags: [String]
        var when: Date?
        var nested: [String: Int]?

        init(id: UUID, name: String, note: String?, ratio: Double, tags: [String], when: Date?, nested: [String: Int]?) {
            (self.id, self.name, self.note, self.ratio, self.tags, self.when, self.nested) = (id, name, note, ratio, tags, when, nested)
        }

        init(from decoder: any Decoder) throws {
            let fields = try Fieldwise.Decoding(decoder)
            try self.init(id: fields.required("id"), name: fields.required("name"), note: fields.optional("note"),
                          ratio: fields.required("ratio"), tags: fields.required("tags"), when: fields.optional("when"),
                          nested: fields.optional("nested"))
        }
    }

    /// `Sample`'s fields, as taxigen lists a create request's.
    struct SampleFields: RequestFields {
        typealias Create = Sample
        static let fields = SampleFields()
        static let all: [any FieldDescription<Sample>] = [
            fields.id, fields.name, fields.note, fields.ratio, fields.tags, fields.when, fields.nested,
        ]
        let id: FixedField<UUID> = .init(\.id, key: "id")
        let name: FixedField<String> = .init(\.name, key: "name")
        let note: FixedField<String?> = .init(\.note, key: "note")
        let ratio: FixedField<Double> = .init(\.ratio, key: "ratio")
        let tags: FixedField<[String]> = .init(\.tags, key: "tags")
        let when: FixedField<Date?> = .init(\.when, key: "when")
        let nested: FixedField<[String: Int]?> = .init(\.nested, key: "nested")
    }

    /// A derived `==` over the same properties, to compare with.
    struct Derived: Equatable {
        var id: UUID
        var name: String
        var note: String?
        var ratio: Double
        var tags: [String]
        var when: Date?
        var nested: [String: Int]?

        init(_ sample: Sample) {
            (id, name, note, ratio, tags, when, nested) =
                (sample.id, sample.name, sample.note, sample.ratio, sample.tags, sample.when, sample.nested)
        }
    }

    /// A request with no fields.
    struct Empty: ModelFields {
        typealias FieldList = EmptyFields
        let marker: Int
        init(marker: Int) { self.marker = marker }
        init(from decoder: any Decoder) throws { marker = 0 }
    }

    /// No fields listed.
    struct EmptyFields: RequestFields {
        typealias Create = Empty
        static let fields = EmptyFields()
        static let all: [any FieldDescription<Empty>] = []
    }

    static func equal(_ lhs: Sample, _ rhs: Sample) -> Bool {
        lhs == rhs
    }

    /// A random sample drawn from few values per property, so that pairs often agree on most of them.
    static func draw(_ random: inout SystemRandomNumberGenerator) -> Sample {
        let ids = [UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, UUID(uuidString: "00000000-0000-0000-0000-000000000002")!]
        return Sample(
            id: ids.randomElement(using: &random)!,
            name: ["a", "b", "é", "e\u{301}"].randomElement(using: &random)!,
            note: [nil, "", "x"].randomElement(using: &random)!,
            ratio: [0, -0.0, 1.5, .nan, .infinity].randomElement(using: &random)!,
            tags: [[], ["a"], ["a", "b"], ["b", "a"]].randomElement(using: &random)!,
            when: [nil, Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.5)].randomElement(using: &random)!,
            nested: [nil, [:], ["k": 1], ["k": 2]].randomElement(using: &random)!)
    }

    @Test("agrees with a derived == on 20,000 random pairs, NaN, -0.0 and canonically equal strings included")
    func agreesWithDerived() {
        var random = SystemRandomNumberGenerator()
        var equalPairs = 0
        for _ in 0..<20_000 {
            let lhs = Self.draw(&random)
            var rhs = Self.draw(&random)
            if Bool.random(using: &random) { rhs = lhs }  // half the pairs start equal
            let expected = Derived(lhs) == Derived(rhs)
            #expect(Self.equal(lhs, rhs) == expected, "\(lhs) vs \(rhs)")
            if expected { equalPairs += 1 }
        }
        // Both outcomes were exercised: pairs that start equal are equal unless a NaN is drawn.
        #expect(equalPairs > 1_000 && equalPairs < 19_000)
    }

    @Test("a difference in any one property, first or last, makes the values unequal")
    func eachPropertyCounts() {
        let base = Sample(id: UUID(), name: "n", note: nil, ratio: 1, tags: ["t"], when: nil, nested: nil)
        var changes: [(String, (inout Sample) -> Void)] = []
        changes.append(("id", { $0.id = UUID() }))
        changes.append(("name", { $0.name = "m" }))
        changes.append(("note", { $0.note = "" }))
        changes.append(("ratio", { $0.ratio = 2 }))
        changes.append(("tags", { $0.tags = [] }))
        changes.append(("when", { $0.when = Date() }))
        changes.append(("nested", { $0.nested = [:] }))
        #expect(Self.equal(base, base))
        for (name, change) in changes {
            var other = base
            change(&other)
            #expect(!Self.equal(base, other), "\(name)")
            #expect(!Self.equal(other, base), "\(name)")
        }
    }

    @Test("no fields listed: every two values are equal")
    func noProperties() {
        #expect(Empty(marker: 1) == Empty(marker: 2))
    }
}

/// `Fieldwise.Decoding`, which generated requests' `init(from:)` use, and the JSON encoding `ModelFields` writes
/// from the fields list: the same JSON, and the same values and errors, as a derived conformance.
@Suite("Fieldwise coding")
struct FieldwiseCodingTests {
    /// Written as generated code writes it.
    /// Every type with a fast path in `Fieldwise` (`String`, `Bool`, `Int`, `Int32`, `Int64`, `Double`, `Float`),
    /// required and optional, and types that take the generic path.
    struct Spelled: ModelFields {
        typealias FieldList = SpelledFields
        var id: UUID
        var name: String
        var note: String?
        var count: Int32
        var tags: [String]
        var when: Date?
        var flag: Bool
        var big: Int64?
        var ratio: Double
        var small: Int?
        var scale: Float?

        init(id: UUID, name: String, note: String?, count: Int32, tags: [String], when: Date?, flag: Bool, big: Int64?,
             ratio: Double, small: Int?, scale: Float?) {
            (self.id, self.name, self.note, self.count, self.tags, self.when) = (id, name, note, count, tags, when)
            (self.flag, self.big, self.ratio, self.small, self.scale) = (flag, big, ratio, small, scale)
        }

        init(from decoder: any Decoder) throws {
            let fields = try Fieldwise.Decoding(decoder)
            try self.init(
                id: fields.required("id"), name: fields.required("display_name"), note: fields.optional("note"),
                count: fields.required("count"), tags: fields.required("tags"), when: fields.optional("when"),
                flag: fields.required("flag"), big: fields.optional("big"), ratio: fields.required("ratio"),
                small: fields.optional("small"), scale: fields.optional("scale"))
        }

        var derived: Derived {
            Derived(id: id, name: name, note: note, count: count, tags: tags, when: when, flag: flag, big: big, ratio: ratio,
                    small: small, scale: scale)
        }
    }

    /// `Spelled`'s fields, as taxigen lists them.
    struct SpelledFields: RequestFields {
        typealias Create = Spelled
        static let fields = SpelledFields()
        static let all: [any FieldDescription<Spelled>] = [
            fields.id, fields.name, fields.note, fields.count, fields.tags, fields.when, fields.flag, fields.big,
            fields.ratio, fields.small, fields.scale,
        ]
        let id: FixedField<UUID> = .init(\.id, key: "id")
        let name: FixedField<String> = .init(\.name, key: "display_name")
        let note: FixedField<String?> = .init(\.note, key: "note")
        let count: FixedField<Int32> = .init(\.count, key: "count")
        let tags: FixedField<[String]> = .init(\.tags, key: "tags")
        let when: FixedField<Date?> = .init(\.when, key: "when")
        let flag: FixedField<Bool> = .init(\.flag, key: "flag")
        let big: FixedField<Int64?> = .init(\.big, key: "big")
        let ratio: FixedField<Double> = .init(\.ratio, key: "ratio")
        let small: FixedField<Int?> = .init(\.small, key: "small")
        let scale: FixedField<Float?> = .init(\.scale, key: "scale")
    }

    /// The same type with a derived conformance.
    struct Derived: Codable, Equatable {
        var id: UUID
        var name: String
        var note: String?
        var count: Int32
        var tags: [String]
        var when: Date?
        var flag: Bool
        var big: Int64?
        var ratio: Double
        var small: Int?
        var scale: Float?

        enum CodingKeys: String, CodingKey {
            case id, name = "display_name", note, count, tags, when, flag, big, ratio, small, scale
        }
    }

    /// How decoding ended, comparable across the two types.
    enum Outcome: Equatable {
        case value(Derived)
        case keyNotFound(String), valueNotFound, typeMismatch, dataCorrupted, other
    }

    static func outcome<T: Decodable>(_ type: T.Type, _ json: Data, _ convert: (T) -> Derived) -> Outcome {
        do {
            return .value(convert(try JSONDecoder().decode(T.self, from: json)))
        } catch DecodingError.keyNotFound(let key, _) {
            return .keyNotFound(key.stringValue)
        } catch DecodingError.valueNotFound {
            return .valueNotFound
        } catch DecodingError.typeMismatch {
            return .typeMismatch
        } catch DecodingError.dataCorrupted {
            return .dataCorrupted
        } catch {
            return .other
        }
    }

    /// A random JSON object: each key missing, null, of its type or of another type.
    static func object(_ random: inout SystemRandomNumberGenerator) -> Data {
        let choices: [(String, [String])] = [
            ("id", ["\"00000000-0000-0000-0000-00000000000A\"", "\"not a uuid\"", "1"]),
            ("display_name", ["\"Ada\"", "\"\"", "2", "[]"]),
            ("note", ["\"n\"", "\"\"", "3", "{}"]),
            ("count", ["0", "-2147483648", "2147483648", "1.5", "\"4\""]),
            ("tags", ["[]", "[\"a\",\"b\"]", "[1]", "\"a\""]),
            ("when", ["0", "1.25", "\"2026-01-01\""]),
            ("flag", ["true", "false", "0", "\"true\""]),
            ("big", ["9223372036854775807", "9223372036854775808", "-1", "1e3", "\"5\""]),
            ("ratio", ["0", "-1.5", "1e308", "true", "\"NaN\""]),
            ("small", ["42", "-9223372036854775808", "4.2", "[]"]),
            ("scale", ["0.5", "1e39", "\"x\""]),
            ("unknown", ["1"]),
        ]
        var members: [String] = []
        for (key, values) in choices {
            switch Int.random(in: 0..<20, using: &random) {
            case 0: continue  // missing
            case 1: members.append("\"\(key)\":null")
            case 2..<16: members.append("\"\(key)\":\(values[0])")  // of its type (each list starts with one)
            default: members.append("\"\(key)\":\(values.randomElement(using: &random)!)")
            }
        }
        return Data(("{" + members.joined(separator: ",") + "}").utf8)
    }

    @Test("5,000 random JSON objects decode to the same value, or fail the same way, as with a derived decoder")
    func decodesAsDerived() {
        var random = SystemRandomNumberGenerator()
        var decoded = 0
        for _ in 0..<5_000 {
            let json = Self.object(&random)
            let spelled = Self.outcome(Spelled.self, json) { $0.derived }
            let derived = Self.outcome(Derived.self, json) { $0 }
            #expect(spelled == derived, "\(String(decoding: json, as: UTF8.self))")
            if case .value = derived { decoded += 1 }
        }
        #expect(decoded > 100)  // both outcomes were exercised
    }

    @Test("encodes the same JSON as a derived encoder, nil values left out")
    func encodesAsDerived() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys  // JSONEncoder does not promise an order otherwise
        let id = UUID()
        for (note, when) in [(nil, nil), ("n", Date(timeIntervalSince1970: 1)), (nil, Date(timeIntervalSince1970: 2)), ("", nil)]
            as [(String?, Date?)] {
            let (big, small, scale): (Int64?, Int?, Float?) = note == nil ? (nil, -3, nil) : (.max, nil, 0.1)
            let spelled = Spelled(id: id, name: "Ada", note: note, count: 7, tags: ["a"], when: when, flag: note == nil, big: big,
                                  ratio: -0.25, small: small, scale: scale)
            let derived = spelled.derived
            let (spelledJSON, derivedJSON) = (try encoder.encode(spelled), try encoder.encode(derived))
            #expect(spelledJSON == derivedJSON,
                    "\(String(decoding: spelledJSON, as: UTF8.self)) vs \(String(decoding: derivedJSON, as: UTF8.self))")
        }
    }
}
