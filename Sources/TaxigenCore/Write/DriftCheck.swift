/// Compares rendered output with what is on disk, for `generate --check`. Writes nothing.
public struct DriftCheck: Sendable {
    /// One file that is not what the specs produce.
    public struct Drift: Sendable, Hashable {
        /// How the file differs.
        public enum Kind: String, Sendable, Hashable {
            /// On disk with other contents.
            case drifted
            /// Not on disk.
            case missing
            /// Owned by taxigen, on disk, and no longer produced by the specs.
            case extra
        }

        /// The path relative to the output directory.
        public let path: String
        /// How it differs.
        public let kind: Kind
        /// A unified-diff excerpt (from the file on disk to the expected file) for drifted files.
        public let excerpt: String
    }

    /// The output directory.
    public let root: String
    /// The file system to read through.
    public let fileSystem: any FileSystem

    /// Creates a check of an output directory.
    public init(root: String, fileSystem: any FileSystem = LocalFileSystem()) {
        self.root = root
        self.fileSystem = fileSystem
    }

    /// A write that an interrupted `generate` left unfinished in the output directory.
    public struct PendingWrite: Sendable, Hashable {
        /// How far the interrupted write got.
        public enum Stage: Sendable, Hashable {
            /// Its journal was committed: the next run renames the staged files into place.
            case committed
            /// It was staging files: the next run removes them and writes again.
            case staging
            /// It was building a new output directory beside the missing one: the next run removes it.
            case newDirectory
        }

        /// How far it got.
        public let stage: Stage
        /// The journal (or, for a new directory, the directory being built), relative to the output
        /// directory's parent, as `Generated/.taxigen-journal`.
        public let journal: String
        /// The staged files left behind, relative to the output directory's parent, sorted.
        public let stagedFiles: [String]

        /// What `generate --check` prints: the journal, the staged files (at most `limit` of them by name)
        /// and what completes the write.
        public func report(limit: Int = 10) -> [String] {
            let files = "\(stagedFiles.count) staged file\(stagedFiles.count == 1 ? "" : "s")"
            var lines: [String]
            switch stage {
            case .committed:
                lines = ["\(journal): error: an interrupted `taxigen generate` left this journal and \(files); the output is half written"]
            case .staging:
                lines = ["\(journal): error: an interrupted `taxigen generate` left this pending journal and \(files); the output is as before that run"]
            case .newDirectory:
                lines = ["\(journal): error: an interrupted `taxigen generate` left this unfinished output directory (\(files))"]
            }
            lines += stagedFiles.prefix(limit).map { "    staged: \($0)" }
            if stagedFiles.count > limit { lines.append("    … and \(stagedFiles.count - limit) more") }
            switch stage {
            case .committed:
                lines.append("run a plain `taxigen generate`: it completes the interrupted write from the journal; then `--check` compares again")
            case .staging, .newDirectory:
                lines.append("run a plain `taxigen generate`: it removes the leftovers and writes the output; then `--check` compares again")
            }
            return lines
        }
    }

    /// The write an interrupted `generate` left unfinished, if any (`generate` completes or undoes it
    /// before writing; `--check` reports it instead of comparing a half-written tree).
    /// - Parameter shownRoot: the output directory as messages name it.
    public func pendingWrite(shownRoot: String) throws -> PendingWrite? {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        let shown = shownRoot.hasSuffix("/") ? String(shownRoot.dropLast()) : shownRoot
        let suffix = OutputWriter.stagingSuffix
        let newDirectory = base + suffix
        if fileSystem.directoryExists(newDirectory) {
            let files = try fileSystem.files(under: newDirectory).map { "\(shown)\(suffix)/\($0)" }
            return PendingWrite(stage: .newDirectory, journal: shown + suffix, stagedFiles: files)
        }
        let journal = OutputWriter.journalName
        let stage: PendingWrite.Stage
        if try fileSystem.contents(of: base + "/" + journal) != nil {
            stage = .committed
        } else if try fileSystem.contents(of: base + "/" + journal + suffix) != nil {
            stage = .staging
        } else {
            return nil
        }
        let staged = try fileSystem.files(under: base)
            .filter { $0.hasSuffix(suffix) && $0 != journal + suffix }
            .map { "\(shown)/\($0)" }
        return PendingWrite(stage: stage, journal: "\(shown)/\(journal)\(stage == .staging ? suffix : "")", stagedFiles: staged)
    }

    /// Every difference between `files` (and their manifest) and the directory, sorted by path.
    public func differences(from files: [OutputFile]) throws -> [Drift] {
        let writer = OutputWriter(root: root, fileSystem: fileSystem)
        var expected = files
        expected.append(Manifest.file(listing: files))
        // Files are read and compared on every core, byte for byte (two strings that Swift calls equal can
        // differ in their bytes, as a precomposed "é" and an "e" with a combining accent do).
        let comparisons = expected.concurrentMap { file in
            Result { () -> Drift? in
                let fullPath = root.hasSuffix("/") ? root + file.path : root + "/" + file.path
                guard let bytes = try fileSystem.contents(of: fullPath) else {
                    return Drift(path: file.path, kind: .missing, excerpt: "")
                }
                guard !file.hasContents(bytes) else { return nil }
                let actual = String(decoding: bytes, as: UTF8.self)
                return Drift(path: file.path, kind: .drifted,
                             excerpt: UnifiedDiff.excerpt(from: actual, to: file.contents, path: file.path))
            }
        }
        var drifts = try comparisons.compactMap { try $0.get() }
        let produced = Set(files.map(\.path))
        for owned in try writer.ownedPaths() where !produced.contains(owned) {
            let fullPath = root.hasSuffix("/") ? root + owned : root + "/" + owned
            if try fileSystem.contents(of: fullPath) != nil {
                drifts.append(Drift(path: owned, kind: .extra, excerpt: ""))
            }
        }
        return drifts.sorted { $0.path < $1.path }
    }
}

/// A small unified diff for drift reports: hunks with three lines of context, cut after a line limit.
public enum UnifiedDiff {
    /// The diff from `old` to `new`, at most `limit` lines of hunks.
    public static func excerpt(from old: String, to new: String, path: String, limit: Int = 40) -> String {
        // Lines are split and compared as bytes: Swift's string equality would call a line with a
        // precomposed "é" equal to one with "e" and a combining accent, and keeps "\r\n" as one character.
        let oldBytes = old.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let newBytes = new.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let oldLines = oldBytes.map { String(decoding: $0, as: UTF8.self) }
        let newLines = newBytes.map { String(decoding: $0, as: UTF8.self) }
        let difference = newBytes.difference(from: oldBytes)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // Walk both files in step, producing one tagged line per old/new line.
        var script: [(tag: Character, text: String, old: Int, new: Int)] = []
        var i = 0, j = 0
        while i < oldLines.count || j < newLines.count {
            if i < oldLines.count, removed.contains(i) {
                script.append(("-", oldLines[i], i, j)); i += 1
            } else if j < newLines.count, inserted.contains(j) {
                script.append(("+", newLines[j], i, j)); j += 1
            } else {
                script.append((" ", i < oldLines.count ? oldLines[i] : "", i, j)); i += 1; j += 1
            }
        }
        let changed = script.indices.filter { script[$0].tag != " " }
        guard !changed.isEmpty else { return "" }
        var output = ["--- \(path) (on disk)", "+++ \(path) (from specs)"]
        var index = 0
        var printedLines = 0
        while index < changed.count, printedLines < limit {
            let start = max(0, changed[index] - 3)
            var end = min(script.count - 1, changed[index] + 3)
            while index + 1 < changed.count, changed[index + 1] - 3 <= end + 1 {
                index += 1
                end = min(script.count - 1, changed[index] + 3)
            }
            let hunk = script[start...end]
            let oldCount = hunk.filter { $0.tag != "+" }.count
            let newCount = hunk.filter { $0.tag != "-" }.count
            output.append("@@ -\(script[start].old + 1),\(oldCount) +\(script[start].new + 1),\(newCount) @@")
            for line in hunk {
                guard printedLines < limit else { break }
                output.append("\(line.tag)\(line.text)")
                printedLines += 1
            }
            index += 1
        }
        if printedLines >= limit {
            output.append("… (diff cut after \(limit) lines)")
        }
        return output.joined(separator: "\n")
    }
}
