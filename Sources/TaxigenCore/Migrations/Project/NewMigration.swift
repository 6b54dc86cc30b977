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
    /// Its files: name → text (`up.sql`, `down.sql` or `IRREVERSIBLE`, `snapshot.json`).
    public let files: [String: String]

    /// Plans the next migration; nil when the specs change nothing the database sees. Refusals (an
    /// unannotated rename, a lossy type change) are errors in `log`, and then nothing is planned.
    public static func prepare(history: MigrationHistory, schema: Schema, message: String, ddl: FreshDDL,
                               into log: inout DiagnosticLog) throws -> NewMigration? {
        let diff = SchemaDiffer.diff(from: history.headSnapshot, to: schema, into: &log)
        if log.hasErrors || diff.isEmpty { return nil }
        let plan = try MigrationPlanner(diff: diff, schema: schema, ddl: ddl).plan()
        let id = Migration.makeID(number: (history.head?.number ?? 0) + 1, message: message)
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

    /// Writes the migration's directory and the new `checksums.txt`: the files go to a hidden directory
    /// first, which is renamed into place, then `checksums.txt` is replaced atomically.
    public func write(to directory: String, history: MigrationHistory, fileSystem: any FileSystem = LocalFileSystem()) throws {
        let target = (directory as NSString).appendingPathComponent(id)
        guard try fileSystem.files(under: target).isEmpty else {
            throw MigrationError("\(history.directory)/\(id) exists already")
        }
        let staging = (directory as NSString).appendingPathComponent(".\(id).partial")
        try fileSystem.remove(staging)
        var checksums = history.checksums
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(text.utf8)
            try fileSystem.write(bytes, to: (staging as NSString).appendingPathComponent(name))
            checksums.entries["\(id)/\(name)"] = Checksums.digest(of: bytes)
        }
        try fileSystem.rename(staging, to: target)
        let checksumsPath = (directory as NSString).appendingPathComponent(Checksums.fileName)
        try fileSystem.write(Array(checksums.text.utf8), to: checksumsPath + ".partial")
        try fileSystem.rename(checksumsPath + ".partial", to: checksumsPath)
    }
}
