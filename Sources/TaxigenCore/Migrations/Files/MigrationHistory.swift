import Foundation

/// The committed migrations of a project, verified: every file matches its `checksums.txt`, every migration
/// follows the one before it (no two follow the same one), and every file reads.
public struct MigrationHistory: Sendable {
    /// The migrations directory as the user names it (for messages).
    public let directory: String
    /// The migrations in order, first to last.
    public let migrations: [Migration]
    /// The checksums of every file.
    public let checksums: Checksums
    /// The migrations whose checksums are only in the legacy top-level `checksums.txt` (not in their own).
    public var legacyChecksumIDs: Set<String> = []

    /// The last migration, if any.
    public var head: Migration? { migrations.last }

    /// The schema after the last migration (empty before the first).
    public var headSnapshot: SchemaSnapshot {
        get throws { try head?.snapshot ?? .empty }
    }

    /// Decodes every migration's snapshot, on every core, and reports those that cannot be read (a file
    /// edited by hand with its checksums recomputed): `migrate check` reads every file; other commands
    /// decode a snapshot only when they need it.
    public func unreadableSnapshots() -> [HistoryProblem] {
        let directory = self.directory
        return migrations.concurrentMap { migration -> HistoryProblem? in
            do {
                _ = try migration.snapshot
                return nil
            } catch {
                return HistoryProblem(kind: .malformed, path: (directory as NSString).appendingPathComponent("\(migration.id)/\(Migration.File.snapshot)"),
                                      message: "cannot be read: \(HistoryLoader.reason(error))", hint: nil)
            }
        }.compactMap { $0 }
    }

    /// A revision given on the command line as a position: 0 for `base` (no migration), the count for
    /// `head`, else the position of the migration with that id or number (`0003`, `3`, `0003_add_x`).
    public func position(of revision: String) -> Int? {
        switch revision {
        case "base": return 0
        case "head": return migrations.count
        default:
            if let index = migrations.firstIndex(where: { $0.id == revision }) { return index + 1 }
            if let number = Int(revision), let index = migrations.firstIndex(where: { $0.number == number }) { return index + 1 }
            return nil
        }
    }

    /// Loads and verifies the migrations in `path` (resolved) shown as `directory`; a directory that does not
    /// exist is an empty history.
    public static func load(path: String, shownAs directory: String, fileSystem: any FileSystem = LocalFileSystem()) throws -> MigrationHistory {
        let (history, problems) = try loadAllowingProblems(path: path, shownAs: directory, fileSystem: fileSystem)
        guard problems.isEmpty else { throw HistoryError(problems: problems) }
        return history
    }

    /// Loads the migrations that can be read and every problem, sorted by path, without refusing: for
    /// `migrate rebase`, which mends a history that is not linear, and `migrate history`, which shows it.
    public static func loadAllowingProblems(path: String, shownAs directory: String,
                                            fileSystem: any FileSystem = LocalFileSystem()) throws -> (MigrationHistory, [HistoryProblem]) {
        var loader = HistoryLoader(root: path, shown: directory, fileSystem: fileSystem)
        let (migrations, checksums, legacy) = try loader.load()
        var history = MigrationHistory(directory: directory, migrations: migrations, checksums: checksums)
        history.legacyChecksumIDs = legacy
        return (history, loader.problems.sorted { ($0.path, $0.message) < ($1.path, $1.message) })
    }

    /// Creates a history from migrations already verified (those of another history).
    public init(directory: String, migrations: [Migration], checksums: Checksums) {
        self.directory = directory
        self.migrations = migrations
        self.checksums = checksums
    }
}
