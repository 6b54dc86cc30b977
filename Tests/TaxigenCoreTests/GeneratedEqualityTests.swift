import Foundation
import Testing
@testable import TaxigenCore

/// A generated create request (which a model holds as its `fieldValues`) takes `==`, its JSON encoding and its
/// validation from Taxiway's `ModelFields`, which walks its fields list (`Customer.PatchFields.all`): the list
/// must reach every stored property, in declaration order, through a key path to that property, or two
/// different values would compare equal and a field would be left out of the JSON. A model's `==` is Taxiway's
/// `EntityModel`'s, over its two parts (tested in `EntityModelTests`).
@Suite("Generated ==")
struct GeneratedEqualityTests {
    /// A struct's stored properties and the key paths its fields list reaches, read from generated Swift.
    struct Comparison: CustomStringConvertible {
        let typeName: String
        let stored: [String]
        let compared: [String]?
        var description: String { "\(typeName): stored \(stored), compared \(compared ?? [])" }
    }

    /// Every `ModelFields` struct (a create request) of a Swift file, with the key paths of its fields list.
    static func comparisons(in source: String) -> [Comparison] {
        var result: [Comparison] = []
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("public struct "), line.hasSuffix(": ModelFields {") else { index += 1; continue }
            let typeName = String(line.dropFirst("public struct ".count).prefix { $0 != ":" })
            var stored: [String] = []
            index += 1
            while index < lines.count, lines[index] != "}" {
                let member = lines[index]
                for keyword in ["    public var ", "    public let "] where member.hasPrefix(keyword) {
                    let declaration = member.dropFirst(keyword.count)
                    // A stored property has no body and no initial value.
                    if !declaration.contains("{"), !declaration.contains(" = ") {
                        stored.append(String(declaration.prefix { $0 != ":" }))
                    }
                }
                index += 1
            }
            result.append(Comparison(typeName: typeName, stored: stored, compared: keyPaths(of: typeName, in: lines)))
        }
        return result
    }

    /// The key paths of the fields that `all` lists for `typeName`, in its order; nil when there is no list.
    static func keyPaths(of typeName: String, in lines: [String]) -> [String]? {
        guard var index = lines.firstIndex(where: { $0.contains("static let all: [any FieldDescription<\(typeName)>] = [") })
        else { return nil }
        let opening = lines[index].range(of: "] = [")!
        var text = String(lines[index][opening.upperBound...])
        while !text.hasSuffix("]"), index + 1 < lines.count {
            index += 1
            text += " " + lines[index].trimmingCharacters(in: .whitespaces)
        }
        let names = text.dropLast().components(separatedBy: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map { String($0.dropFirst("fields.".count)) }
        return names.map { name in
            guard let declaration = lines.first(where: { $0.hasPrefix("        public let \(name): ") }),
                  let start = declaration.range(of: ".init(\\.") else { return "(no key path for \(name))" }
            return String(declaration[start.upperBound...].prefix { $0 != "," && $0 != ")" })
        }
    }

    static func expectComplete(_ comparisons: [Comparison], in place: String) {
        for comparison in comparisons {
            #expect(comparison.compared == comparison.stored, "\(place): \(comparison)")
        }
    }

    @Test("the committed example, realistic, tenancy and golden output compare every stored property")
    func committedOutput() throws {
        var checked = 0
        for tree in ["Generated/Swift", "Tests/Fixtures/Realistic/Generated/Swift", "Tests/Fixtures/Tenancy/Generated/Swift",
                     "Tests/Fixtures/Golden/Swift"] {
            let root = RepositoryPaths.path(tree)
            for file in try LocalFileSystem().files(under: root) where file.hasSuffix(".swift") {
                let found = Self.comparisons(in: try String(contentsOfFile: root + "/" + file, encoding: .utf8))
                Self.expectComplete(found, in: "\(tree)/\(file)")
                checked += found.count
            }
        }
        #expect(checked > 25)
    }

    @Test("random specs, and fields named like Swift keywords, compare every stored property")
    func randomSpecs() throws {
        var random = SeededRandom(seed: 0xE0_0A11)
        var specs = (0..<40).map { _ in RandomSpec.make(&random) }
        specs.append("""
            entity: Thing
            fields:
              default: { type: bool }
              class: { type: int, nullable: true }
              return: { type: string, max_length: 10 }
              in: { type: string, max_length: 10, nullable: true }
            """)
        var checked = 0, rendered = 0
        for spec in specs {
            // RandomSpec may draw rules the checker refuses for the generated tests' sake; those render nothing.
            guard let output = try? SpecHarness.render([.init(path: "specs/thing.yaml", text: spec)]) else { continue }
            rendered += 1
            for file in output where file.path.hasSuffix(".swift") && !file.path.hasPrefix("Tests/") {
                let found = Self.comparisons(in: file.contents)
                Self.expectComplete(found, in: "\(file.path) of\n\(spec)")
                checked += found.count
            }
        }
        #expect(rendered >= 30 && checked >= rendered)
        // The spec with keyword names is accepted: a refusal would leave the quoting untested.
        #expect(try SpecHarness.render([.init(path: "specs/thing.yaml", text: specs.last!)]).isEmpty == false)
    }
}
