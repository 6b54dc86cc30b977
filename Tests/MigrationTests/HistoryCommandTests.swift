import Foundation
import TaxigenCore
import Testing

/// `taxigen migrate history`: the migrations in order with what each changes, in text and JSON, without a database.
@Suite("migrate history")
struct HistoryCommandTests {
    @Test("text: each migration with its description, parent, units, changes, review notes and irreversibility")
    func text() async throws {
        let project = try TemporaryProject(revision: 1)
        for revision in 1...5 {
            try project.use(revision: revision)
            #expect((try await project.run("migrate", "new", "-m", Revisions.messages[revision - 1])).status == 0)
        }
        let history = try project.project.history()
        let run = try await project.run("migrate", "history")
        #expect(run.status == 0, "\(run.output)")
        let out = run.standardOutput
        for (offset, migration) in history.migrations.enumerated() {
            #expect(out.contains("\(migration.id): \(Revisions.messages[offset])\n"), "\(out)")
            for change in migration.changes { #expect(out.contains("    \(change)\n")) }
        }
        #expect(out.contains("    after nothing (the first migration); "))
        #expect(out.contains("    after \(history.migrations[3].id); \(history.migrations[4].up.units.count) units; IRREVERSIBLE"), "\(out)")
        #expect(out.contains("    irreversible: "), "\(out)")
        #expect(out.contains("    review: "), "\(out)")
        #expect(history.migrations[1].changes.contains("customers: + column phone varchar(32) NULL"), "\(history.migrations[1].changes)")
    }

    @Test("JSON: version 1, every migration with every key, in order; a fork exits 1 and is listed in problems")
    func json() async throws {
        let project = try TemporaryProject(revision: 1)
        for revision in 1...5 {
            try project.use(revision: revision)
            #expect((try await project.run("migrate", "new", "-m", Revisions.messages[revision - 1])).status == 0)
        }
        let history = try project.project.history()
        let run = try await project.run("migrate", "history", "--json")
        #expect(run.status == 0, "\(run.output)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["version", "directory", "migrations", "problems"])
        #expect(document["version"] as? Int == 1 && document["directory"] as? String == "migrations")
        let entries = try #require(document["migrations"] as? [[String: Any]])
        #expect(entries.map { $0["id"] as? String } == history.migrations.map(\.id))
        #expect(Set(entries[0].keys) == ["id", "number", "parent", "message", "changes", "warnings", "reversible", "irreversible_reasons", "up_units", "down_units", "checksum"])
        #expect(entries[0]["parent"] is NSNull && entries[1]["parent"] as? String == history.migrations[0].id)
        #expect(entries[1]["message"] as? String == Revisions.messages[1])
        #expect(entries[4]["reversible"] as? Bool == false && entries[4]["down_units"] is NSNull)
        #expect(!(entries[4]["irreversible_reasons"] as? [String] ?? []).isEmpty)
        #expect(entries[1]["changes"] as? [String] == history.migrations[1].changes)
        #expect(entries.map { $0["checksum"] as? String } == history.migrations.map(\.checksum))

        let branches = try await BranchProjects()
        let forked = try await CLI.run(["migrate", "history", "--json"], in: branches.merged)
        #expect(forked.status == 1, "\(forked.output)")
        let forkedDocument = try #require(try JSONSerialization.jsonObject(with: Data(forked.standardOutput.utf8)) as? [String: Any])
        #expect((forkedDocument["migrations"] as? [[String: Any]])?.count == 3)
        #expect((forkedDocument["problems"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "non_linear" })
    }
}
