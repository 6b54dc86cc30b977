/// The write stage: replaces the owned files of an output directory with a new set, all or nothing.
///
/// New contents are first staged beside their targets (`name.taxigen-new`). Only when every file is staged
/// is a journal written; then each staged file is renamed over its target and stale owned files are removed.
/// A failure while staging removes the staged files and leaves the previous tree untouched. A run
/// interrupted after the journal was written is completed by the next run, which replays the journal.
/// Files whose bytes do not change are never written, so their modification times stay put.
public struct OutputWriter: Sendable {
    /// What a write did.
    public struct Summary: Sendable, Hashable {
        /// Files written because they were new or changed.
        public var written: [String] = []
        /// Files left alone because their bytes were already right.
        public var unchanged: Int = 0
        /// Stale owned files removed.
        public var deleted: [String] = []
    }

    static let stagingSuffix = ".taxigen-new"
    static let journalName = ".taxigen-journal"

    /// The output directory.
    public let root: String
    /// The file system to write through.
    public let fileSystem: any FileSystem

    /// Creates a writer for an output directory.
    public init(root: String, fileSystem: any FileSystem = LocalFileSystem()) {
        self.root = root
        self.fileSystem = fileSystem
    }

    private func path(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// The paths the current manifest lists (empty when there is none).
    public func ownedPaths() throws -> [String] {
        guard let bytes = try fileSystem.contents(of: path(Manifest.fileName)) else { return [] }
        return Manifest.paths(in: String(decoding: bytes, as: UTF8.self))
    }

    /// Makes the output directory hold exactly `files` among the files taxigen owns.
    public func write(_ files: [OutputFile]) throws -> Summary {
        try recover()
        let previous = Set(try ownedPaths())
        var all = files
        all.append(OutputFile(path: Manifest.fileName, contents: Manifest.text(for: files.map(\.path))))

        var summary = Summary()
        var changed: [OutputFile] = []
        // Files are compared, and later staged, on every core; the outcome is collected in file order.
        let comparisons = all.concurrentMap { file in
            Result { try fileSystem.contents(of: path(file.path)) == Array(file.contents.utf8) }
        }
        for (file, comparison) in zip(all, comparisons) {
            if try comparison.get() {
                if file.path != Manifest.fileName { summary.unchanged += 1 }
            } else {
                changed.append(file)
            }
        }
        let current = Set(files.map(\.path))
        var stale: [String] = []
        for owned in previous.subtracting(current).sorted() where try fileSystem.contents(of: path(owned)) != nil {
            stale.append(owned)
        }
        guard !changed.isEmpty || !stale.isEmpty else { return summary }

        let staged = changed.map { path($0.path) + Self.stagingSuffix }
        do {
            let writes = zip(changed, staged).map { ($0, $1) }.concurrentMap { file, target in
                Result { try fileSystem.write(Array(file.contents.utf8), to: target) }
            }
            for write in writes { try write.get() }
            let journal = (changed.map { "write \($0.path)" } + stale.map { "delete \($0)" }).joined(separator: "\n") + "\n"
            try fileSystem.write(Array(journal.utf8), to: path(Self.journalName) + Self.stagingSuffix)
            try fileSystem.rename(path(Self.journalName) + Self.stagingSuffix, to: path(Self.journalName))
        } catch {
            for target in staged { try? fileSystem.remove(target) }
            try? fileSystem.remove(path(Self.journalName) + Self.stagingSuffix)
            throw error
        }
        try replayJournal()
        summary.written = changed.map(\.path).filter { $0 != Manifest.fileName }
        summary.deleted = stale
        return summary
    }

    /// Completes a run that was interrupted after its journal was written, and removes staged files of a
    /// run that was interrupted before.
    public func recover() throws {
        if try fileSystem.contents(of: path(Self.journalName)) != nil {
            try replayJournal()
        }
        for file in try fileSystem.files(under: root) where file.hasSuffix(Self.stagingSuffix) {
            try fileSystem.remove(path(file))
        }
    }

    private func replayJournal() throws {
        guard let bytes = try fileSystem.contents(of: path(Self.journalName)) else { return }
        var writes: [String] = [], deletes: [String] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "write": writes.append(parts[1])
            case "delete": deletes.append(parts[1])
            default: continue
            }
        }
        // Each staged file replaces its own target, so the renames run on every core. A file renamed by
        // an interrupted earlier replay has no staged copy left and is skipped.
        let renames = writes.concurrentMap { relative in
            Result {
                let target = path(relative)
                _ = try fileSystem.renameIfPresent(target + Self.stagingSuffix, to: target)
            }
        }
        for rename in renames { try rename.get() }
        for relative in deletes {
            try fileSystem.remove(path(relative))
            removeEmptyParents(of: relative)
        }
        try fileSystem.remove(path(Self.journalName))
    }

    private func removeEmptyParents(of relative: String) {
        var components = relative.split(separator: "/").dropLast()
        while !components.isEmpty {
            fileSystem.removeDirectoryIfEmpty(path(components.joined(separator: "/")))
            components = components.dropLast()
        }
    }
}
