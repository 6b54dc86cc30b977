/// `migrations:` in `taxigen.yaml`: the migrations directory (`migrations: db/migrations`), or a mapping
/// `{ directory: db/migrations, zero_downtime: true }`.
///
/// With `zero_downtime: true`, `migrate new` writes every change so that the release still running keeps
/// working while the migration runs and until the next release is out: a `renamed_from` becomes an expand
/// (a new column kept in step with the old one by a trigger, backfilled in batches) followed by a contract in
/// a later migration, and a field may be removed only after a migration that had it `deprecated: true`.
public struct MigrationsSetting: Sendable, Hashable {
    /// The keys of the mapping form.
    static let keys = ["directory", "zero_downtime"]

    /// The directory, when given.
    public var directory: String?
    /// Whether renames and drops go through expand and contract (see the type's documentation).
    public var zeroDowntime = false

    /// Reads the value of `migrations:`; nil (with every problem reported) when it is not a valid setting.
    static func read(_ node: SyntaxNode, into log: inout DiagnosticLog) -> MigrationsSetting? {
        if case .scalar(let scalar) = node, !scalar.isNull {
            return MigrationsSetting(directory: scalar.text)   // an empty path is reported with the other folder settings
        }
        guard case .mapping(let mapping) = node else {
            log.error("'migrations' in \(ProjectConfig.fileName) must be a directory or a mapping, not \(node.kindDescription)",
                      at: node.location, hint: "write `migrations: { directory: migrations, zero_downtime: true }`")
            return nil
        }
        let reader = MappingReader(mapping: mapping, subject: "migrations")
        reader.checkKeys(known: keys, into: &log)
        var setting = MigrationsSetting()
        if reader.has("directory") {
            guard let directory = reader.string("directory", into: &log) else { return nil }
            setting.directory = directory
        }
        if reader.has("zero_downtime") {
            guard let flag = reader.bool("zero_downtime", into: &log) else { return nil }
            setting.zeroDowntime = flag
        }
        return setting
    }
}
