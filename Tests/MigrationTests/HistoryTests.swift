import Foundation
import TaxigenCore
import Testing

/// `taxigen migrate check` and the history it verifies: checksums, files, a linear chain of parents.
@Suite("Checksums and a linear history")
struct HistoryTests {
    @Test("migrate check exits 0 in sync, 2 when the specs change, 1 when a committed migration was edited")
    func checkExitCodes() async throws {
        let project = try TemporaryProject(revision: 1)
        let new = try await project.run("migrate", "new", "-m", "Initial schema")
        #expect(new.status == 0, "\(new.output)")
        let inSync = try await project.run("migrate", "check")
        #expect(inSync.status == 0, "\(inSync.output)")
        #expect(inSync.standardOutput.contains("1 migration, checksums intact, history linear"))

        try project.use(revision: 2)
        let changed = try await project.run("migrate", "check")
        #expect(changed.status == 2, "\(changed.output)")
        #expect(changed.standardError.contains("customers: + column phone varchar(32) NULL"), "\(changed.standardError)")
        #expect(changed.standardError.contains("run `taxigen migrate new"))
        let second = try await project.run("migrate", "new", "-m", "rev 2")
        #expect(second.status == 0, "\(second.output)")
        #expect((try await project.run("migrate", "check")).status == 0)

        let up = project.migrations + "/0001_initial_schema/up.sql"
        let original = try String(contentsOfFile: up, encoding: .utf8)
        try original.replacingOccurrences(of: "SET lock_timeout = '5s';", with: "SET lock_timeout = '50s';")
            .write(toFile: up, atomically: true, encoding: .utf8)
        let edited = try await project.run("migrate", "check")
        #expect(edited.status == 1, "\(edited.output)")
        #expect(edited.standardError.contains("migrations/0001_initial_schema/up.sql: error: was edited after it was committed"), "\(edited.standardError)")
        #expect(edited.standardError.contains("hint: never edit a committed migration"))
        let refusedNew = try await project.run("migrate", "new", "-m", "anything")
        #expect(refusedNew.status == 1, "migrate new refuses a broken history: \(refusedNew.output)")

        try original.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: up, atomically: true, encoding: .utf8)
        let crlf = try await project.run("migrate", "check")
        #expect(crlf.status == 0, "CRLF line breaks are not an edit: \(crlf.output)")
    }

    @Test("a snapshot edited by hand with its checksums recomputed: the head fails to load, an earlier one fails migrate check, never a crash")
    func unreadableSnapshotWithRecomputedChecksums() throws {
        let directory = try Revisions.temporaryDirectory("history")
        try Revisions.writeMigrations(upTo: 2, into: directory)
        let ids = try MigrationHistory.load(path: directory, shownAs: "migrations").migrations.map(\.id)
        func breakSnapshot(of id: String) throws {
            let path = "\(directory)/\(id)/snapshot.json"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let broken = text.replacingOccurrences(of: "\"nullable\" : false", with: "\"nullable\" : \"no\"")
            #expect(broken != text)
            try broken.write(toFile: path, atomically: true, encoding: .utf8)
            let listing = "\(directory)/\(id)/\(Checksums.fileName)"
            var checksums = try Checksums(parsing: String(contentsOfFile: listing, encoding: .utf8))
            checksums.entries["\(id)/snapshot.json"] = Checksums.digest(of: Array(broken.utf8))
            try checksums.text(of: id).write(toFile: listing, atomically: true, encoding: .utf8)
        }
        // An earlier migration: the history loads (its snapshot is not needed), and reading every snapshot reports it.
        try breakSnapshot(of: ids[0])
        let history = try MigrationHistory.load(path: directory, shownAs: "migrations")
        let problems = history.unreadableSnapshots().map(\.description)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("migrations/\(ids[0])/snapshot.json: error: cannot be read") == true, "\(problems)")
        #expect(throws: MigrationError.self) { try history.migrations[0].snapshot }
        // The head: the history does not load.
        try breakSnapshot(of: ids[1])
        let error = try #require(throws: HistoryError.self) { try MigrationHistory.load(path: directory, shownAs: "migrations") }
        #expect(error.problems.map(\.description).contains { $0.contains("migrations/\(ids[1])/snapshot.json: error: cannot be read") },
                "\(error.problems)")
    }

    @Test("a file added to or missing from a migration is an error; so is a checksums.txt that lists neither")
    func filesMustMatchChecksums() throws {
        let directory = try Revisions.temporaryDirectory("history")
        try Revisions.writeMigrations(upTo: 2, into: directory)
        let id = try MigrationHistory.load(path: directory, shownAs: "migrations").migrations[1].id
        try "-- a note\n".write(toFile: "\(directory)/\(id)/notes.sql", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(directory)/\(id)/down.sql")
        let error = try #require(throws: HistoryError.self) { try MigrationHistory.load(path: directory, shownAs: "migrations") }
        let messages = error.problems.map(\.description)
        #expect(messages.contains { $0.hasPrefix("migrations/\(id)/notes.sql: error: is not in checksums.txt") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("migrations/\(id)/down.sql: error: is listed in checksums.txt but missing") }, "\(messages)")
        #expect(error.problems.allSatisfy { $0.kind == .files || $0.kind == .malformed }, "\(messages)")
    }

    @Test("two migrations that follow the same one make the history non-linear: check exits 1 naming both")
    func nonLinearHistory() async throws {
        let project = try TemporaryProject(revision: 1)
        #expect((try await project.run("migrate", "new", "-m", "Initial")).status == 0)
        try project.use(revision: 2)
        #expect((try await project.run("migrate", "new", "-m", "Branch A")).status == 0)
        // A colleague's branch, written from the same parent, merged in: renumbered, but its parent is still 0001.
        let history = try project.project.history()
        let branchA = history.migrations[1]
        let branchB = "0003_branch_b"
        try FileManager.default.copyItem(atPath: "\(project.migrations)/\(branchA.id)", toPath: "\(project.migrations)/\(branchB)")
        let snapshot = "\(project.migrations)/\(branchB)/snapshot.json"
        try String(contentsOfFile: snapshot, encoding: .utf8).replacingOccurrences(of: branchA.id, with: branchB)
            .write(toFile: snapshot, atomically: true, encoding: .utf8)
        var checksums = history.checksums
        for file in ["up.sql", "down.sql", "snapshot.json"] {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(project.migrations)/\(branchB)/\(file)")))
            checksums.entries["\(branchB)/\(file)"] = Checksums.digest(of: bytes)
        }
        try checksums.text.write(toFile: "\(project.migrations)/checksums.txt", atomically: true, encoding: .utf8)
        let check = try await project.run("migrate", "check")
        #expect(check.status == 1, "\(check.output)")
        #expect(check.standardError.contains("the history is not linear: \(branchA.id) and \(branchB) both follow \(history.migrations[0].id)"),
                "\(check.standardError)")
        let error = try #require(throws: HistoryError.self) { try project.project.history() }
        #expect(error.problems.contains { $0.kind == .nonLinear })
        #expect(!error.problems.contains { $0.kind == .edited }, "the checksums were updated: only the chain is wrong")
    }

    @Test("this repository's migrations capture its specs (what `taxigen migrate check` runs in CI)")
    func exampleDomainIsInSync() throws {
        var log = DiagnosticLog()
        let config = ProjectConfig.load(projectDirectory: Revisions.root, into: &log)
        let status = try MigrationStatus.check(MigrationProject(config: config), into: &log)
        #expect(status.outcome == .inSync, "\(status.problems.map(\.description)) \(status.pendingChanges) \(log.sorted.map(\.description))")
        #expect(status.migrationCount >= 1)
    }
}
