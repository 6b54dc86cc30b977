import Foundation
import TaxigenCore
import Testing

/// `taxigen migrate status`: what a database's ledger holds against the files and the specs, read only,
/// in text and JSON, with `migrate check`'s exit statuses.
@Suite("migrate status")
struct StatusTests {
    /// The JSON `--json` printed, as a dictionary.
    private func json(_ run: ProcessRun, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(run.output)", sourceLocation: sourceLocation)
    }

    /// What the text output says of a migration (the words after its padded id), or "" if it has no line.
    private func state(of id: String, in output: String) -> String {
        let line = output.split(separator: "\n").first { $0.hasPrefix("  \(id) ") } ?? ""
        return line.dropFirst(2 + id.count).trimmingCharacters(in: .whitespaces)
    }

    private func migrations(_ document: [String: Any]) -> [[String: Any]] {
        document["migrations"] as? [[String: Any]] ?? []
    }

    @Test("pending before apply (exit 2, no ledger created), applied after (exit 0, with when), pending again when the specs change; the JSON shape")
    func beforeAndAfter() async throws {
        let project = try TemporaryProject(revision: 1)
        for revision in 1...2 {
            try project.use(revision: revision)
            #expect((try await project.run("migrate", "new", "-m", Revisions.messages[revision - 1])).status == 0)
        }
        let ids = try project.project.history().migrations.map(\.id)
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            let before = try await project.run("migrate", "status", "--database", url)
            #expect(before.status == 2, "\(before.output)")
            let beforeText = before.standardOutput
            #expect(beforeText.contains("(no ledger table: nothing applied)") && beforeText.contains("2 pending."), "\(beforeText)")
            #expect(state(of: ids[0], in: beforeText) == "pending" && state(of: ids[1], in: beforeText) == "pending", "\(beforeText)")
            let ledgerTable = try await TestServer.withConnection(to: database) { connection in
                try await connection.text("SELECT to_regclass('taxiway_migrations')::text")
            }
            #expect(ledgerTable == nil, "status creates nothing")
            let beforeJSON = try json(try await project.run("migrate", "status", "--database", url, "--json"))
            #expect(Set(beforeJSON.keys) == ["version", "directory", "database", "outcome", "exit_status", "ledger_exists", "migrations", "unknown_ledger_rows", "specs", "problems"])
            #expect(beforeJSON["version"] as? Int == 1 && beforeJSON["outcome"] as? String == "changes_needed" && beforeJSON["exit_status"] as? Int == 2)
            #expect(beforeJSON["ledger_exists"] as? Bool == false)
            #expect(migrations(beforeJSON).map { $0["state"] as? String } == ["pending", "pending"])
            #expect(migrations(beforeJSON).first.map { Set($0.keys) } == ["id", "number", "state", "checksum", "up_units", "down_units", "ledger", "post_deploy_units", "pending_post_deploy_units"])
            #expect(migrations(beforeJSON).first?["ledger"] is NSNull, "a key that does not apply is null, not absent")

            #expect((try await project.run("migrate", "apply", "--database", url, "--to", "1")).status == 0)
            let half = try json(try await project.run("migrate", "status", "--database", url, "--json"))
            #expect(migrations(half).map { $0["state"] as? String } == ["applied", "pending"])
            #expect((try await project.run("migrate", "apply", "--database", url)).status == 0)
            let after = try await project.run("migrate", "status", "--database", url)
            #expect(after.status == 0, "\(after.output)")
            #expect(after.standardOutput.contains("specs: captured by the last migration") && after.standardOutput.contains("2 applied."), "\(after.standardOutput)")
            let afterJSON = try json(try await project.run("migrate", "status", "--database", url, "--json"))
            #expect(afterJSON["outcome"] as? String == "in_sync" && afterJSON["exit_status"] as? Int == 0)
            let ledger = try #require(migrations(afterJSON).first?["ledger"] as? [String: Any])
            #expect(Set(ledger.keys) == ["version", "checksum", "units_total", "units_done", "units_reverted", "started_at", "applied_at"])
            let appliedAt = try #require(ledger["applied_at"] as? String)
            #expect(appliedAt.hasSuffix("Z") && appliedAt.count == 27, "ISO 8601 UTC with microseconds: \(appliedAt)")
            #expect(ledger["checksum"] as? String == migrations(afterJSON).first?["checksum"] as? String)

            try project.use(revision: 3)
            let changed = try await project.run("migrate", "status", "--database", url, "--json")
            #expect(changed.status == 2, "\(changed.output)")
            let specs = try #require(try json(changed)["specs"] as? [String: Any])
            #expect(specs["state"] as? String == "changes_needed" && !(specs["changes"] as? [String] ?? []).isEmpty, "\(specs)")
        }
    }

    @Test("a migration stopped at a failed unit is partly applied, with its units done (exit 2)")
    func partlyApplied() async throws {
        let project = try TemporaryProject(revision: 1)
        for revision in 1...4 {
            try project.use(revision: revision)
            #expect((try await project.run("migrate", "new", "-m", Revisions.messages[revision - 1])).status == 0)
        }
        let rev4 = try project.project.history().migrations[3]
        let failing = try #require(rev4.up.units.firstIndex { $0.concurrentIndex == "ux_products_title" }) + 1
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            #expect((try await project.run("migrate", "apply", "--database", url, "--to", "3")).status == 0)
            try await TestServer.withConnection(to: database) { connection in
                try await connection.run("INSERT INTO products (sku, title) VALUES ('A-1', 'Same'), ('A-2', 'Same')")
            }
            #expect((try await project.run("migrate", "apply", "--database", url)).status == 1)
            let text = try await project.run("migrate", "status", "--database", url)
            #expect(text.status == 2, "\(text.output)")
            #expect(state(of: rev4.id, in: text.standardOutput).hasPrefix("PARTLY APPLIED: \(failing - 1) of \(rev4.up.units.count) units"), "\(text.standardOutput)")
            #expect(text.standardOutput.contains("resumes at unit \(failing)"), "\(text.standardOutput)")
            let document = try json(try await project.run("migrate", "status", "--database", url, "--json"))
            let entry = try #require(migrations(document).first { $0["id"] as? String == rev4.id })
            #expect(entry["state"] as? String == "partly_applied")
            let ledger = try #require(entry["ledger"] as? [String: Any])
            #expect(ledger["units_done"] as? Int == failing - 1 && ledger["applied_at"] is NSNull && ledger["started_at"] is String, "\(ledger)")
        }
    }

    @Test("a migration edited after it was applied (checksums rewritten to match) is a checksum mismatch; a file edited since its commit is a history problem (exit 1)")
    func tampered() async throws {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial schema")).status == 0)
        let id = try project.project.history().migrations[0].id
        try await TestServer.withFreshDatabase { database in
            let url = try TestServer.url(database: database)
            #expect((try await project.run("migrate", "apply", "--database", url)).status == 0)
            let up = "\(project.migrations)/\(id)/up.sql"
            let original = try String(contentsOfFile: up, encoding: .utf8)
            try (original + "-- edited\n").write(toFile: up, atomically: true, encoding: .utf8)
            let edited = try await project.run("migrate", "status", "--database", url, "--json")
            #expect(edited.status == 1, "\(edited.output)")
            let problems = try json(edited)["problems"] as? [[String: Any]] ?? []
            #expect(problems.contains { $0["kind"] as? String == "edited" && ($0["path"] as? String ?? "").hasSuffix("\(id)/up.sql") }, "\(problems)")
            #expect(problems.first.map { Set($0.keys) } == ["path", "kind", "message", "hint"])

            var checksums = try Checksums(parsing: try String(contentsOfFile: "\(project.migrations)/\(id)/checksums.txt", encoding: .utf8))
            checksums.entries["\(id)/up.sql"] = Checksums.digest(of: Array((original + "-- edited\n").utf8))
            try checksums.text(of: id).write(toFile: "\(project.migrations)/\(id)/checksums.txt", atomically: true, encoding: .utf8)
            #expect((try await project.run("migrate", "check")).status == 0, "the files agree with themselves now")
            let mismatch = try await project.run("migrate", "status", "--database", url)
            #expect(mismatch.status == 1, "\(mismatch.output)")
            #expect(state(of: id, in: mismatch.standardOutput).hasPrefix("CHECKSUM MISMATCH"), "\(mismatch.standardOutput)")
            #expect(mismatch.standardError.contains("migrations/\(id): error: was applied with checksum"), "\(mismatch.standardError)")
            let document = try json(try await project.run("migrate", "status", "--database", url, "--json"))
            #expect(migrations(document).first?["state"] as? String == "checksum_mismatch" && document["outcome"] as? String == "error")
        }
    }

    @Test("a ledger row without a migration (a branch's migration applied, then rebased away) is reported, on PostgreSQL 18 and 15 (exit 1)")
    func ledgerRowWithoutFile() async throws {
        let branches = try await BranchProjects()
        for server in [TestServer.pg18, .pg15] {
            try await server.withFreshDatabase { database in
                let url = try server.url(database: database)
                try await BranchProjects.expectRun(["migrate", "apply", "--database", url], in: branches.root + "/branchB")
                let merged = try Revisions.temporaryDirectory("merged")
                try FileManager.default.removeItem(atPath: merged)
                try FileManager.default.copyItem(atPath: branches.merged, toPath: merged)
                try await BranchProjects.expectRun(["migrate", "rebase", branches.idB], in: merged)
                let text = try await CLI.run(["migrate", "status", "--database", url], in: merged)
                #expect(text.status == 1, "\(server): \(text.output)")
                #expect(state(of: branches.idB, in: text.standardOutput).hasPrefix("NO MIGRATION: in the ledger (applied "), "\(text.standardOutput)")
                #expect(text.standardError.contains("taxiway_migrations: error: \(branches.idB) is in the ledger, but migrations has no such migration"), "\(text.standardError)")
                let document = try json(try await CLI.run(["migrate", "status", "--database", url, "--json"], in: merged))
                #expect(migrations(document).map { $0["state"] as? String } == ["applied", "pending", "pending"])
                let unknown = document["unknown_ledger_rows"] as? [[String: Any]] ?? []
                #expect(unknown.map { $0["version"] as? String } == [branches.idB], "\(unknown)")
            }
        }
    }

    @Test("status reaches no database it cannot connect to: exit 1 with the URL's password hidden")
    func noConnection() async throws {
        let project = try TemporaryProject(revision: 1)
        let run = try await project.run("migrate", "status", "--database", "postgres://me:secret@127.0.0.1:1/nothing?sslmode=disable")
        #expect(run.status == 1 && run.standardError.contains("cannot connect to postgres://me:***@127.0.0.1:1"), "\(run.output)")
        #expect(!run.output.contains("secret"))
    }
}
