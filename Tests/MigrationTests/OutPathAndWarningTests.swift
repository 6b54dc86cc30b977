import Foundation
import PostgresNIO
import TaxigenCore
import Testing

/// `migrate sql --out` resolves a relative path against the project directory (as the config's paths and
/// `--specs`/`--output` do) and names a missing folder; `migrate new` warns about validating a CHECK
/// against existing rows only where there are existing values.
@Suite("migrate sql --out and CHECK warnings")
struct OutPathAndWarningTests {
    @Test("--out relative to the project directory, whatever the working directory; a missing folder is named; the script runs on PostgreSQL 18")
    func outPath() async throws {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial")).status == 0)
        try FileManager.default.createDirectory(atPath: project.path + "/deploy", withIntermediateDirectories: true)
        let elsewhere = try Revisions.temporaryDirectory("cwd")
        let written = try await CLI.run(["migrate", "sql", "--project", project.path, "--out", "deploy/up.sql"], in: elsewhere)
        #expect(written.status == 0, "\(written.output)")
        #expect(FileManager.default.fileExists(atPath: project.path + "/deploy/up.sql"), "written in the project")
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/deploy/up.sql"))
        #expect(written.standardError.contains("Wrote \(project.path)/deploy/up.sql"), "\(written.standardError)")
        let missing = try await CLI.run(["migrate", "sql", "--project", project.path, "--out", "nowhere/up.sql"], in: elsewhere)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("the folder \(project.path)/nowhere does not exist"), "\(missing.standardError)")
        try await TestServer.withFreshDatabase { database in
            let psql = try await Psql.run(file: project.path + "/deploy/up.sql", database: database)
            #expect(psql.status == 0, "\(psql.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 1, "the script written with --out")
            }
        }
    }

    @Test("a CHECK on a new column is not warned about (no existing values); one on an existing column is; both validate on PostgreSQL 18 over existing rows")
    func checkWarnings() async throws {
        let scenario = try Scenario([
            ["gadget.yaml": "entity: Gadget\nfields:\n  name: { type: string, max_length: 50 }\n  size: { type: int }\n"],
            ["gadget.yaml": "entity: Gadget\nfields:\n  name: { type: string, max_length: 50 }\n  size: { type: int, minimum: 0 }\n  weight: { type: int, minimum: 1, nullable: true }\n  rank: { type: int, minimum: 1, default: 5 }\n"],
        ])
        let header = scenario.history.migrations[1].up.headerComments.joined(separator: "\n")
        #expect(header.contains("CHECK ck_gadgets_size_range is validated against existing rows"), "\(header)")
        #expect(!header.contains("ck_gadgets_weight_range is validated"), "a new column has no existing values: \(header)")
        #expect(!header.contains("ck_gadgets_rank_range is validated"), "a new column's default satisfies its CHECK: \(header)")
        try await TestServer.withFreshDatabase { database in
            try await TestServer.withConnection(to: database) { connection in
                let migrate = NIOMigrationConnection(connection: connection)
                try await scenario.runner.apply(to: 1, on: migrate)
                try await connection.run("INSERT INTO gadgets (name, size) SELECT 'g' || i, i FROM generate_series(1, 50) AS i")
                try await scenario.runner.apply(to: 2, on: migrate)
                try await expectCatalog(of: connection, equalsFresh: 2, "CHECKs validated", fixtures: scenario.fixtures)
            }
        }
    }
}
