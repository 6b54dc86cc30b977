import Foundation
import Testing
@testable import TaxigenCore
import TaxigenTemplates

/// The embedded templates, and overriding them.
@Suite("Templates")
struct TemplateTests {
    @Test("the embedded templates equal the files in Templates/Default")
    func embeddedCopyEqualsFiles() throws {
        let directory = RepositoryPaths.path("Templates/Default")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }.sorted()
        #expect(DefaultTemplates.all.map { $0.name + ".mustache" }.sorted() == files)
        for template in DefaultTemplates.all {
            let text = try String(contentsOfFile: "\(directory)/\(template.name).mustache", encoding: .utf8)
            #expect(template.text == text, "\(template.name) differs from its file")
        }
    }

    @Test("every template starts with the CONTENT_TYPE TEXT pragma")
    func pragma() {
        for template in DefaultTemplates.all {
            #expect(template.text.hasPrefix("{{%CONTENT_TYPE: TEXT}}\n"), "\(template.name)")
        }
    }

    @Test("rendered text loses trailing spaces and tabs, leading and repeated blank lines, and ends in one newline",
          arguments: [
              ("", ""), ("\n\n", ""), ("a", "a\n"), ("a  \t\n\n\n\nb \n", "a\n\nb\n"), ("\n \nx\n\n\n", "x\n"),
              ("é \r\n\t\n  y", "é \r\n\n  y\n"),
          ])
    func normalization(input: String, expected: String) {
        #expect(OutputFormatting.normalize(input) == expected)
        #expect(OutputFormatting.normalize(Array(input.utf8)) == expected)
    }

    @Test("an override that is not valid Mustache is refused at the file, line and column where compiling stopped",
          arguments: [("{{#properties}}never closed\n", "2:1: cannot compile the template: an unclosed section"),
                      ("{{#a}}{{/b}}\n", "1:13: cannot compile the template: a section closed by the wrong name"),
                      ("{{name\n", "2:1: cannot compile the template: text that ends inside a tag"),
                      ("{{%CONTENT_TYPE: XML}}\n", "1:23: cannot compile the template: the content type XML")])
    func brokenOverride(text: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        try directory.write(text, to: "model.swift.mustache")
        do {
            _ = try TemplateSet.loading(overridesFrom: directory.path)
            Issue.record("a broken template is refused")
        } catch let error as TemplateError {
            #expect(error.message == directory.path + "/model.swift.mustache:" + expected)
            // Printed as every diagnostic is: `file:line:column: error: message`.
            #expect(error.description.hasPrefix(directory.path + "/model.swift.mustache:"
                + expected.replacingOccurrences(of: ": cannot compile", with: ": error: cannot compile")), "\(error)")
        }
    }

    @Test("a project template overrides the default of the same name; an unknown name is refused")
    func overrides() throws {
        let directory = try TemporaryDirectory()
        try directory.write("{{%CONTENT_TYPE: TEXT}}\n// custom {{typeName}}\n", to: "patch.swift.mustache")
        let templates = try TemplateSet.loading(overridesFrom: directory.path)
        #expect(templates.templates.first { $0.name == "patch.swift" }?.origin == .override(path: directory.path + "/patch.swift.mustache"))
        let files = try SpecHarness.render([SpecLoader.Source(path: "specs/a.yaml", text: "entity: Thing\nfields:\n  name: { type: text }\n")])
        #expect(files.contains { $0.path.hasSuffix("ThingCreate.swift") && $0.contents.contains("typealias ThingPatch") })
        var log = DiagnosticLog()
        let schema = try #require(Checker.check(SpecLoader.load([SpecLoader.Source(path: "specs/a.yaml", text: "entity: Thing\nfields:\n  name: { type: text }\n")], into: &log), into: &log))
        let generator = Generator(config: ProjectConfig(projectDirectory: directory.path))
        let custom = try generator.render(generator.plan(schema), with: templates)
        // The patch is a part of the create request's file: the override prints in its place.
        let create = try #require(custom.first { $0.path.hasSuffix("ThingCreate.swift") }?.contents)
        #expect(create.hasSuffix("}\n\n// custom PatchFields\n") && !create.contains("typealias ThingPatch"))

        try directory.write("x", to: "respones.swift.mustache")
        #expect(throws: TemplateError.self) { _ = try TemplateSet.loading(overridesFrom: directory.path) }
    }

    @Test("an override that prints a name no default template uses is warned about at its first tag; the defaults and a faithful override are not")
    func overrideNames() throws {
        #expect(try TemplateSet.defaults().warnings.isEmpty)
        let directory = try TemporaryDirectory()
        // What an override ejected before models spelled out their Codable printed: `codingKeyClause` is gone.
        try directory.write("{{%CONTENT_TYPE: TEXT}}\npublic struct {{typeName}} {\n{{#properties}}\n"
                            + "        case {{identifier}}{{codingKeyClause}}\n{{/properties}}\n{{#legacy.part}}x{{/legacy.part}}\n}\n",
                            to: "model.swift.mustache")
        try directory.write("{{%CONTENT_TYPE: TEXT}}\n// custom {{typeName}}\n", to: "patch.swift.mustache")
        let warnings = try TemplateSet.loading(overridesFrom: directory.path).warnings
        let path = directory.path + "/model.swift.mustache"
        #expect(warnings.map(\.description).map { $0.components(separatedBy: "\n")[0] } == [
            "\(path):4:28: warning: 'codingKeyClause' is a name no default template uses: this taxigen's contexts may not have it, "
                + "and Mustache prints a missing name as nothing",
            "\(path):6:1: warning: 'legacy' is a name no default template uses: this taxigen's contexts may not have it, "
                + "and Mustache prints a missing name as nothing",
        ])
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.hint?.contains("taxigen templates show model.swift") == true })
    }
}
