import Foundation
import PostgresNIO
import ReleaseR1Domain
import ReleaseR2Domain
import ReleaseR3Domain
@testable import TaxigenCore
import Taxiway
import Testing

/// The proof of issue 14's expand / contract: a rename across three releases with `zero_downtime`, and a
/// deprecated field dropped, with the previous release's generated repository running at every step.
///
/// `Tests/Fixtures/ThreeReleases/R1…R3` are three releases of one project: R1 has `name` and `nickname`; R2
/// renames `name` to `full_name` (`renamed_from`, an expand) and deprecates `nickname` (`default: ""`); R3
/// drops `nickname` and its migration is written with `--contract`. Their generated code is compiled as
/// ReleaseR1Domain…ReleaseR3Domain; the migrations are written here as `migrate new` writes them.
@Suite("Zero downtime: a rename across three releases")
struct ThreeReleaseTests {
    static let fixtures = Revisions.root + "/Tests/Fixtures/ThreeReleases"

    /// The migrations of the three releases, written into a temporary directory (the third with `--contract`).
    static func history() throws -> MigrationHistory {
        let directory = try Revisions.temporaryDirectory("three-releases")
        var history = try MigrationHistory.load(path: directory, shownAs: "migrations")
        for release in 1...3 {
            var log = DiagnosticLog()
            var config = ProjectConfig.load(projectDirectory: fixtures + "/R\(release)", into: &log)
            config.migrationsDirectory = directory
            #expect(config.zeroDowntime)
            let loaded = Generator(config: config).loadSchema(into: &log)
            var schema = try #require(loaded, "R\(release): \(log.sorted)")
            schema.migrationPolicy.contract = release == 3
            let project = MigrationProject(config: config)
            let migration = try NewMigration.prepare(history: history, schema: schema, message: "release \(release)",
                                                     ddl: try project.freshDDL(), into: &log)
            #expect(!log.hasErrors, "R\(release): \(log.sorted.map(\.description).joined(separator: "\n"))")
            try #require(migration).write(to: directory, history: history)
            history = try project.history()
            // The release's specs are captured: `migrate check` passes right after each migration (the
            // rename in progress is carried on, not asked for again).
            var statusLog = DiagnosticLog()
            #expect(try MigrationStatus.specs(schema, of: project, against: history, into: &statusLog) == .captured, "R\(release)")
        }
        return history
    }

    @Test("the migrations: m2 expands (new column, trigger, backfill, NOT NULL in stages, index CONCURRENTLY), all pre-deploy; m3 contracts and drops the deprecated column, post-deploy")
    func migrations() throws {
        let history = try Self.history()
        let (m2, m3) = (history.migrations[1], history.migrations[2])
        let expand = m2.up.units.map(\.body).joined(separator: "\n")
        #expect(m2.up.units.allSatisfy { $0.phase == .preDeploy })
        #expect(expand.contains("ALTER TABLE people ADD COLUMN full_name varchar(100) NULL"))
        #expect(expand.contains("CREATE TRIGGER trg_people_sync_full_name BEFORE INSERT OR UPDATE ON people"))
        #expect(expand.contains("UPDATE people SET full_name = name"))
        #expect(expand.contains("ADD CONSTRAINT ck_people_full_name_not_null CHECK (full_name IS NOT NULL) NOT VALID"))
        #expect(expand.contains("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ux_people_full_name"))
        #expect(expand.contains("ALTER TABLE people ALTER COLUMN nickname SET DEFAULT ''"))
        #expect(!expand.contains("RENAME COLUMN") && !expand.contains("DROP COLUMN"))
        #expect(m2.isReversible)
        #expect(try m2.snapshot.table(named: "people")?.column(named: "name")?.replacedBy == "full_name")
        #expect(try m2.snapshot.table(named: "people")?.column(named: "nickname")?.deprecated == true)

        #expect(m3.up.units.map(\.phase) == [.postDeploy])
        let contract = m3.up.units.map(\.body).joined(separator: "\n")
        #expect(contract.contains("DROP TRIGGER IF EXISTS trg_people_sync_full_name ON people"))
        #expect(contract.contains("DROP FUNCTION IF EXISTS taxigen_sync_people_full_name()"))
        #expect(contract.contains("ALTER TABLE people DROP COLUMN name"))
        #expect(contract.contains("ALTER TABLE people DROP COLUMN nickname"))
        #expect(m3.up.units[0].marker.contains("[post-deploy]"))
        #expect(try m3.snapshot.table(named: "people")?.column(named: "name") == nil)

        // The offline script marks the units, and a pre-deploy script ends before the contract.
        let script = try OfflineScript(history: history, from: 0, to: 3).text()
        #expect(script.contains("-- unit 1 of 1: [post-deploy]"))
        var pre = OfflineScript(history: history, from: 0, to: 3)
        pre.phase = .preDeploy
        let preText = try pre.text()
        #expect(preText.contains("stopped before \(m3.id): unit 1 of 1, which runs post-deploy"))
        #expect(!preText.contains("DROP COLUMN name"))
    }

    @Test("R1 works on m1; after m2's pre-deploy units R1 and R2 both create, read and update and see each other's writes; after m3 (post-deploy) R2 and R3 work and R1 fails", arguments: [TestServer.pg18, .pg15])
    func threeReleases(on server: TestServer) async throws {
        let history = try Self.history()
        try await server.withFreshDatabase { name in
            let database = try Database(url: try server.url(database: name))
            let client = Task { await database.run() }
            defer { client.cancel() }
            try await server.withConnection(to: name) { connection in
                let migrations = NIOMigrationConnection(connection: connection)
                var runner = MigrationRunner(history: history)
                runner.lockTimeout = "2s"
                let r1 = ReleaseR1Domain.PersonRepository(on: database)
                let r2 = ReleaseR2Domain.PersonRepository(on: database)
                let r3 = ReleaseR3Domain.PersonRepository(on: database)

                // Release 1.
                try await runner.apply(to: 1, on: migrations)
                let ada = try await r1.create(.init(name: "Ada", nickname: "ada"))
                _ = try await r1.update(id: ada.id, .init(expectedVersion: ada.version).setting(\.nickname, to: "countess"))

                // Release 2, before its deploy: m2's pre-deploy units (all of them), with R1 still running.
                runner.phase = .preDeploy
                let before = try await runner.apply(to: 3, on: migrations)
                #expect(before.applied == [history.migrations[1].id])
                #expect(before.stoppedBefore?.migration == history.migrations[2].id && before.stoppedBefore?.unit == 1)
                try await Self.bothReleasesWork(r1, r2, existing: ada.id)

                // After R2's deploy: m2 has no post-deploy unit; R3's pre-deploy part is empty too.
                runner.phase = .postDeploy
                let after = try await runner.apply(to: 2, on: migrations)
                #expect(after.applied.isEmpty && after.stoppedBefore == nil)
                runner.phase = .preDeploy
                #expect(try await runner.apply(to: 3, on: migrations).applied.isEmpty)
                try await Self.bothReleasesWork(r1, r2, existing: ada.id)

                // Release 3 deployed, R1 gone: the contract, post-deploy.
                runner.phase = .postDeploy
                #expect(try await runner.apply(to: 3, on: migrations).applied == [history.migrations[2].id])
                #expect(try await Scenario.ledger(connection).last == "\(history.migrations[2].id) 1 0 true")
                let grace = try await r3.create(.init(fullName: "Grace"))
                #expect(try await r2.get(id: grace.id).fullName == "Grace")
                let current = try await r2.get(id: ada.id)
                let moved = try await r2.update(id: ada.id, .init(expectedVersion: current.version).setting(\.fullName, to: "Ada King"))
                #expect(try await r3.get(id: ada.id).fullName == moved.fullName)
                // R1 is expected to fail: its column is gone (42703, undefined column). That is what the contract waits for.
                await #expect(throws: (any Error).self) { _ = try await r1.get(id: ada.id) }
                await #expect(throws: (any Error).self) { _ = try await r1.create(.init(name: "Late", nickname: "late")) }

                // The catalog is the one R3's schema.sql makes: no trigger, function or old column left.
                let fresh = try String(contentsOfFile: Self.fixtures + "/R3/Generated/SQL/schema.sql", encoding: .utf8)
                let expected = try await server.withFreshDatabase { other in
                    try await server.withConnection(to: other) { fresh_ in
                        for statement in SQLScript(fresh).statements { try await fresh_.run(statement.text) }
                        return try await CatalogState.read(fresh_)
                    }
                }
                let differences = try await CatalogState.read(connection).differences(from: expected)
                #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
            }
        }
    }

    /// R1 (writes `name` and `nickname`) and R2 (writes `full_name`, ignores `nickname`) on the same rows.
    static func bothReleasesWork(_ r1: ReleaseR1Domain.PersonRepository, _ r2: ReleaseR2Domain.PersonRepository,
                                 existing: UUID) async throws {
        // The row from before the migration, backfilled.
        let old = try await r2.get(id: existing)
        #expect(try await r1.get(id: existing).name == old.fullName)
        // R1 writes, R2 reads under its own name.
        let tag = UUID().uuidString.prefix(8)
        let fromR1 = try await r1.create(.init(name: "Old \(tag)", nickname: "o"))
        #expect(try await r2.get(id: fromR1.id).fullName == "Old \(tag)")
        #expect(try await r2.find(byFullName: "Old \(tag)")?.id == fromR1.id)
        // R2 writes, R1 reads; the deprecated nickname takes its default.
        let fromR2 = try await r2.create(.init(fullName: "New \(tag)"))
        let seen = try await r1.get(id: fromR2.id)
        #expect(seen.name == "New \(tag)" && seen.nickname == "")
        // Updates, each way.
        let renamedByR1 = try await r1.update(id: fromR2.id, .init(expectedVersion: seen.version).setting(\.name, to: "New \(tag) by R1"))
        #expect(try await r2.get(id: fromR2.id).fullName == renamedByR1.name)
        let current = try await r2.get(id: fromR1.id)
        let renamedByR2 = try await r2.update(id: fromR1.id, .init(expectedVersion: current.version).setting(\.fullName, to: "Old \(tag) by R2"))
        #expect(try await r1.get(id: fromR1.id).name == renamedByR2.fullName)
        #expect(try await r1.get(id: fromR1.id).nickname == "o")
    }
}
