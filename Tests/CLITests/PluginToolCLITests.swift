import Foundation
import Testing

/// `taxigen-build-tool cli …`, what the command plugin runs: the same command line as `taxigen`, without the
/// database stack; and how a command that cannot go on says so, once.
@Suite("the plugins' tool and failure lines")
struct PluginToolCLITests {
    /// The `taxigen-build-tool` built next to this test bundle.
    static let tool = URL(fileURLWithPath: CLI.builtExecutable).deletingLastPathComponent()
        .appendingPathComponent("taxigen-build-tool").path

    @Test("the command plugin's tool generates and checks exactly as taxigen does")
    func sameOutput() throws {
        let viaTool = try Project(specs: ["customer.yaml": Project.customer])
        let viaCLI = try Project(specs: ["customer.yaml": Project.customer])
        let generated = try CLI.run(["cli", "generate"], in: viaTool.path, executable: Self.tool)
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(try CLI.run(["generate"], in: viaCLI.path).status == 0)
        for file in ["Generated/Swift/Customer/Customer.swift", "Generated/SQL/schema.sql"] {
            #expect(try viaTool.read(file) == viaCLI.read(file), "\(file)")
        }
        #expect(try CLI.run(["cli", "generate", "--check"], in: viaTool.path, executable: Self.tool).status == 0)
        #expect(try CLI.run(["cli", "lint"], in: viaTool.path, executable: Self.tool).stdout
            == CLI.run(["lint"], in: viaCLI.path).stdout)
        #expect(try CLI.run(["cli", "generate", "--no-such-flag"], in: viaTool.path, executable: Self.tool).status == 64)
    }

    @Test("a database command through the plugins' tool says which executable to run, and exits 1",
          arguments: [["migrate", "status"], ["migrate", "apply"], ["db", "diff"]])
    func databaseCommandsNeedTheExecutable(_ command: [String]) throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        let run = try CLI.run(["cli"] + command + ["--database", "postgres://nobody@127.0.0.1:1/none"], in: project.path,
                              executable: Self.tool)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: this command connects to PostgreSQL, which the command plugin's tool does not link"),
                "\(run.stderr)")
        #expect(run.stderr.contains("swift run taxigen"))
    }

    @Test("a command stopped by an error prints `error:` once", arguments: [["migrate", "status"], ["migrate", "apply"], ["db", "diff"]])
    func oneErrorPrefix(_ command: [String]) throws {
        let project = try Project(specs: ["customer.yaml": Project.customer])
        let run = try CLI.run(command + ["--database", "postgres://nobody@127.0.0.1:1/none"], in: project.path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("error: cannot connect to postgres://nobody@127.0.0.1:1/none"), "\(run.stderr)")
        #expect(!run.stderr.contains("error: error:"), "\(run.stderr)")
    }
}
