import Foundation
import Testing

/// Refusals at the command line: exit codes, a missing project, folder settings and flags that would
/// let `generate` write where it must not, hostile specs, and `--check` after an interrupted run.
@Suite("taxigen command line: input safety")
struct InputSafetyCLITests {
    @Test("--project naming a missing folder says so, exit 1")
    func missingProject() throws {
        let project = try Project(specs: [:])
        let run = try CLI.run(["generate", "--project", project.path + "/nonexistent"], in: project.path)
        #expect(run.status == 1)
        #expect(run.stderr == "error: the project folder '\(project.path)/nonexistent' does not exist\n")
    }

    @Test("folder settings of a project named by a relative --project resolve against it")
    func relativeProject() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        try project.write("{{! an override }}\n", to: "Overrides/.keep")
        try project.write("templates: Overrides\nmigrations: db/migrations\n", to: "taxigen.yaml")
        let parent = (project.path as NSString).deletingLastPathComponent
        let run = try CLI.run(["generate", "--project", (project.path as NSString).lastPathComponent], in: parent)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(project.exists("Generated/SQL/schema.sql"))
    }

    @Test("a folder setting outside the project is a located error, exit 1, and nothing is written there")
    func outputOutsideProject() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        try project.write("output: ../escaped-\(UUID().uuidString)\n", to: "taxigen.yaml")
        let run = try CLI.run(["generate"], in: project.path)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("taxigen.yaml:1:9: error: 'output' ('../escaped-"))
        #expect(run.stderr.contains("') is outside the project folder\n"))
        #expect(!project.exists("Generated"))
    }

    @Test("a bad folder flag is bad usage, exit 64", arguments: [
        (["--output", "."], "error: --output: 'output' ('.') is the project folder itself"),
        (["--output", "specs"], "error: --output: 'output' ('specs') is the same folder as 'specs' ('specs')"),
        (["--specs", "/"], "error: --specs: 'specs' ('/') holds the project folder"),
        (["--output", ".."], "error: --output: 'output' ('..') holds the project folder"),
    ])
    func badFlag(flags: [String], expected: String) throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        let run = try CLI.run(["generate"] + flags, in: project.path)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix(expected + "\n    hint: "))
    }

    @Test("a flag may name an output folder outside the project (a scratch folder, as Examples/Shop's script does)")
    func flagOutputOutsideProject() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        let scratch = NSTemporaryDirectory() + "taxigen-scratch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let run = try CLI.run(["generate", "--output", scratch], in: project.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch + "/SQL/schema.sql"))
    }

    @Test("an output that is a file and a missing templates folder are located errors, never a Foundation dump")
    func outputFileAndMissingTemplates() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        try project.write("a file", to: "Generated")
        try project.write("templates: Overrides\n", to: "taxigen.yaml")
        let run = try CLI.run(["generate"], in: project.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Generated:1:1: error: 'output' ('Generated') is a file, not a folder\n"))
        #expect(run.stderr.contains("taxigen.yaml:1:12: error: the templates folder 'Overrides' does not exist\n"))
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
        #expect(!run.stderr.contains("Error Domain"))
    }

    @Test("an alias bomb, a 5 MB spec and a duplicate key in a large one are refused quickly, with a short stderr")
    func hostileSpecs() throws {
        let filler = String(repeating: "x", count: 5 << 20)
        let project = try Project(specs: [
            "bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
            "huge.yaml": "entity: Customer\ndescription: \(filler)\nentity: Customer\n",
            "big.yaml": "entity: Customer\ndescription: \(filler.prefix(300_000))\nentity: Customer\n",
        ])
        let clock = ContinuousClock()
        let start = clock.now
        let run = try CLI.run(["generate"], in: project.path)
        #expect(clock.now - start < .seconds(5))
        #expect(run.status == 1)
        #expect(run.stderr.contains("specs/bomb.yaml:1:4: error: YAML anchors are not allowed in specs ('&a')\n"))
        #expect(run.stderr.contains("specs/huge.yaml:1:1: error: the spec is 5,121 KB; a spec or config may be at most 512 KB\n"))
        #expect(run.stderr.contains("specs/big.yaml:3:1: error: duplicate key 'entity'\n"))
        #expect(run.stderr.utf8.count < 2_000)
    }

    @Test("--check after an interrupted run names the journal and the staged files, and generate completes it")
    func checkAfterInterruptedRun() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        #expect(try CLI.run(["generate"], in: project.path).status == 0)
        // What OutputWriter leaves when killed after committing its journal: staged files and the journal.
        let model = "Generated/Swift/Customer/Customer.swift"
        let good = try project.read(model)
        try project.write(good, to: model + ".taxigen-new")
        try project.write("stale", to: model)
        try project.write("write Swift/Customer/Customer.swift\n", to: "Generated/.taxigen-journal")
        let check = try CLI.run(["generate", "--check"], in: project.path)
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("Generated/.taxigen-journal: error: an interrupted `taxigen generate` left this journal and 1 staged file"))
        #expect(check.stderr.contains("    staged: Generated/Swift/Customer/Customer.swift.taxigen-new\n"))
        #expect(check.stderr.contains("run a plain `taxigen generate`: it completes the interrupted write"))
        #expect(!check.stderr.contains("differs from what the specs produce"))
        #expect(try project.read(model) == "stale")

        #expect(try CLI.run(["generate"], in: project.path).status == 0)
        #expect(try project.read(model) == good)
        let after = try CLI.run(["generate", "--check"], in: project.path)
        #expect(after.status == 0, "\(after.stderr)")
    }

    @Test("--check after a run interrupted while staging names the pending journal")
    func checkAfterInterruptedStaging() throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        #expect(try CLI.run(["generate"], in: project.path).status == 0)
        try project.write("half", to: "Generated/SQL/schema.sql.taxigen-new")
        try project.write("write SQL/schema.sql\n", to: "Generated/.taxigen-journal.taxigen-new")
        let check = try CLI.run(["generate", "--check"], in: project.path)
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("Generated/.taxigen-journal.taxigen-new: error: an interrupted `taxigen generate` left this pending journal and 1 staged file"))
        #expect(check.stderr.contains("    staged: Generated/SQL/schema.sql.taxigen-new\n"))
        #expect(try CLI.run(["generate"], in: project.path).status == 0)
        #expect(!project.exists("Generated/SQL/schema.sql.taxigen-new"))
        #expect(try CLI.run(["generate", "--check"], in: project.path).status == 0)
    }
}
