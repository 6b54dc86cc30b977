import Testing
@testable import TaxigenCore

/// Categories the real judges found on a long run (docs/judges.md), refused where the spec says them.
@Suite("Refusals the judges found")
struct JudgeFoundRefusalTests {
    @Test("a field named like a PostgreSQL system column is refused (fuzz seed 1048: cmin)",
          arguments: ["tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"])
    func systemColumn(_ name: String) {
        let errors = SpecHarness.errors(["specs/a.yaml": "entity: Box\nfields:\n  \(name): { type: int }\n"])
        #expect(errors == ["specs/a.yaml:3:3: field '\(name)' has the name of a PostgreSQL system column"])
    }

    @Test("an hnsw or ivfflat index over a one-dimensional vector is refused (fuzz seed 1100)")
    func oneDimensionalVectorIndex() {
        let errors = SpecHarness.errors(["specs/a.yaml": """
            entity: Box
            fields:
              a: { type: vector, dimensions: 1, index: hnsw }
              b: { type: vector, dimensions: 1 }
              c: { type: vector, dimensions: 2, index: ivfflat }
            indexes:
              - { fields: [b], kind: ivfflat }
            """])
        #expect(errors == [
            "specs/a.yaml:3:44: a hnsw index needs vectors of at least 2 dimensions, and 'a' has 1",
            "specs/a.yaml:7:5: a ivfflat index needs vectors of at least 2 dimensions, and 'b' has 1",
        ])
    }
}
