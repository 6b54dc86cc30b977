import Testing
@testable import TaxigenCore

/// `json` defaults: the numbers `jsonb` and Swift's `JSONValue` (a `Double`) both hold as written, and Swift
/// that swiftc type-checks in time linear in the value however deep it nests.
@Suite("JSON defaults")
struct JSONDefaultTests {
    @Test("a JSON number a double does not hold exactly is refused where it is written, with a hint")
    func numbersBeyondDouble() {
        let diagnostics = SpecHarness.diagnostics(["specs/a.yaml": """
            entity: Channel
            fields:
              settings: { type: json, default: { guild: 1234567890123456789, ratio: 1.0000000000000000001 } }
              scalar: { type: json, default: 9007199254740993 }
            """]).filter { $0.severity == .error }
        #expect(diagnostics.map(\.description) == [
            "specs/a.yaml:3:45: error: the number 1234567890123456789 in the default of field 'settings' is not exactly a double: Swift's JSONValue would hold 1234567890123456800, while jsonb keeps 1234567890123456789\n    hint: JSON numbers are read as Swift doubles; write it with at most 15 to 17 significant digits (1234567890123456800 is the nearest double), or as a string",
            "specs/a.yaml:3:73: error: the number 1.0000000000000000001 in the default of field 'settings' is not exactly a double: Swift's JSONValue would hold 1, while jsonb keeps 1.0000000000000000001\n    hint: JSON numbers are read as Swift doubles; write it with at most 15 to 17 significant digits (1 is the nearest double), or as a string",
            "specs/a.yaml:4:34: error: the number 9007199254740993 in the default of field 'scalar' is not exactly a double: Swift's JSONValue would hold 9007199254740992, while jsonb keeps 9007199254740993\n    hint: JSON numbers are read as Swift doubles; write it with at most 15 to 17 significant digits (9007199254740992 is the nearest double), or as a string",
        ])
    }

    @Test("every JSON number whose shortest double reads back as written is accepted, whatever its exponent")
    func exactNumbersAccepted() throws {
        let numbers = ["0.1", "-0.5", "5", "-0.0", "1e-7", "2.5e-3", "1e22", "1e300", "-1e300", "9007199254740992",
                       "123456789012345680", "1.7976931348623157e308", "2.2250738585072014e-308", "0.30000000000000004"]
        let spec = "entity: Config\nfields:\n  values: { type: json, default: [\(numbers.joined(separator: ", "))] }\n"
        #expect(SpecHarness.errors(["specs/a.yaml": spec]) == [])
        let files = try NameAndValueTests.rendered(["specs/a.yaml": spec])
        let sql = try #require(files["SQL/schema.sql"])
        #expect(sql.contains("DEFAULT '[0.1,-0.5,5,0,0.0000001,0.0025,10000000000000000000000,1e300,-1e300,9007199254740992,123456789012345680,1.7976931348623157e308,2.2250738585072014e-308,0.30000000000000004]'::jsonb"))
    }

    @Test("a JSON default nested as deep as a spec can write prints its arrays and objects with their cases")
    func deepDefaultPrintsCases() throws {
        // 64 YAML levels, three of which are the document, `fields` and the field's own mapping.
        let depth = 61
        let value = String(repeating: "[", count: depth - 2) + "{ k: [1, x, null, true] }" + String(repeating: "]", count: depth - 2)
        let files = try NameAndValueTests.rendered(["specs/a.yaml": """
            entity: Blob
            fields:
              deep: { type: json, default: \(value) }
              three: { type: json, default: [[{ a: 2.5 }]] }
              two: { type: json, default: { a: [1, "x"], b: {} } }
            """])
        let create = try #require(files["Swift/Blob/BlobCreate.swift"])
        let deep = String(repeating: ".array([", count: depth - 2) + #".object(["k": .array([1, "x", .null, true])])"#
            + String(repeating: "])", count: depth - 2)
        #expect(create.contains("deep: JSONValue = \(deep),"))
        #expect(create.contains(#"three: JSONValue = .array([.array([.object(["a": 2.5])])]),"#))
        // Two levels keep the literal form, which type-checks as fast.
        #expect(create.contains(#"two: JSONValue = ["a": [1, "x"], "b": [:]]"#))
        // No collection literal nests in another one beyond that.
        #expect(!create.contains("[["))
        let sql = try #require(files["SQL/schema.sql"])
        #expect(sql.contains("DEFAULT '" + String(repeating: "[", count: depth - 2) + #"{"k":[1,"x",null,true]}"#
            + String(repeating: "]", count: depth - 2) + "'::jsonb"))
    }
}
