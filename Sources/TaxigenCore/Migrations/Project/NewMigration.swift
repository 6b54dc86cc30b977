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
    public static func prepare(history: MigrationHistory, schema: Schema, message: String, ddl: FreshDDL,
                               slug: String? = nil, into log: inout DiagnosticLog) throws -> NewMigration? {
        let diff = SchemaDiffer.diff(from: history.headSnapshot, to: schema, into: &log)
        if log.hasErrors || diff.isEmpty { return nil }
        let plan = try MigrationPlanner(diff: diff, schema: schema, ddl: ddl).plan()
        let number = (history.head?.number ?? 0) + 1
        let id = slug.map { Migration.makeID(number: number, slug: $0) } ?? Migration.makeID(number: number, message: message)
        let parent = history.head?.id
        var files = [
            Migration.File.up: MigrationFileText.up(id: id, message: message, parent: parent, plan: plan),
            Migration.File.snapshot: try SnapshotFile(id: id, parent: parent, schema: SchemaSnapshot(schema: schema)).encoded(),
        ]
        if plan.isReversible {
            files[Migration.File.down] = MigrationFileText.down(id: id, message: message, plan: plan)
        } else {
            files[Migration.File.irreversible] = MigrationFileText.irreversible(id: id, plan: plan)
        }
        return NewMigration(id: id, parent: parent, plan: plan, files: files)
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
