import Foundation
import TaxigenCore
import Testing

/// A throwaway project directory for the command line: `taxigen.yaml`, `specs/` and `migrations/`.
struct TemporaryProject {
    /// The project directory.
    let path: String

    /// A new project whose specs are those of a fixture revision.
    init(revision: Int) throws {
        path = try Revisions.temporaryDirectory("project")
        try "specs: specs\nmigrations: migrations\n".write(toFile: path + "/taxigen.yaml", atomically: true, encoding: .utf8)
        try use(revision: revision)
    }

    /// Replaces the specs with those of a fixture revision.
    func use(revision: Int) throws {
        let specs = path + "/specs"
        try? FileManager.default.removeItem(atPath: specs)
        try FileManager.default.copyItem(atPath: Revisions.fixtures + "/rev\(revision)", toPath: specs)
    }

    /// Writes a spec file.
    func write(spec name: String, _ text: String) throws {
        try text.write(toFile: path + "/specs/" + name, atomically: true, encoding: .utf8)
    }

    /// The migrations directory.
    var migrations: String { path + "/migrations" }

    /// Runs `taxigen ARGS` in the project.
    func run(_ arguments: String...) async throws -> ProcessRun {
        try await CLI.run(arguments, in: path)
    }

    /// The project as the core library sees it.
    var project: MigrationProject {
        var log = DiagnosticLog()
        return MigrationProject(config: ProjectConfig.load(projectDirectory: path, into: &log))
    }
}
