import Foundation
import TaxigenCore
import Testing

/// The fixture revisions `Fixtures/rev1` … `rev8`: eight versions of a small domain that, one after the
/// other, make every kind of change a migration handles. Each revision's comment in `Fixtures/README.md`
/// says what it changes.
enum Revisions {
    /// The repository root, found from this file's path.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, MigrationTests, Tests, root
        return url.path
    }()

    /// The fixtures directory (the project directory the revisions' specs are read from).
    static let fixtures = root + "/Tests/MigrationTests/Fixtures"

    /// The committed migrations that `taxigen migrate new` writes for the revisions, reviewed.
    static let golden = fixtures + "/migrations"

    /// How many revisions there are.
    static let count = 8

    /// The message each revision's migration is written with.
    static let messages = [
        "Initial schema",
        "Add phone, tier and token to customers; add invoices",
        "Rename email and note; widen name and score",
        "Index and nullability changes",
        "Drop legacies and customers.phone; grow embeddings",
        "Customer data and joined_on; invoice index",
        "Bound remarks; invoice payment; l2 embeddings",
        "Tier required; finer prices",
    ]

    /// The revisions whose migration is irreversible.
    static let irreversible: Set<Int> = [5, 8]

    /// The config of revision `revision` with migrations in `migrations` (absolute).
    static func config(_ revision: Int, migrations: String, fixtures: String = fixtures) -> ProjectConfig {
        var config = ProjectConfig(projectDirectory: fixtures)
        config.specsDirectory = "rev\(revision)"
        config.migrationsDirectory = migrations
        return config
    }

    /// The checked schema of a revision.
    static func schema(_ revision: Int, fixtures: String = fixtures) throws -> Schema {
        var log = DiagnosticLog()
        let schema = Generator(config: config(revision, migrations: "/nonexistent", fixtures: fixtures)).loadSchema(into: &log)
        return try #require(schema, "rev\(revision) does not check:\n\(log.sorted.map(\.description).joined(separator: "\n"))")
    }

    /// `schema.sql` of a revision, as `taxigen generate` writes it: the fresh database the migrations must equal.
    static func freshDDL(_ revision: Int, fixtures: String = fixtures) throws -> String {
        let generator = Generator(config: config(revision, migrations: "/nonexistent", fixtures: fixtures))
        let file = try #require(generator.plan(try schema(revision, fixtures: fixtures)).first { $0.path == "SQL/schema.sql" })
        return try generator.render([file], with: TemplateSet.defaults())[0].contents
    }

    /// The directory this test process keeps its temporary files in; those of test processes that have
    /// ended are removed when it is first used (a test cannot clean up after the last one).
    static let temporaryRoot: String = {
        let base = FileManager.default.temporaryDirectory.path
        let prefix = "taxigen-migration-tests-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where entry.hasPrefix(prefix) {
            if let pid = Int32(entry.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: base + "/" + entry)
            }
        }
        return base + "/" + prefix + String(getpid())
    }()

    /// A new, empty temporary directory.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = temporaryRoot + "/\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes the migrations of revisions 1…`last` into `directory` as `taxigen migrate new` does, one
    /// revision after the other, and returns the verified history.
    @discardableResult
    static func writeMigrations(upTo last: Int = count, into directory: String, fixtures: String = fixtures) throws -> MigrationHistory {
        for revision in 1...last {
            let project = MigrationProject(config: config(revision, migrations: directory, fixtures: fixtures))
            var log = DiagnosticLog()
            let migration = try NewMigration.prepare(history: try project.history(), schema: try schema(revision, fixtures: fixtures),
                                                     message: messages[revision - 1], ddl: try project.freshDDL(), into: &log)
            #expect(!log.hasErrors, "rev\(revision): \(log.sorted.map(\.description).joined(separator: "\n"))")
            let planned = try #require(migration, "rev\(revision) changes nothing")
            try planned.write(to: directory, history: try project.history())
        }
        return try MigrationProject(config: config(last, migrations: directory, fixtures: fixtures)).history()
    }

    /// A copy of the revisions without their vector column (every line naming `embedding`), for
    /// PostgreSQL 15, which has no pgvector here.
    static func withoutVectors() throws -> String {
        let root = try temporaryDirectory("novector")
        for revision in 1...count {
            let source = fixtures + "/rev\(revision)"
            try FileManager.default.createDirectory(atPath: root + "/rev\(revision)", withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: source) {
                let text = try String(contentsOfFile: source + "/" + file, encoding: .utf8)
                let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("embedding:") }
                try kept.joined(separator: "\n").write(toFile: root + "/rev\(revision)/" + file, atomically: true, encoding: .utf8)
            }
        }
        return root
    }

    /// The migrations of every revision in a new temporary directory.
    static func history() throws -> (history: MigrationHistory, directory: String) {
        let directory = try temporaryDirectory("migrations")
        return (try writeMigrations(into: directory), directory)
    }
}
