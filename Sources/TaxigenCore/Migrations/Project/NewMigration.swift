import Foundation

/// `taxigen migrate new`: the next migration, planned from the difference between the last snapshot and
/// the specs, and its files.
public struct NewMigration: Sendable {
    /// Its id (`0002_add_customer_phone`).
    public let id: String
    /// The id of the migration it follows.
    public let parent: String?
    /// Its plan.
    public let plan: MigrationPlan
    /// Its files: name → text (`up.sql`, `down.sql` or `IRREVERSIBLE`, `snapshot.json`); `checksums.txt`
    /// is added when it is written.
    public let files: [String: String]

    /// Plans the next migration; nil when the specs change nothing the database sees. Refusals (an
    /// unannotated rename, a lossy type change) are errors in `log`, and then nothing is planned. `slug`
    /// replaces the one made from the message (`migrate rebase` keeps a migration's name).
    ///
    /// With `dataStep` (`migrate new --data NAME`), the migration also gets a hand-written unit,
    /// `data/NAME.sql`, after its catalog changes and generated backfills (see `DataStep`); then it is
    /// written even when the specs change nothing.
    public static func prepare(history: MigrationHistory, schema: Schema, message: String, ddl: FreshDDL,
                               slug: String? = nil, dataStep: DataStep.Request? = nil, into log: inout DiagnosticLog) throws -> NewMigration? {
        let snapshot = SchemaSnapshot(schema: schema)
        let diff = SchemaDiffer.diff(from: try history.headSnapshot, to: schema, snapshot: snapshot, into: &log)
        if log.hasErrors || (diff.isEmpty && dataStep == nil) { return nil }
        var plan = diff.isEmpty ? MigrationPlan() : try MigrationPlanner(diff: diff, schema: schema, ddl: ddl).plan()
        let number = (history.head?.number ?? 0) + 1
        let id = slug.map { Migration.makeID(number: number, slug: $0) } ?? Migration.makeID(number: number, message: message)
        let parent = history.head?.id
        var dataFiles: [String: String] = [:]
        if let dataStep {
            dataFiles = try addDataStep(dataStep, to: &plan, id: id, schema: schema, ddl: ddl)
        }
        var files = dataFiles.merging([
            Migration.File.up: MigrationFileText.up(id: id, message: message, parent: parent, plan: plan),
            Migration.File.snapshot: try SnapshotFile(id: id, parent: parent,
                                                      schema: diff.resultingSnapshot(from: try history.headSnapshot, to: schema, spec: snapshot))
                .encoded(after: history.head?.storedSnapshot),
        ]) { _, new in new }
        if plan.isReversible {
            files[Migration.File.down] = MigrationFileText.down(id: id, message: message, plan: plan)
        } else {
            files[Migration.File.irreversible] = MigrationFileText.irreversible(id: id, plan: plan)
        }
        return NewMigration(id: id, parent: parent, plan: plan, files: files)
    }

    /// Adds a data step's unit to a plan (after the catalog changes and the generated backfills, with the
    /// touch function refreshed first, as before a backfill) and returns its file.
    private static func addDataStep(_ request: DataStep.Request, to plan: inout MigrationPlan, id: String,
                                    schema: Schema, ddl: FreshDDL) throws -> [String: String] {
        let snapshot = SchemaSnapshot(schema: schema)
        guard Migration.isSlug(request.name) else {
            throw MigrationError("--data \(request.name): a data step's name is lowercase ASCII words joined by `_` (backfill_phone_digits)")
        }
        var table: TableSnapshot?
        if let name = request.batchedTable {
            table = snapshot.table(named: name) ?? schema.entities.first { $0.name == name }.flatMap { snapshot.table(named: $0.tableName) }
            guard table != nil else {
                throw MigrationError("--batched \(name): no such table after this migration",
                                     hint: "the tables are \(snapshot.tables.map(\.name).joined(separator: ", "))")
            }
        }
        let position = plan.up.isEmpty ? 0 : plan.dataStepPosition
        plan.up.insert(DataStep.unit(DataStep.Request(name: request.name, batchedTable: table?.name)), at: position)
        if snapshot.functions.contains(SQLStatements.touchFunction) {
            let function = try ddl.touchFunction()
            let refresh = MigrationStatement(function, comments: [
                "The touch function as schema.sql has it: it leaves version and updated_at alone while \(AlterSQL.maintenanceSetting) is on,",
                "as it is while the data step runs (a database created by an older taxigen has a function that does not).",
            ])
            if let first = plan.up.first, first.kind == .transaction {
                if !first.statements.contains(where: { $0.sql.hasPrefix("CREATE OR REPLACE FUNCTION \(SQLStatements.touchFunction)(") }) {
                    plan.up[0].statements.insert(refresh, at: 0)
                }
            } else {
                plan.up.insert(MigrationUnit(kind: .transaction, purpose: "the touch function, in one transaction", statements: [refresh]), at: 0)
            }
        }
        if plan.down.isEmpty, plan.isReversible {
            plan.down = [MigrationUnit(kind: .transaction, purpose: "nothing: the data step is not undone", statements: [
                MigrationStatement("SELECT 1", comments: ["The data step \(request.name) is not undone: the rows keep what it wrote."]),
            ])]
        }
        plan.summary.append("data step \(request.name) (hand-written: \(DataStep.file(named: request.name))\(table.map { ", batched by the key of \($0.name)" } ?? ""))")
        return [DataStep.file(named: request.name): DataStep.template(request, migration: id, table: table)]
    }

    /// The lines of its own `checksums.txt`.
    public var checksums: Checksums {
        Checksums(entries: Dictionary(uniqueKeysWithValues: files.map { ("\(id)/\($0.key)", Checksums.digest(of: Array($0.value.utf8))) }))
    }

    /// Writes the migration's directory with its own `checksums.txt`: the files go to a hidden directory
    /// first, which is renamed into place. No file outside the new directory is touched (the legacy
    /// top-level `checksums.txt` of an older project is left as it is), so two branches that each add a
    /// migration merge without a conflict.
    public func write(to directory: String, history: MigrationHistory, fileSystem: any FileSystem = LocalFileSystem()) throws {
        let target = (directory as NSString).appendingPathComponent(id)
        guard try fileSystem.files(under: target).isEmpty else {
            throw MigrationError("\(history.directory)/\(id) exists already")
        }
        let staging = try stage(in: directory, fileSystem: fileSystem)
        try fileSystem.rename(staging, to: target)
    }

    /// Writes the files and `checksums.txt` into the hidden directory `.<id>.partial` and returns its path.
    func stage(in directory: String, fileSystem: any FileSystem) throws -> String {
        let staging = (directory as NSString).appendingPathComponent(".\(id).partial")
        try fileSystem.removeTree(staging)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try fileSystem.write(Array(text.utf8), to: (staging as NSString).appendingPathComponent(name))
        }
        try fileSystem.write(Array(checksums.text(of: id).utf8), to: (staging as NSString).appendingPathComponent(Checksums.fileName))
        return staging
    }
}
