import Foundation
import Testing

/// The command line, run as a user runs it: exit codes, output, what is written and what is not.
@Suite("taxigen command line")
struct CLITests {
    @Test("generate writes the output tree and prints a one-line summary; a second run writes nothing")
    func generate() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        let first = try CLI.run(["generate"], in: project.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("taxigen: "))
        #expect(first.stdout.split(separator: "\n").count == 1)
        #expect(project.exists("Generated/Swift/Customer/Customer.swift"))
        #expect(project.exists("Generated/SQL/schema.sql"))
        #expect(project.exists("Generated/.taxigen-manifest"))
        let second = try CLI.run(["generate"], in: project.path)
        #expect(second.stdout.contains(" 0 written,"))
    }

    @Test("bad specs: every error with file:line:column, exit 1, nothing written")
    func badSpecs() throws {
        let project = try Project(specs: [
            "a.yaml": "entity: Customer\nfields:\n  name: { type: string, max_lenght: 10 }\n",
            "b.yaml": "entity: Order\nfields:\n  customer_id: { type: ref, entity: Customer, foreign_key: true }\n",
        ])
        let run = try CLI.run(["generate"], in: project.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("specs/a.yaml:3:25: error: unknown key 'max_lenght' in field 'name'"))
        #expect(run.stderr.contains("hint: did you mean 'max_length'?"))
        #expect(run.stderr.contains("specs/b.yaml:3:47: error: foreign-key constraints and relationships are not allowed"))
        #expect(!project.exists("Generated"))
    }

    @Test("malformed YAML never crashes taxigen")
    func malformedYAML() throws {
        let project = try Project(specs: ["a.yaml": "entity: [\n  - :\n\t{{{"])
        let run = try CLI.run(["generate"], in: project.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("specs/a.yaml:"))
        #expect(run.stderr.contains("malformed YAML"))
    }

    @Test("generate --check: 0 when current; 1 naming drifted, missing and extra files with a diff; writes nothing")
    func check() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        #expect(try CLI.run(["generate"], in: project.path).status == 0)
        #expect(try CLI.run(["generate", "--check"], in: project.path).status == 0)

        let modelPath = "Generated/Swift/Customer/Customer.swift"
        let model = try project.read(modelPath)
        try project.write(model.replacingOccurrences(of: "public var fieldValues: CustomerCreate", with: "public var fieldValues: Int"), to: modelPath)
        try FileManager.default.removeItem(atPath: project.path + "/Generated/Swift/Customer/CustomerCreate.swift")
        let drifted = try project.read(modelPath)
        let run = try CLI.run(["generate", "--check"], in: project.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Generated/Swift/Customer/Customer.swift: error: differs from what the specs produce"))
        #expect(run.stderr.contains("-    public var fieldValues: Int"))
        #expect(run.stderr.contains("+    public var fieldValues: CustomerCreate"))
        #expect(run.stderr.contains("Generated/Swift/Customer/CustomerCreate.swift: error: is missing"))
        #expect(try project.read(modelPath) == drifted)
        #expect(!project.exists("Generated/Swift/Customer/CustomerCreate.swift"))

        try FileManager.default.removeItem(atPath: project.path + "/specs/customer.yaml")
        try project.write("entity: Client\nfields:\n  name: { type: text }\n", to: "specs/client.yaml")
        let extra = try CLI.run(["generate", "--check"], in: project.path)
        #expect(extra.status == 1)
        #expect(extra.stderr.contains("Generated/Swift/Customer/Customer.swift: error: is no longer produced by the specs"))
    }

    @Test("stale owned files are deleted, files taxigen does not own are kept")
    func staleFiles() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        #expect(try CLI.run(["generate"], in: project.path).status == 0)
        try project.write("// mine\n", to: "Generated/Swift/Customer/Notes.swift")
        try FileManager.default.removeItem(atPath: project.path + "/specs/customer.yaml")
        try project.write("entity: Client\nfields:\n  name: { type: text }\n", to: "specs/client.yaml")
        let run = try CLI.run(["generate"], in: project.path)
        #expect(run.status == 0)
        #expect(!project.exists("Generated/Swift/Customer/Customer.swift"))
        #expect(project.exists("Generated/Swift/Customer/Notes.swift"))
        #expect(project.exists("Generated/Swift/Client/Client.swift"))
    }

    @Test("config keys are validated like spec keys; flags alone work without a config")
    func config() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        try project.write("specs: specs\noutptu: Out\n", to: "taxigen.yaml")
        let bad = try CLI.run(["generate"], in: project.path)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("taxigen.yaml:2:1: error: unknown key 'outptu' in taxigen.yaml"))
        #expect(bad.stderr.contains("did you mean 'output'?"))
        try FileManager.default.removeItem(atPath: project.path + "/taxigen.yaml")
        let flags = try CLI.run(["generate", "--output", "Out"], in: project.path)
        #expect(flags.status == 0, "\(flags.stderr)")
        #expect(project.exists("Out/Swift/Customer/Customer.swift"))
    }

    @Test("an error in taxigen.yaml is reported with the specs' errors, all at once; nothing is written or linted")
    func configAndSpecErrorsTogether() throws {
        let project = try Project(specs: ["a.yaml": "entity: Customer\nfields:\n  name: { type: strin }\n"])
        try project.write("modul: Shop\n", to: "taxigen.yaml")
        for command in ["generate", "lint"] {
            let run = try CLI.run([command], in: project.path)
            #expect(run.status == 1)
            #expect(run.stderr.contains("specs/a.yaml:3:17: error: unknown type 'strin' for field 'name'"), "\(run.stderr)")
            #expect(run.stderr.contains("taxigen.yaml:1:1: error: unknown key 'modul' in taxigen.yaml"))
            #expect(!run.stderr.contains("fix that file's errors first"))
            #expect(run.stderr.hasSuffix("2 errors in taxigen.yaml and the specs; nothing was \(command == "generate" ? "written" : "linted").\n"))
        }
        try project.write(Project.customer, to: "specs/a.yaml")
        let valid = try CLI.run(["generate"], in: project.path)
        #expect(valid.status == 1)
        #expect(valid.stderr.hasSuffix("1 error in taxigen.yaml and the specs; nothing was written.\n"), "\(valid.stderr)")
        #expect(!project.exists("Generated"))
    }

    @Test("a copied binary works without its build folder: templates are embedded")
    func copiedBinary() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        let copy = project.path + "/bin/taxigen"
        try FileManager.default.createDirectory(atPath: project.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.builtExecutable, toPath: copy)
        let list = try CLI.run(["templates", "list"], in: project.path, executable: copy)
        #expect(list.status == 0)
        #expect(list.stdout.contains("model.swift\tbuilt-in"))
        let show = try CLI.run(["templates", "show", "model.swift"], in: project.path, executable: copy)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(contentsOf: repository.appendingPathComponent("Templates/Default/model.swift.mustache"), encoding: .utf8)
        #expect(show.stdout == file)
        #expect(try CLI.run(["generate"], in: project.path, executable: copy).status == 0)
    }

    @Test("a template override from the project's folder is used; templates list says so")
    func templateOverride() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        try project.write("{{%CONTENT_TYPE: TEXT}}\n// patch of {{typeName}}\n", to: "MyTemplates/patch.swift.mustache")
        try project.write("templates: MyTemplates\n", to: "taxigen.yaml")
        #expect(try CLI.run(["generate"], in: project.path).status == 0)
        #expect(try project.read("Generated/Swift/Customer/CustomerCreate.swift").hasSuffix("}\n\n// patch of PatchFields\n"))
        let list = try CLI.run(["templates", "list"], in: project.path)
        #expect(list.stdout.contains("patch.swift\toverridden by"))
        #expect(!list.stderr.contains("swift-mustache"))
    }

    @Test("an override using a Mustache feature the compiled templates lack is refused at its line and column; nothing is written")
    func overrideWithTransforms() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        try project.write("{{%CONTENT_TYPE: TEXT}}\n// {{uppercased(typeName)}}\n", to: "MyTemplates/patch.swift.mustache")
        try project.write("templates: MyTemplates\n", to: "taxigen.yaml")
        let result = try CLI.run(["generate"], in: project.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("MyTemplates/patch.swift.mustache:2:28: error: cannot compile the template: transforms"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.path + "/Generated"))
    }

    @Test("a taxigen.yaml kept among the specs is not read as a spec")
    func configAmongSpecs() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer, "taxigen.yaml": "module: Shop\n"])
        let run = try CLI.run(["generate"], in: project.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(project.exists("Generated/Swift/Customer/Customer.swift"))
    }

    @Test("bad usage exits 64")
    func usage() throws {
        let project = try Project(specs: [:])
        #expect(try CLI.run(["generate", "--no-such-flag"], in: project.path).status == 64)
    }
}
