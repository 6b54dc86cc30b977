import Foundation
import Testing

/// `taxigen generate` over an output it wrote from the same inputs prints the last run's outcome instead of
/// rendering it again; anything that could change the output (a spec, a template override, a setting, the
/// binary, an edited or deleted generated file) makes it do the whole work, and the result is the same bytes.
@Suite("generate: a run with nothing changed")
struct GenerationStampCLITests {
    static let stampPath = "Generated/.taxigen-cache/generate-stamp"
    static let skipped = "nothing changed since the last run"

    /// A spec with a warning (an index that duplicates a unique field's), so the replay of diagnostics shows.
    static let warned = """
    entity: Customer
    fields:
      name: { type: string, max_length: 100, unique: true }
    indexes:
      - { fields: [name], name: ix_customers_name_again }
    """

    private func generate(_ project: Project, _ flags: [String] = []) throws -> CLI.Run {
        let run = try CLI.run(["generate"] + flags, in: project.path)
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    @Test("the second run skips the work, prints the same warnings and counts, and leaves the files as they were")
    func secondRunSkips() throws {
        let project = try Project(specs: ["customer.yaml": Self.warned])
        let first = try generate(project)
        #expect(!first.stdout.contains(Self.skipped))
        #expect(first.stderr.contains("warning: this index duplicates"))
        let model = try project.read("Generated/Swift/Customer/Customer.swift")
        let second = try generate(project)
        #expect(second.stdout.contains(Self.skipped), "\(second.stdout)")
        #expect(second.stderr == first.stderr)
        // "taxigen: N files for F folders in Generated: …": the same N and F, all of them unchanged.
        let files = first.stdout.components(separatedBy: ": ")[1]
        #expect(second.stdout.components(separatedBy: ": ")[1] == files)
        let count = try #require(files.split(separator: " ").first)
        #expect(second.stdout.contains(": 0 written, \(count) unchanged, 0 deleted ("), "\(second.stdout)")
        #expect(try project.read("Generated/Swift/Customer/Customer.swift") == model)
        let forced = try generate(project, ["--force"])
        #expect(!forced.stdout.contains(Self.skipped))
        #expect(forced.stdout.contains(" 0 written,"))
        #expect(forced.stderr == first.stderr)
    }

    /// A project generated once, whose model was then edited by hand without changing its size.
    private func generatedAndEdited() throws -> (project: Project, modelPath: String, model: String) {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        _ = try generate(project)
        let modelPath = "Generated/Swift/Customer/Customer.swift"
        let model = try project.read(modelPath)
        try project.write(model.replacingOccurrences(of: "public", with: "PUBLIC"), to: modelPath)
        return (project, modelPath, model)
    }

    @Test("a generated file edited (same size) or deleted by hand is written again")
    func editedOrDeletedFile() throws {
        let (project, modelPath, model) = try generatedAndEdited()
        let edited = try generate(project)
        #expect(!edited.stdout.contains(Self.skipped))
        #expect(edited.stdout.contains(" 1 written,"), "\(edited.stdout)")
        #expect(try project.read(modelPath) == model)

        try FileManager.default.removeItem(atPath: project.path + "/" + modelPath)
        let deleted = try generate(project)
        #expect(deleted.stdout.contains(" 1 written,"), "\(deleted.stdout)")
        #expect(try project.read(modelPath) == model)
    }

    @Test("a changed spec, a new spec, a changed setting and a template override each make a full run")
    func changedInputs() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        _ = try generate(project)
        _ = try generate(project)

        try project.write(Project.customer.replacingOccurrences(of: "max_length: 100", with: "max_length: 120"), to: "specs/customer.yaml")
        let spec = try generate(project)
        #expect(!spec.stdout.contains(Self.skipped))
        #expect(try project.read("Generated/SQL/schema.sql").contains("120"))

        try project.write("entity: Client\nfields:\n  name: { type: text }\n", to: "specs/client.yaml")
        let added = try generate(project)
        #expect(!added.stdout.contains(Self.skipped))
        #expect(project.exists("Generated/Swift/Client/Client.swift"))

        try project.write("module: Shop\n", to: "taxigen.yaml")
        let setting = try generate(project)
        #expect(!setting.stdout.contains(Self.skipped))
        #expect(try project.read("Generated/Tests/Customer/CustomerValidationTests.swift").contains("import Shop"))

        try project.write("{{%CONTENT_TYPE: TEXT}}\n// patch of {{typeName}}\n", to: "MyTemplates/patch.swift.mustache")
        try project.write("module: Shop\ntemplates: MyTemplates\n", to: "taxigen.yaml")
        _ = try generate(project)
        #expect(try generate(project).stdout.contains(Self.skipped))
        try project.write("{{%CONTENT_TYPE: TEXT}}\n// patched {{typeName}}\n", to: "MyTemplates/patch.swift.mustache")
        let template = try generate(project)
        #expect(!template.stdout.contains(Self.skipped))
        #expect(try project.read("Generated/Swift/Customer/CustomerCreate.swift").hasSuffix("// patched PatchFields\n"))
    }

    @Test("a run with errors removes the stamp, so the run after it does the whole work")
    func errorsRemoveTheStamp() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        _ = try generate(project)
        #expect(project.exists(Self.stampPath))
        try project.write("entity: Customer\nfields:\n  name: { type: strin }\n", to: "specs/customer.yaml")
        #expect(try CLI.run(["generate"], in: project.path).status == 1)
        #expect(!project.exists(Self.stampPath))
        try project.write(Project.customer, to: "specs/customer.yaml")
        let after = try generate(project)
        #expect(!after.stdout.contains(Self.skipped))
        #expect(project.exists(Self.stampPath))
    }

    @Test("another taxigen binary (its templates compiled in) makes a full run")
    func otherBinary() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        _ = try generate(project)
        let copy = project.path + "/bin/taxigen"
        try FileManager.default.createDirectory(atPath: project.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.builtExecutable, toPath: copy)
        let other = try CLI.run(["generate"], in: project.path, executable: copy)
        #expect(other.status == 0)
        #expect(!other.stdout.contains(Self.skipped))
        #expect(try CLI.run(["generate"], in: project.path, executable: copy).stdout.contains(Self.skipped))
        #expect(!(try generate(project).stdout.contains(Self.skipped)))
    }

    @Test("--check always compares: a stamp never hides drift")
    func checkIgnoresTheStamp() throws {
        let (project, _, _) = try generatedAndEdited()
        let check = try CLI.run(["generate", "--check"], in: project.path)
        #expect(check.status == 1)
        #expect(check.stderr.contains("Customer.swift: error: differs from what the specs produce"))
    }

    @Test("the cache folder is ignored by git: a generated tree under version control shows nothing new")
    func ignoredByGit() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        let initialize = Process()
        initialize.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        initialize.arguments = ["git", "init", "-q", project.path]
        try initialize.run()
        initialize.waitUntilExit()
        try #require(initialize.terminationStatus == 0)
        _ = try generate(project)
        #expect(project.exists(Self.stampPath))
        let status = Process()
        status.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        status.arguments = ["git", "-C", project.path, "status", "--porcelain", "--untracked-files=all"]
        let out = Pipe()
        status.standardOutput = out
        try status.run()
        let listed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        status.waitUntilExit()
        #expect(listed.contains("Generated/.taxigen-manifest"))
        #expect(!listed.contains(".taxigen-cache"), "\(listed)")
    }
}
