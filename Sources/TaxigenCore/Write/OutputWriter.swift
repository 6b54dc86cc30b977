/// The write stage: replaces the owned files of an output directory with a new set, all or nothing.
///
/// An output directory that does not exist yet is built whole beside it (`Generated.taxigen-new`) and
/// renamed into place in one step; a run interrupted before that leaves no output directory, and the next
/// run removes the partial one.
///
/// In an existing directory, new contents are first staged beside their targets (`name.taxigen-new`). Only
/// when every file is staged is the journal committed; then each staged file is renamed over its target and
/// stale owned files are removed.
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
        guard fileSystem.directoryExists(root) else { return try writeNewDirectory(files) }
        try recover()
        let previous = Set(try ownedPaths())
        var all = files
        all.append(Manifest.file(listing: files))

        var summary = Summary()
        var changed: [OutputFile] = []
        // Files are compared, and later staged, on every core; the outcome is collected in file order.
        let comparisons = all.concurrentMap { file in
            Result { try fileSystem.contents(of: path(file.path)).map { file.hasContents($0) } ?? false }
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

        // The journal is written first, under its staging name: if the run stops while staging, the next
        // run knows from it which staged files to remove, without walking the tree. Renaming it into place
        // is the point after which the run completes, if need be by the next run.
        let staged = changed.map { path($0.path) + Self.stagingSuffix }
        let pendingJournal = path(Self.journalName) + Self.stagingSuffix
        do {
            let journal = (changed.map { "write \($0.path)" } + stale.map { "delete \($0)" }).joined(separator: "\n") + "\n"
            try fileSystem.write(Array(journal.utf8), to: pendingJournal)
            let writes = zip(changed, staged).map { ($0, $1) }.concurrentMap { file, target in
                Result { try fileSystem.write(file.bytes, to: target) }
            }
            for write in writes { try write.get() }
            try fileSystem.rename(pendingJournal, to: path(Self.journalName))
        } catch {
            for target in staged { try? fileSystem.remove(target) }
            try? fileSystem.remove(pendingJournal)
            throw error
        }
        try replayJournal()
        summary.written = changed.map(\.path).filter { $0 != Manifest.fileName }
        summary.deleted = stale
        return summary
    }

    /// The directory a new output directory is built in before it is renamed into place.
    private var newDirectory: String {
        (root.hasSuffix("/") ? String(root.dropLast()) : root) + Self.stagingSuffix
    }

    /// Builds an output directory that does not exist yet beside it, then renames it into place.
    private func writeNewDirectory(_ files: [OutputFile]) throws -> Summary {
        let staging = newDirectory
        try fileSystem.removeTree(staging)
        var all = files
        all.append(Manifest.file(listing: files))
        do {
            let writes = all.concurrentMap { file in
                Result { try fileSystem.write(file.bytes, to: staging + "/" + file.path) }
            }
            for write in writes { try write.get() }
            try fileSystem.rename(staging, to: root)
        } catch {
            try? fileSystem.removeTree(staging)
            throw error
        }
        return Summary(written: files.map(\.path), unchanged: 0, deleted: [])
    }

    /// Completes a run that was interrupted after its journal was written, and removes staged files of a
    /// run that was interrupted before (and a new output directory that was never renamed into place).
    public func recover() throws {
        try fileSystem.removeTree(newDirectory)
        if try fileSystem.contents(of: path(Self.journalName)) != nil {
            try replayJournal()
        }
        let pendingJournal = path(Self.journalName) + Self.stagingSuffix
        if let bytes = try fileSystem.contents(of: pendingJournal) {
            for entry in Self.entries(in: bytes) where entry.action == "write" {
                try fileSystem.remove(path(entry.path) + Self.stagingSuffix)
            }
            try fileSystem.remove(pendingJournal)
        }
    }

    /// The `write PATH` and `delete PATH` lines of a journal.
    private static func entries(in bytes: [UInt8]) -> [(action: String, path: String)] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    private func replayJournal() throws {
        guard let bytes = try fileSystem.contents(of: path(Self.journalName)) else { return }
        var writes: [String] = [], deletes: [String] = []
        for entry in Self.entries(in: bytes) {
            switch entry.action {
            case "write": writes.append(entry.path)
            case "delete": deletes.append(entry.path)
            default: continue
            }
        }
        // Each staged file replaces its own target, so the renames run on every core. A file renamed by
        // an interrupted earlier replay has no staged copy left and is skipped.
        let renames = writes.concurrentMap { relative in
            Result {
                let target = path(relative)
                try fileSystem.renameIfPresent(target + Self.stagingSuffix, to: target)
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
