import Foundation

/// `taxigen migrate baseline`: the first migration of a database taxigen did not make, recorded as applied
/// without running it, and the migration that brings that database to the specs.
///
/// The baseline (`0001_baseline`) holds the adopted tables as they are: its snapshot is what the catalog
/// says (in taxigen's spelling where the type is the same), its `up.sql` the DDL that creates them so, for
/// a fresh database that starts from it, and it is irreversible. Its ledger row is written at once, as
/// complete, in one transaction with the ledger's creation, so the database is never migrated by it. The
/// adoption migration after it is planned from the baseline's snapshot to the specs by `AdoptionPlanner`
/// and left pending: review it, then `migrate apply` (development, staging) or `migrate sql` (production)
/// runs it like any other. Tables without a spec are not adopted: they stay as they are, outside the snapshots.
public struct Baseline: Sendable {
    /// The id of the baseline migration.
    public static let id = "0001_baseline"

    /// The baseline, then the adoption migration when the specs differ from the database.
    public let migrations: [NewMigration]
    /// The tables adopted (those with a spec).
    public let adoptedTables: [String]
    /// The tables left outside taxigen (no spec).
    public let unmanagedTables: [String]

    /// Plans both migrations; nil with errors in `log` when the differ refuses the specs against the database.
    public static func prepare(imported: ImportedSchema, schema: Schema, history: MigrationHistory, ddl: FreshDDL,
                               message: String, into log: inout DiagnosticLog) throws -> Baseline? {
        guard history.migrations.isEmpty else {
            throw MigrationError("\(history.directory) holds migrations already: a baseline starts a history",
                                 hint: "run `taxigen migrate baseline` in a project without migrations (a database that taxigen migrates already needs no baseline)")
        }
        let tableNames = Set(schema.entities.map(\.tableName))
        let adopted = imported.tables.filter { tableNames.contains($0.name) }
        let unmanaged = imported.tables.map(\.name).filter { !tableNames.contains($0) && $0 != Ledger.table && $0 != DataStep.progressTable }
        let snapshot = BaselineSnapshot.snapshot(of: adopted)

        var basePlan = MigrationPlan()
        basePlan.up = [MigrationUnit(kind: .transaction,
                                     purpose: "the adopted schema as it was (runs only on a fresh database; `migrate baseline` recorded it as applied on the adopted one)",
                                     statements: BaselineSnapshot.ddl(of: adopted, in: imported))]
        if basePlan.up[0].statements.isEmpty { basePlan.up[0].statements = [MigrationStatement("SELECT 1")] }
        basePlan.summary = adopted.map { "\($0.name): adopted as it is (\($0.columns.count) columns)" }
        basePlan.irreversibleReasons = ["it is the baseline: the database as it was before taxigen, and nothing comes before it"]
        let baseMessage = "Baseline: the tables \(adopted.isEmpty ? "(none)" : adopted.map(\.name).joined(separator: ", ")) as they were"
        let baseline = NewMigration(id: id, parent: nil, plan: basePlan, files: [
            Migration.File.up: MigrationFileText.up(id: id, message: baseMessage, parent: nil, plan: basePlan),
            Migration.File.irreversible: MigrationFileText.irreversible(id: id, plan: basePlan),
            Migration.File.snapshot: try SnapshotFile(id: id, parent: nil, schema: snapshot).encoded(),
        ])
        var migrations = [baseline]
        let adoption = AdoptionPlanner(imported: imported, adopted: adopted, schema: schema, baseline: snapshot)
        guard let plan = try adoption.plan(ddl: ddl, into: &log) else {
            return log.hasErrors ? nil : Baseline(migrations: migrations, adoptedTables: adopted.map(\.name), unmanagedTables: unmanaged)
        }
        let nextID = Migration.makeID(number: 2, message: message)
        migrations.append(NewMigration(id: nextID, parent: id, plan: plan, files: [
            Migration.File.up: MigrationFileText.up(id: nextID, message: message, parent: id, plan: plan),
            Migration.File.irreversible: MigrationFileText.irreversible(id: nextID, plan: plan),
            Migration.File.snapshot: try SnapshotFile(id: nextID, parent: id, schema: SchemaSnapshot(schema: schema)).encoded(),
        ]))
        return Baseline(migrations: migrations, adoptedTables: adopted.map(\.name), unmanagedTables: unmanaged)
    }

    /// Writes the migrations' directories.
    public func write(to project: MigrationProject) throws {
        try FileManager.default.createDirectory(atPath: project.path, withIntermediateDirectories: true)
        for migration in migrations {
            try migration.write(to: project.path, history: try project.history(), fileSystem: project.fileSystem)
        }
    }

    /// Whether a database's ledger lets a baseline be recorded: it must have no row.
    public static func checkLedger(on connection: some MigrationConnection) async throws {
        if let entries = try await Ledger.entries(on: connection), !entries.isEmpty {
            throw MigrationError("the database's ledger \(Ledger.table) has \(entries.count) row\(entries.count == 1 ? "" : "s") already: it is migrated by taxigen, and needs no baseline",
                                 hint: "`taxigen migrate status --database URL` shows what it holds")
        }
    }

    /// Records the written baseline as applied in the database's ledger, without running it: the ledger is
    /// created if needed and the row written in one transaction, under the migrators' lock, refused when
    /// the ledger has any row.
    public static func record(_ history: MigrationHistory, on connection: some MigrationConnection) async throws {
        guard let migration = history.migrations.first(where: { $0.id == id }) else {
            throw MigrationError("\(history.directory)/\(id) is missing")
        }
        try await connection.execute("BEGIN")
        do {
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Ledger.lockKey))")
            try await connection.execute(Ledger.createTable)
            if let count = try await connection.query("SELECT count(*)::text FROM \(Ledger.table)").first?.first ?? nil, count != "0" {
                throw MigrationError("the database's ledger \(Ledger.table) has \(count) rows already: it is migrated by taxigen, and needs no baseline")
            }
            try await connection.execute(Ledger.recordUp(migration, unit: migration.up.units.count))
            try await connection.execute("COMMIT")
        } catch {
            try? await connection.execute("ROLLBACK")
            throw error
        }
    }
}
