import Foundation

/// `taxigen migrate seal`: records the checksums of the last migration's hand-written data steps
/// (`data/<name>.sql`) after they are written, in its own `checksums.txt`.
///
/// Only data steps may differ from the recorded checksums, only in the last migration (one that others
/// follow is committed history), and the data steps must read as units; every other problem of the
/// history refuses it, so a generated file edited by hand is never sealed. A data step edited after the
/// migration was applied somewhere is still found: the ledger holds the checksum it was applied with.
public struct MigrationSeal: Sendable {
    /// The migration sealed.
    public let migration: Migration
    /// The data steps whose checksums change.
    public let changed: [String]
    /// The new lines of its `checksums.txt`.
    let checksums: Checksums

    /// Plans the seal of the last migration; throws `HistoryError` for a refusal.
    public static func prepare(_ project: MigrationProject) throws -> MigrationSeal {
        let (history, problems) = try MigrationHistory.loadAllowingProblems(path: project.path, shownAs: project.directory, fileSystem: project.fileSystem)
        guard let head = history.head else {
            throw MigrationError("there is no migration to seal", hint: "`taxigen migrate new --data NAME` adds a migration with a data step")
        }
        let prefix = (project.directory as NSString).appendingPathComponent(head.id) + "/"
        func isHeadDataStep(_ problem: HistoryProblem) -> Bool {
            problem.path.hasPrefix(prefix) && DataStep.isFileName(String(problem.path.dropFirst(prefix.count)))
        }
        let blocking = problems.filter { problem in
            !(isHeadDataStep(problem) && (problem.kind == .edited || (problem.kind == .files && problem.message.hasPrefix("is not in"))))
        }
        if !blocking.isEmpty { throw HistoryError(problems: blocking) }
        let steps = head.up.units.compactMap(\.dataStep)
        guard !steps.isEmpty else {
            throw MigrationError("\(head.id) has no data step: there is nothing to seal",
                                 hint: "generated files are never edited; `taxigen migrate new --data NAME` adds a migration with a data step")
        }
        var checksums = Checksums(entries: history.checksums.entries(of: head.id))
        var changed: [String] = []
        let folder = (project.path as NSString).appendingPathComponent(head.id)
        for step in steps {
            let bytes = try project.fileSystem.contents(of: (folder as NSString).appendingPathComponent(step)) ?? []
            let digest = Checksums.digest(of: bytes)
            let key = "\(head.id)/\(step)"
            if checksums.entries[key] != digest {
                checksums.entries[key] = digest
                changed.append(step)
            }
        }
        let sealed = Migration(id: head.id, number: head.number, parent: head.parent, storedSnapshot: head.storedSnapshot, up: head.up, down: head.down,
                               irreversibleNote: head.irreversibleNote, checksum: checksums.migrationChecksum(head.id), squashed: head.squashed)
        return MigrationSeal(migration: sealed, changed: changed, checksums: checksums)
    }

    /// Writes the migration's `checksums.txt` (through a temporary file renamed into place).
    public func write(_ project: MigrationProject) throws {
        let folder = (project.path as NSString).appendingPathComponent(migration.id) as NSString
        let partial = folder.appendingPathComponent("." + Checksums.fileName + ".partial")
        try project.fileSystem.write(Array(checksums.text(of: migration.id).utf8), to: partial)
        try project.fileSystem.rename(partial, to: folder.appendingPathComponent(Checksums.fileName))
    }
}
