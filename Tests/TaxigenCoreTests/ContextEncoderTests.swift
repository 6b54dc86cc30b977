import Mustache
import Testing
@testable import TaxigenCore

/// The render stage's reading of contexts: every stored property, by name, as Mustache expects it.
@Suite("Context encoder")
struct ContextEncoderTests {
    struct Item: Encodable, Sendable {
        let name: String
        let isLast: Bool
    }

    struct Sample: Encodable, Sendable {
        let title: String
        let count: Int
        let note: String?
        let missing: String?
        let flag: Bool
        let lines: [String]
        let items: [Item]
        let nested: Item
        let empty: [Item]

        /// Computed: not part of the context, as with Mirror.
        var computed: String { "never printed" }
    }

    private func render(_ template: String, _ context: Sample) throws -> String {
        let library = try MustacheLibrary(templates: ["t": MustacheTemplate(string: "{{%CONTENT_TYPE: TEXT}}" + template)])
        return try #require(library.render(try ContextEncoder.encode(context), withTemplate: "t"))
    }

    private let sample = Sample(
        title: "A <b>&</b> \"title\"", count: 3, note: "n", missing: nil, flag: true, lines: ["one", "two"],
        items: [Item(name: "a", isLast: false), Item(name: "b", isLast: true)], nested: Item(name: "x", isLast: true),
        empty: [])

    @Test("scalars print as they are, without HTML escaping; nil and computed properties are absent")
    func scalars() throws {
        #expect(try render("{{title}}|{{count}}|{{note}}|{{missing}}|{{computed}}", sample) == "A <b>&</b> \"title\"|3|n||")
    }

    @Test("sections: booleans, present and absent optionals, arrays of strings and of structs, nested structs")
    func sections() throws {
        let template = """
            {{#flag}}F{{/flag}}{{^flag}}not{{/flag}}|{{#note}}has {{.}}{{/note}}|{{^missing}}none{{/missing}}|\
            {{#lines}}{{.}};{{/lines}}|{{#items}}{{name}}{{^isLast}},{{/isLast}}{{/items}}|{{#nested}}{{name}}{{/nested}}|\
            {{^empty}}no items{{/empty}}|{{#items}}{{title}}{{/items}}
            """
        #expect(try render(template, sample)
            == "F|has n|none|one;two;|a,b|x|no items|A <b>&</b> \"title\"A <b>&</b> \"title\"")
    }
}
