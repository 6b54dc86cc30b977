import Foundation
import Taxiway
import Testing

/// `Fieldwise.equal`, which generated models and requests use for `==`: it agrees with comparing every named
/// property with its own `==`, as a derived `==` does.
@Suite("Fieldwise equality")
struct FieldwiseTests {
    /// Properties of the kinds generated types hold: optional, floating point, collections, nested values.
    struct Sample {
        var id: UUID
        var name: String
        var note: String?
        var ratio: Double
        var tags: [String]
        var when: Date?
        var nested: [String: Int]?
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

    static func equal(_ lhs: Sample, _ rhs: Sample) -> Bool {
        Fieldwise.equal(lhs, rhs, \.id, \.name, \.note, \.ratio, \.tags, \.when, \.nested)
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

    @Test("no properties named: every two values are equal")
    func noProperties() {
        #expect(Fieldwise.equal(1, 2))
    }
}
