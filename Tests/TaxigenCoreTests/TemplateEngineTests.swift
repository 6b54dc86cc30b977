import Foundation
import Mustache
import Testing
@testable import TaxigenCore

/// The render stage: taxigen's compiled templates must print exactly what swift-mustache (the reference
/// implementation, a test dependency only) prints for the same template and context, and a template that uses
/// a feature the compiler does not support is refused where it does.
@Suite("Template engines")
struct TemplateEngineTests {
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
        let off: Bool
        let lines: [String]
        let items: [Item]
        let nested: Item
        let empty: [Item]
        let unicode: String

        /// Computed: not part of the context.
        var computed: String { "never printed" }
    }

    /// A context with a hand-written `encode(to:)` that uses nested containers.
    struct Nesting: Encodable, Sendable {
        enum Keys: String, CodingKey { case outer, list, label }
        enum Inner: String, CodingKey { case label }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var outer = container.nestedContainer(keyedBy: Inner.self, forKey: .outer)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode("first")
            var element = list.nestedContainer(keyedBy: Inner.self)
            try outer.encode("inner", forKey: .label)
            try element.encode("element", forKey: .label)
            try list.encode(2.5)
            try container.encode("top", forKey: .label)
        }
    }

    static let sample = Sample(
        title: "A <b>&</b> \"title\" 'q'", count: 3, note: "n", missing: nil, flag: true, off: false,
        lines: ["one", "two"], items: [Item(name: "a", isLast: false), Item(name: "b", isLast: true)],
        nested: Item(name: "x", isLast: true), empty: [], unicode: "é – ü")

    /// `template` (named `t`) with `partials`, rendered over `context` by the compiled engine and by swift-mustache.
    private func renderBoth(_ template: String, partials: [String: String] = [:], context: some Encodable & Sendable = sample)
        throws -> (compiled: String, library: String) {
        let texts = ["t": template].merging(partials) { first, _ in first }
        let symbols = TemplateSymbols(texts: texts.sorted { $0.key < $1.key }.map(\.value))
        let value = try ContextEncoder(symbols: symbols).encode(context)
        var compiled: [String: CompiledTemplate] = [:]
        var library: [String: MustacheTemplate] = [:]
        for (name, text) in texts {
            compiled[name] = try TemplateCompiler.compile(text, symbols: symbols)
            library[name] = try MustacheTemplate(string: text)
        }
        let renderer = TemplateRenderer(templates: compiled)
        let ours = String(decoding: try #require(renderer.render("t", context: value)), as: UTF8.self)
        let theirs = try #require(MustacheLibrary(templates: library).render(MustacheAdapter.value(value, symbols: symbols), withTemplate: "t"))
        return (ours, theirs)
    }

    /// Asserts both engines print `expected`.
    private func expectBoth(_ template: String, partials: [String: String] = [:], _ expected: String,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let (compiled, library) = try renderBoth(template, partials: partials)
        #expect(library == expected, "swift-mustache", sourceLocation: sourceLocation)
        #expect(compiled == expected, "compiled", sourceLocation: sourceLocation)
    }

    @Test("variables: HTML escaping by default, none when triple, with & or under the TEXT content type")
    func escaping() throws {
        try expectBoth("{{title}}|{{{title}}}|{{&title}}",
                       "A &lt;b&gt;&amp;&lt;/b&gt; &quot;title&quot; &#39;q&#39;|A <b>&</b> \"title\" 'q'|A <b>&</b> \"title\" 'q'")
        try expectBoth("{{%CONTENT_TYPE: TEXT}}{{title}}", "A <b>&</b> \"title\" 'q'")
        try expectBoth("{{#nested}}{{%CONTENT_TYPE: TEXT}}{{title}}{{/nested}}|{{title}}",
                       "A <b>&</b> \"title\" 'q'|A &lt;b&gt;&amp;&lt;/b&gt; &quot;title&quot; &#39;q&#39;")
        try expectBoth("{{%CONTENT_TYPE: TEXT}}{{> p}}", partials: ["p": "{{title}}"], "A &lt;b&gt;&amp;&lt;/b&gt; &quot;title&quot; &#39;q&#39;")
    }

    @Test("scalars print as Swift spells them; nil and computed properties are absent; names are looked up the stack")
    func lookup() throws {
        try expectBoth("{{count}} {{flag}} {{note}}|{{missing}}|{{computed}}|{{ unicode }}", "3 true n|||é – ü")
        try expectBoth("{{nested.name}}|{{#items}}{{.name}}:{{nested.name}}:{{note}}:{{.note}};{{/items}}|{{nested.missing.name}}",
                       "x|a:x:n:;b:x:n:;|")
        try expectBoth("{{#count}}c={{.}}{{/count}} {{#note}}has {{.}}{{/note}}", "c=3 has n")
    }

    @Test("sections and inverted sections over booleans, optionals, lists, objects and text")
    func sections() throws {
        try expectBoth("{{#flag}}F{{/flag}}{{^flag}}not{{/flag}}{{#off}}on{{/off}}{{^off}}off{{/off}}|" +
                       "{{#lines}}{{.}};{{/lines}}|{{#items}}{{name}}{{^isLast}},{{/isLast}}{{/items}}|" +
                       "{{^empty}}no items{{/empty}}{{#empty}}never{{/empty}}|{{^missing}}none{{/missing}}|" +
                       "{{^items}}x{{/items}}{{^title}}t{{/title}}{{^nested}}n{{/nested}}",
                       "Foff|one;two;|a,b|no items|none|")
    }

    @Test("standalone tags remove their line; inline tags keep the spaces around them")
    func standalone() throws {
        try expectBoth("begin\n  {{#flag}}\n  yes\n  {{/flag}}\n  {{^flag}}\n  no\n  {{/flag}}\nend\n", "begin\n  yes\nend\n")
        try expectBoth("a {{#flag}}x{{/flag}} b\n  {{! comment }}\nc {{! c }} d\n", "a x b\nc  d\n")
        try expectBoth("  {{! a }}{{#flag}}\nx\n{{/flag}}\n", "  \nx\n")
        try expectBoth("x\n{{#flag}}\ny\n{{/flag}}", "x\ny\n")
        try expectBoth("x\n   ", "x\n")
        try expectBoth("a { b } {{#flag}}{{/flag}}{ {{count}}", "a { b } { 3")
        try expectBoth("{{#items}}\n  {{name}}\n{{/items}}  tail {{#flag}}\nz\n  {{/flag}}\n", "  a\n  b\n  tail \nz\n")
        try expectBoth("a\r\n  {{#flag}}\r\n  b\r\n  {{/flag}}\r\nc\r\n", "a\r\n  b\r\nc\r\n")
        try expectBoth("{{%CONTENT_TYPE: TEXT}}\n{{title}}\n  {{%CONTENT_TYPE: HTML}}  \n{{title}}\n",
                       "A <b>&</b> \"title\" 'q'\nA &lt;b&gt;&amp;&lt;/b&gt; &quot;title&quot; &#39;q&#39;\n")
    }

    /// swift-mustache indents a line when it starts with a tag's or text's output at the level of the
    /// partial, so the lines a section prints after its first are not indented (`- two`, `b`): the compiled
    /// engine does the same, so that both print the same bytes.
    @Test("a standalone partial indents the lines it prints as swift-mustache does; nested partials add theirs")
    func partials() throws {
        let partials = [
            "p": "line1\nline2 {{count}}\n{{#lines}}\n- {{.}}\n{{/lines}}\n  {{> q}}\n",
            "q": "q1\n{{#items}}{{name}}\n{{/items}}",
            "crlf": "r1\r\nr2\r\n",
        ]
        try expectBoth("a\n  {{> p}}\nb\n", partials: partials, "a\n  line1\n  line2 3\n  - one\n- two\n    q1\n    a\nb\nb\n")
        try expectBoth("x {{> q}} y\n", partials: partials, "x q1\na\nb\n y\n")
        try expectBoth("  {{> crlf}}\n", partials: partials, "  r1\r\nr2\r\n")
        try expectBoth("{{> unknown}}|", partials: partials, "|")
    }

    /// Random templates built from every supported tag, with spaces, tabs, newlines and CRLF between them,
    /// so that standalone lines, indentation and the context stack meet in combinations nobody wrote by hand.
    @Test("both engines print the same bytes for 400 random templates", arguments: [1, 2, 3, 4] as [UInt64])
    func randomTemplates(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let partials = [
            "p": "  p {{count}}\n{{#lines}}\n  - {{.}}\n{{/lines}}\n{{^empty}}none{{/empty}}\r\n{{^off}}\n  off {{title}}\n  second\n{{/off}}\n",
            "q": "{{#items}}{{name}}{{^isLast}}, {{/isLast}}{{/items}}\n  {{> p}}\n",
        ]
        for _ in 0..<100 {
            let template = Self.randomTemplate(depth: 0, scalarContext: false, using: &random)
            let (compiled, library) = try renderBoth(template, partials: partials)
            #expect(compiled == library, "template: \(template.debugDescription)")
        }
    }

    private static func randomTemplate(depth: Int, scalarContext: Bool, using random: inout SeededGenerator) -> String {
        let separators = ["", " ", "  ", "\t", "\n", "\n", "\n  ", "\r\n", " \n", "{ ", "}"]
        let variables = ["{{title}}", "{{{title}}}", "{{&note}}", "{{ count }}", "{{nested.name}}", "{{.nested.name}}",
                         "{{missing}}", "{{flag}}", "{{unicode}}", "{{name}}", "{{isLast}}"]
        var pieces: [String] = []
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            pieces.append(separators.randomElement(using: &random)!)
            switch Int.random(in: 0..<10, using: &random) {
            case 0...3:
                pieces.append(variables.randomElement(using: &random)!)
            case 4 where scalarContext:
                pieces.append("{{.}}")
            case 5 where depth < 3:
                // A section over a list of strings or a scalar may print `{{.}}`; over objects and flags it may not.
                let (name, scalar) = [("flag", false), ("items", false), ("nested", false), ("lines", true), ("note", true),
                                      ("count", true), ("empty", false), ("missing", false), ("off", false)]
                    .randomElement(using: &random)!
                let kind = Bool.random(using: &random) ? "#" : "^"
                let body = randomTemplate(depth: depth + 1, scalarContext: scalar && kind == "#", using: &random)
                pieces.append("{{\(kind)\(name)}}" + separators.randomElement(using: &random)! + body
                              + separators.randomElement(using: &random)! + "{{/\(name)}}")
            case 6:
                pieces.append(["{{! a comment }}", "{{!\nlong\n}}"].randomElement(using: &random)!)
            case 7:
                pieces.append(["{{> p}}", "{{> q}}", "{{>p}}", "{{> unknown}}"].randomElement(using: &random)!)
            case 8:
                pieces.append(["{{%CONTENT_TYPE: TEXT}}", "{{%CONTENT_TYPE: HTML}}"].randomElement(using: &random)!)
            default:
                pieces.append(["text", "é", "a < b", "x"].randomElement(using: &random)!)
            }
        }
        pieces.append(separators.randomElement(using: &random)!)
        return pieces.joined()
    }

    @Test("a context with nested containers and non-integer numbers encodes like a struct tree")
    func nestedContainers() throws {
        let (compiled, library) = try renderBoth("{{outer.label}}|{{#list}}{{label}}{{^label}}{{.}}{{/label}},{{/list}}|{{label}}",
                                                 context: Nesting())
        #expect(library == "inner|top,element,top,|top")
        #expect(compiled == library)
    }

    @Test("fields no template mentions are not encoded")
    func unusedFieldsSkipped() throws {
        let symbols = TemplateSymbols(texts: ["{{title}}{{#items}}{{name}}{{/items}}"])
        guard case .object(let object) = try ContextEncoder(symbols: symbols).encode(Self.sample) else {
            Issue.record("a struct encodes as an object")
            return
        }
        #expect(object.fields.map(\.symbol).sorted() == [symbols.number(of: "title"), symbols.number(of: "items")].compactMap { $0 }.sorted())
    }

    @Test("the compiled templates print every file of the fixture and example domains as swift-mustache does")
    func wholeDomains() throws {
        let templates = try TemplateSet.defaults()
        var library: [String: MustacheTemplate] = [:]
        for template in templates.templates {
            library[template.name] = try MustacheTemplate(string: template.text)
        }
        let reference = MustacheLibrary(templates: library)
        for project in ["Tests/Fixtures", "."] {
            var log = DiagnosticLog()
            let generator = Generator(config: ProjectConfig.load(projectDirectory: RepositoryPaths.path(project), into: &log))
            let schema = try #require(generator.loadSchema(into: &log))
            let plan = generator.plan(schema)
            let ours = try generator.render(plan, with: templates)
            #expect(ours.count == plan.count && ours.count > 30)
            let encoder = ContextEncoder(symbols: templates.symbols)
            for (file, mine) in zip(plan, ours) {
                let context = try file.context.preparedForRendering { try encoder.encode($0) }
                let theirs = try #require(reference.render(MustacheAdapter.value(context, symbols: templates.symbols),
                                                           withTemplate: file.template))
                #expect(mine.contents == OutputFormatting.normalize(theirs), "\(project)/\(mine.path)")
            }
        }
    }

    @Test("an override using transforms, set delimiters, inheritance or a dynamic partial is refused at its line and column",
          arguments: [
              ("{{%CONTENT_TYPE: TEXT}}\n// {{uppercased(typeName)}}\n", "2:28: cannot compile the template: transforms"),
              ("{{%CONTENT_TYPE: TEXT}}\n\n  {{=<% %>=}}\n// <% typeName %>\n", "3:5: cannot compile the template: set delimiters"),
              ("{{<parent}}{{/parent}}", "1:3: cannot compile the template: template inheritance"),
              ("a {{>*dynamic}}", "1:6: cannot compile the template: a dynamic partial"),
          ])
    func refusesUnsupportedFeatures(text: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        try directory.write(text, to: "patch.swift.mustache")
        do {
            _ = try TemplateSet.loading(overridesFrom: directory.path)
            Issue.record("the override was accepted")
        } catch let error as TemplateError {
            #expect(error.message.hasPrefix(directory.path + "/patch.swift.mustache:"), "\(error.message)")
            #expect(error.message.hasSuffix(":" + expected), "\(error.message)")
            #expect(error.hint?.contains("sections") == true)
        }
    }
}
