import Foundation
import TaxigenCore
import Testing

/// `taxigen migrate rebase`: two branches each added a migration after the same one; after the merge,
/// the one named moves after the other, planned again from the other's snapshot to the merged specs.
@Suite("migrate rebase")
struct RebaseTests {
    @Test("after the merge check fails on the fork; rebase renumbers B after A, recomputes it, and check passes")
    func rebaseAfterMerge() async throws {
        let branches = try await BranchProjects()
        let forked = try await CLI.run(["migrate", "check"], in: branches.merged)
        #expect(forked.status == 1, "\(forked.output)")
        #expect(forked.standardError.contains("the history is not linear: \(branches.idA) and \(branches.idB) both follow 0001_initial"), "\(forked.standardError)")
        #expect(forked.standardError.contains("`taxigen migrate rebase \(branches.idB)`"), "the hint names the command: \(forked.standardError)")

        let rebase = try await BranchProjects.expectRun(["migrate", "rebase", branches.idB], in: branches.merged)
        #expect(rebase.standardOutput.contains("Rebased migrations/\(branches.idB) → migrations/0003_customer_phone, after \(branches.idA)"), "\(rebase.output)")
        #expect(!rebase.standardError.contains("warning: table"), "each branch changed its own table, as the specs have them: \(rebase.standardError)")
        let check = try await CLI.run(["migrate", "check"], in: branches.merged)
        #expect(check.status == 0, "\(check.output)")
        let history = try BranchProjects.project(branches.merged).history()
        #expect(history.migrations.map(\.id) == ["0001_initial", branches.idA, "0003_customer_phone"])
        let rebased = history.migrations[2]
        #expect(rebased.parent == branches.idA && rebased.message == "Customer phone")
        let up = try String(contentsOfFile: branches.merged + "/migrations/0003_customer_phone/up.sql", encoding: .utf8)
        #expect(up.contains("ALTER TABLE customers ADD COLUMN phone varchar(32) NULL;") && up.contains("CREATE INDEX CONCURRENTLY"), "\(up)")
        #expect(!up.contains("CREATE TABLE coupons"), "A's table is A's migration's, not the rebased one's")
        #expect(up.contains("after \(branches.idA)."))
        #expect(!FileManager.default.fileExists(atPath: "\(branches.merged)/migrations/\(branches.idB)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: branches.merged + "/migrations").sorted() == ["0001_initial", branches.idA, "0003_customer_phone"],
                "no hidden directory is left")
        let own = try Data(contentsOf: URL(fileURLWithPath: branches.merged + "/migrations/0003_customer_phone/checksums.txt"))
        #expect(Checksums.digest(of: Array(own)) == rebased.checksum)
        let again = try await BranchProjects.expectRun(["migrate", "rebase", "0003_customer_phone"], in: branches.merged)
        #expect(again.standardOutput.contains("already follows \(branches.idA)"), "\(again.output)")

        for server in [TestServer.pg18, .pg15] {
            try await server.withFreshDatabase { database in
                let url = try server.url(database: database)
                let apply = try await BranchProjects.expectRun(["migrate", "apply", "--database", url], in: branches.merged)
                #expect(apply.standardOutput.contains("3 migration(s) applied"), "\(server): \(apply.output)")
                try await server.withConnection(to: database) { connection in
                    try await expectCatalog(of: connection, equalsFresh: 2, "\(server) after the rebased history", fixtures: branches.fixtures, server: server)
                }
                let status = try await CLI.run(["migrate", "status", "--database", url], in: branches.merged)
                #expect(status.status == 0, "\(server): \(status.output)")
            }
        }
    }

    @Test("a database that had A applied gets only the rebased migration")
    func databaseOnTheOtherBranch() async throws {
        let branches = try await BranchProjects()
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            try await BranchProjects.expectRun(["migrate", "apply", "--database", url], in: branches.root + "/branchA")
            try await BranchProjects.expectRun(["migrate", "rebase", branches.idB], in: branches.merged)
            let apply = try await BranchProjects.expectRun(["migrate", "apply", "--database", url], in: branches.merged)
            #expect(apply.standardOutput.contains("1 migration(s) applied"), "\(apply.output)")
            try await TestServer.withConnection(to: database) { connection in
                try await expectCatalog(of: connection, equalsFresh: 2, "A, then the rebased B", fixtures: branches.fixtures)
            }
        }
    }

    @Test("refusals are located and write nothing: an unknown or ambiguous migration, one another follows, specs that already match, an edited file")
    func refusals() async throws {
        let branches = try await BranchProjects()
        let migrations = branches.merged + "/migrations"
        let before = try BranchProjects.files(under: migrations)
        func refused(_ arguments: [String], _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
            let run = try await CLI.run(arguments, in: branches.merged)
            #expect(run.status == 1, "\(run.output)", sourceLocation: sourceLocation)
            #expect(run.standardError.contains(expected), "\(run.standardError)", sourceLocation: sourceLocation)
            #expect(run.standardError.contains("hint: ") || run.standardError.contains("error: "), sourceLocation: sourceLocation)
            #expect(try BranchProjects.files(under: migrations) == before, "nothing written", sourceLocation: sourceLocation)
        }
        try await refused(["migrate", "rebase", "0009_nothing"], "migrations/0009_nothing: error: there is no migration 0009_nothing")
        try await refused(["migrate", "rebase", "2"], "migrations/2: error: 2 names \(branches.idA) and \(branches.idB)")
        try await refused(["migrate", "rebase", "0001_initial"], "error: \(branches.idA) and \(branches.idB) follow it")
        // B's change lost in the merge: the specs match A already.
        try BranchProjects.baseSpecs["customer.yaml"]!.write(toFile: branches.merged + "/specs/customer.yaml", atomically: true, encoding: .utf8)
        try await refused(["migrate", "rebase", branches.idB], "migrations/\(branches.idB): error: the specs already match \(branches.idA)")
        try BranchProjects.customerWithPhone.write(toFile: branches.merged + "/specs/customer.yaml", atomically: true, encoding: .utf8)
        // An edited migration is never rebased (its edit would be blessed by new checksums).
        let up = "\(migrations)/\(branches.idB)/up.sql"
        let original = try Data(contentsOf: URL(fileURLWithPath: up))
        try (String(decoding: original, as: UTF8.self) + "-- edited\n").write(toFile: up, atomically: true, encoding: .utf8)
        let edited = try BranchProjects.files(under: migrations)
        let run = try await CLI.run(["migrate", "rebase", branches.idB], in: branches.merged)
        #expect(run.status == 1 && run.standardError.contains("\(branches.idB)/up.sql: error: was edited after it was committed"), "\(run.output)")
        #expect(try BranchProjects.files(under: migrations) == edited)
    }

    @Test("a branch with two migrations: rebasing its last is refused while the others stay forked; its first is refused while the second follows it")
    func twoMigrationsOnABranch() async throws {
        let branches = try await BranchProjects()
        let branchB = branches.root + "/branchB"
        try (BranchProjects.customerWithPhone + "\ndescription: A customer.\n").write(toFile: branchB + "/specs/customer.yaml", atomically: true, encoding: .utf8)
        try await BranchProjects.expectRun(["migrate", "new", "-m", "Describe customers"], in: branchB)
        try FileManager.default.copyItem(atPath: branchB + "/migrations/0003_describe_customers", toPath: branches.merged + "/migrations/0003_describe_customers")
        let last = try await CLI.run(["migrate", "rebase", "0003_describe_customers"], in: branches.merged)
        #expect(last.status == 1 && last.standardError.contains("the history is still not one line"), "\(last.output)")
        let first = try await CLI.run(["migrate", "rebase", branches.idB], in: branches.merged)
        #expect(first.status == 1 && first.standardError.contains("0003_describe_customers follows it"), "\(first.output)")
        #expect(first.standardError.contains("delete the directories of all but the first"), "\(first.standardError)")
    }

    @Test("a migration listed in a legacy top-level checksums.txt loses its lines there when it is rebased")
    func legacyLines() async throws {
        let branches = try await BranchProjects()
        let migrations = branches.merged + "/migrations"
        let own = "\(migrations)/\(branches.idB)/checksums.txt"
        let lines = try String(contentsOfFile: own, encoding: .utf8)
        try lines.write(toFile: migrations + "/checksums.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: own)
        try await BranchProjects.expectRun(["migrate", "rebase", branches.idB], in: branches.merged)
        let legacy = try String(contentsOfFile: migrations + "/checksums.txt", encoding: .utf8)
        #expect(!legacy.contains(branches.idB), "\(legacy)")
        #expect((try await CLI.run(["migrate", "check"], in: branches.merged)).status == 0)
    }
}
