import Foundation
import TaxigenCore
import Testing

/// The migrations `migrate new` writes for the fixture revisions are committed in `Fixtures/migrations`,
/// reviewed like any golden output; squawk lints them and the offline scripts.
@Suite("Golden migrations and squawk")
struct GoldenMigrationTests {
    /// Every file under a directory, relative path → text.
    private func files(under directory: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for relative in try LocalFileSystem().files(under: directory) {
            files[relative] = try String(contentsOfFile: directory + "/" + relative, encoding: .utf8)
        }
        return files
    }

    @Test("the migrations written for rev1…rev8 equal the committed ones (TAXIGEN_UPDATE_GOLDEN=1 rewrites them)")
    func golden() throws {
        let (_, directory) = try Revisions.history()
        let written = try files(under: directory)
        if ProcessInfo.processInfo.environment["TAXIGEN_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(atPath: Revisions.golden)
            try FileManager.default.copyItem(atPath: directory, toPath: Revisions.golden)
        }
        let committed = try files(under: Revisions.golden)
        #expect(Set(written.keys) == Set(committed.keys))
        for (path, text) in written.sorted(by: { $0.key < $1.key }) {
            #expect(committed[path] == text, "\(path) differs from Fixtures/migrations (review, then TAXIGEN_UPDATE_GOLDEN=1)")
        }
        #expect(try files(under: try Revisions.history().directory) == written, "writing them again gives the same bytes")
        let notes = written.filter { $0.key.hasSuffix("/IRREVERSIBLE") }.keys.map { Int($0.prefix(4))! }
        #expect(Set(notes) == Revisions.irreversible)
    }

    @Test("squawk passes the migrations and the offline scripts (rules excluded as in docs/migrations.md)")
    func squawk() async throws {
        let squawk = try #require(ProcessInfo.processInfo.environment["TAXIGEN_SQUAWK"].flatMap { $0.isEmpty ? nil : $0 },
                                  "TAXIGEN_SQUAWK is not set: run through scripts/with-test-databases")
        let (history, directory) = try Revisions.history()
        let up = directory + "/upgrade.sql"
        let down = directory + "/downgrade.sql"
        try OfflineScript(history: history, from: 0, to: Revisions.count).text().write(toFile: up, atomically: true, encoding: .utf8)
        try OfflineScript(history: history, from: 7, to: 5).text().write(toFile: down, atomically: true, encoding: .utf8)
        let sqlFiles = try LocalFileSystem().files(under: directory).filter { $0.hasSuffix(".sql") }.map { directory + "/" + $0 }
        #expect(sqlFiles.count == 2 * Revisions.count - Revisions.irreversible.count + 2)
        let run = try await ProcessRun.run(squawk, ["--reporter", "gcc", "--exclude", "prefer-text-field,prefer-bigint-over-int"] + sqlFiles)
        #expect(run.status == 0, "squawk:\n\(run.output)")
    }
}
