import Foundation

/// `taxigen migrate split-checksums`: moves the lines of the legacy top-level `checksums.txt` (written by
/// taxigen before each migration had its own) into each migration's `<id>/checksums.txt` and removes the
/// top-level file. The lines are moved, never recomputed, so an edit made before the split is still
/// detected after it, and every migration's checksum (which the ledger records) stays the same.
public enum ChecksumSplit {
    /// Splits the legacy file of a project; returns the migrations that got their own file (empty when
    /// there is no legacy file). Refuses, writing nothing, a history with problems other than not being
    /// linear (an edited or missing file is restored first; a fork is mended by `migrate rebase`, before
    /// or after).
    @discardableResult
    public static func split(_ project: MigrationProject) throws -> [String] {
        let fileSystem = project.fileSystem
        let (history, problems) = try MigrationHistory.loadAllowingProblems(path: project.path, shownAs: project.directory, fileSystem: fileSystem)
        let blocking = problems.filter { $0.kind != .nonLinear }
        if !blocking.isEmpty { throw HistoryError(problems: blocking) }
        let legacyPath = (project.path as NSString).appendingPathComponent(Checksums.fileName)
        guard try fileSystem.contents(of: legacyPath) != nil else { return [] }
        let ids = history.legacyChecksumIDs.sorted()
        for id in ids {
            let path = (project.path as NSString).appendingPathComponent("\(id)/\(Checksums.fileName)")
            try fileSystem.write(Array(history.checksums.text(of: id).utf8), to: path + ".partial")
            try fileSystem.rename(path + ".partial", to: path)
        }
        try fileSystem.remove(legacyPath)
        return ids
    }
}
