import Foundation
import TaxigenCore
import Testing

/// Each migration keeps its checksums in its own `checksums.txt`, so two branches that each add one never
/// change the same file; the legacy top-level `checksums.txt` is still read, never rewritten by
/// `migrate new`, and split by `migrate split-checksums`; an edit is detected in every layout.
@Suite("Checksum layout: one checksums.txt per migration")
struct ChecksumLayoutTests {
    /// Turns a project's migrations into the legacy layout an older taxigen wrote: every line in one
    /// top-level `checksums.txt`, none in the migrations.
    private func makeLegacy(_ migrations: String) throws {
        var lines = ""
        for id in try FileManager.default.contentsOfDirectory(atPath: migrations).sorted() where !id.hasPrefix(".") && id != "checksums.txt" {
            let own = "\(migrations)/\(id)/checksums.txt"
            lines += try String(contentsOfFile: own, encoding: .utf8)
            try FileManager.default.removeItem(atPath: own)
        }
        try Checksums(parsing: lines).text.write(toFile: migrations + "/checksums.txt", atomically: true, encoding: .utf8)
    }

    @Test("migrate new writes <id>/checksums.txt, touches no other file, and its sha256sum is the checksum the ledger records")
    func ownFile() async throws {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial schema")).status == 0)
        let before = try BranchProjects.files(under: project.migrations)
        try project.use(revision: 2)
        #expect((try await project.run("migrate", "new", "-m", "rev 2")).status == 0)
        let after = try BranchProjects.files(under: project.migrations)
        let history = try project.project.history()
        let second = history.migrations[1]
        #expect(Set(after.keys).subtracting(before.keys) == Set(["up.sql", "down.sql", "snapshot.json", "checksums.txt"].map { "\(second.id)/\($0)" }))
        #expect(before.allSatisfy { after[$0.key] == $0.value }, "no file of the first migration changed")
        #expect(!FileManager.default.fileExists(atPath: project.migrations + "/checksums.txt"))
        let own = try #require(after["\(second.id)/checksums.txt"])
        #expect(Checksums.digest(of: Array(own)) == second.checksum, "sha256sum <id>/checksums.txt is the ledger's checksum")
        #expect(String(decoding: own, as: UTF8.self).split(separator: "\n").allSatisfy { $0.contains("  \(second.id)/") })
    }

    @Test("two branches that each add a migration change disjoint files, and the merged folders need no edit to load (only the fork is reported)")
    func branchesMergeWithoutConflict() async throws {
        let branches = try await BranchProjects()
        let changedA = try branches.changedMigrationFiles("branchA")
        let changedB = try branches.changedMigrationFiles("branchB")
        #expect(!changedA.isEmpty && !changedB.isEmpty)
        #expect(changedA.isDisjoint(with: changedB), "both branches changed \(changedA.intersection(changedB))")
        #expect(changedA.allSatisfy { $0.hasPrefix(branches.idA + "/") } && changedB.allSatisfy { $0.hasPrefix(branches.idB + "/") },
                "each branch only added files in its own migration: \(changedA) \(changedB)")
        let (_, problems) = try MigrationHistory.loadAllowingProblems(path: branches.merged + "/migrations", shownAs: "migrations")
        #expect(!problems.isEmpty && problems.allSatisfy { $0.kind == .nonLinear }, "\(problems.map(\.description))")
    }

    @Test("a legacy top-level checksums.txt is read, edits are detected through it, migrate new leaves it alone, and split-checksums moves its lines")
    func legacyLayout() async throws {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial schema")).status == 0)
        let checksumBefore = try project.project.history().migrations[0].checksum
        try makeLegacy(project.migrations)
        let legacyBytes = try Data(contentsOf: URL(fileURLWithPath: project.migrations + "/checksums.txt"))
        #expect((try await project.run("migrate", "check")).status == 0)
        let legacyHistory = try project.project.history()
        #expect(legacyHistory.migrations[0].checksum == checksumBefore, "the same lines, the same checksum")
        #expect(legacyHistory.legacyChecksumIDs == [legacyHistory.migrations[0].id])

        let up = "\(project.migrations)/\(legacyHistory.migrations[0].id)/up.sql"
        let original = try String(contentsOfFile: up, encoding: .utf8)
        try (original + "-- edited\n").write(toFile: up, atomically: true, encoding: .utf8)
        let edited = try await project.run("migrate", "check")
        #expect(edited.status == 1 && edited.standardError.contains("\(legacyHistory.migrations[0].id)/up.sql: error: was edited after it was committed"), "\(edited.output)")
        try original.write(toFile: up, atomically: true, encoding: .utf8)

        try project.use(revision: 2)
        #expect((try await project.run("migrate", "new", "-m", "rev 2")).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: project.migrations + "/checksums.txt")) == legacyBytes, "migrate new never rewrites the legacy file")
        let mixed = try project.project.history()
        #expect(mixed.migrations.count == 2 && mixed.legacyChecksumIDs == [mixed.migrations[0].id])
        #expect((try await project.run("migrate", "check")).status == 0)

        let split = try await project.run("migrate", "split-checksums")
        #expect(split.status == 0 && split.standardOutput.contains("1 migration(s) got their own checksums.txt"), "\(split.output)")
        #expect(!FileManager.default.fileExists(atPath: project.migrations + "/checksums.txt"))
        let after = try project.project.history()
        #expect(after.migrations.map(\.checksum) == mixed.migrations.map(\.checksum), "splitting changes no migration's checksum")
        #expect(after.legacyChecksumIDs.isEmpty)
        #expect((try await project.run("migrate", "check")).status == 0)
        #expect((try await project.run("migrate", "split-checksums")).standardOutput.contains("has no top-level checksums.txt"))
        try (original + "-- edited\n").write(toFile: up, atomically: true, encoding: .utf8)
        #expect((try await project.run("migrate", "check")).status == 1, "an edit is detected after the split")
        let refused = try await project.run("migrate", "split-checksums")
        #expect(refused.status == 1 && refused.standardError.contains("was edited after it was committed"), "\(refused.output)")
    }

    @Test("a migration's own checksums.txt that disagrees with the legacy file, lists another migration's file, or is missing is an error")
    func brokenListings() throws {
        let directory = try Revisions.temporaryDirectory("layout")
        let history = try Revisions.writeMigrations(upTo: 2, into: directory)
        let (first, second) = (history.migrations[0].id, history.migrations[1].id)
        var legacy = history.checksums
        legacy.entries["\(first)/up.sql"] = String(repeating: "0", count: 64)
        try legacy.text.write(toFile: directory + "/checksums.txt", atomically: true, encoding: .utf8)
        let own = "\(directory)/\(second)/checksums.txt"
        try (try String(contentsOfFile: own, encoding: .utf8) + history.checksums.text(of: first)).write(toFile: own, atomically: true, encoding: .utf8)
        let error = try #require(throws: HistoryError.self) { try MigrationHistory.load(path: directory, shownAs: "migrations") }
        let messages = error.problems.map(\.description)
        #expect(messages.contains { $0.hasPrefix("migrations/\(first)/checksums.txt: error: differs from the lines checksums.txt has for \(first)") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("migrations/\(second)/checksums.txt: error: lists \(first)/down.sql, which is not a file of \(second)") }, "\(messages)")
        #expect(!error.problems.contains { $0.kind == .edited }, "the migration's own file counts, and it is right: \(messages)")

        try FileManager.default.removeItem(atPath: directory + "/checksums.txt")
        try FileManager.default.removeItem(atPath: "\(directory)/\(first)/checksums.txt")
        let missing = try #require(throws: HistoryError.self) { try MigrationHistory.load(path: directory, shownAs: "migrations") }
        #expect(missing.problems.map(\.description).contains { $0.hasPrefix("migrations/\(first)/checksums.txt: error: is missing") }, "\(missing.problems)")
    }
}
