import Foundation

/// The record of the last complete `taxigen generate` into an output directory: the digest of its inputs
/// (``GenerationInputs``), the diagnostics it printed, and the ``FileState`` of every file it left there.
///
/// A later run with the same digest, over files in the same state, would render and compare the same bytes
/// again and write nothing; it prints the recorded outcome instead (`generate --force` does the work anyway,
/// and `generate --check` always does). The rules that keep that safe:
/// - a run removes the stamp before it writes anything, and records a new one only after a complete write,
///   so an interrupted or failed run leaves none;
/// - a file is trusted only if its state was last changed before the stamp was written, as git treats its
///   index: an edit made in the same tick of the file system's clock as taxigen's write is not missed;
/// - the stamp lives in `.taxigen-cache/` inside the output directory, with a `.gitignore` of `*`, so it is
///   never committed: it describes files on this machine only.
public struct GenerationStamp: Sendable, Equatable {
    /// One file of the output directory and its state when the stamp was recorded.
    public struct Entry: Sendable, Equatable {
        /// The path relative to the output directory.
        public let path: String
        /// Its state then.
        public let state: FileState
    }

    /// The folder, inside the output directory, of taxigen's local records.
    public static let cacheDirectoryName = ".taxigen-cache"
    static let fileName = "generate-stamp"
    static let header = "taxigen generate stamp 1"
    static let ignoreText = "# taxigen's record of its last run on this machine: never committed.\n*\n"

    /// The digest of the inputs of the run that recorded it.
    public let inputs: String
    /// The lines of the diagnostics that run printed (warnings), in order.
    public let diagnostics: [String]
    /// Every file the run left, the manifest included, in path order.
    public let entries: [Entry]

    /// Creates a stamp.
    public init(inputs: String, diagnostics: [String], entries: [Entry]) {
        self.inputs = inputs
        self.diagnostics = diagnostics
        self.entries = entries
    }

    /// Where the stamp of an output directory is kept.
    static func path(in root: String) -> String {
        (root as NSString).appendingPathComponent(cacheDirectoryName + "/" + fileName)
    }

    /// The stamp of `root` if it still describes the output of a run with these inputs: recorded for the same
    /// digest, with no write of taxigen pending, and every file in the state recorded (and last changed before
    /// the stamp was written). Nil otherwise, and whenever anything cannot be read.
    public static func current(in root: String, inputs: String) -> GenerationStamp? {
        let location = path(in: root)
        guard let written = FileState(path: location),
              let bytes = try? LocalFileSystem().contents(of: location),
              let stamp = GenerationStamp(bytes: bytes),
              stamp.inputs == inputs,
              FileState(path: (root as NSString).appendingPathComponent(OutputWriter.journalName)) == nil,
              FileState(path: (root as NSString).appendingPathComponent(OutputWriter.journalName + OutputWriter.stagingSuffix)) == nil
        else { return nil }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let trusted = stamp.entries.concurrentMap { entry in
            guard let now = FileState(path: prefix + entry.path) else { return false }
            return now == entry.state && now.latest < written.modified
        }
        return trusted.allSatisfy { $0 } ? stamp : nil
    }

    /// Removes the stamp of `root`, if there is one.
    public static func remove(in root: String) throws {
        guard unlink(path(in: root)) == 0 || errno == ENOENT || errno == ENOTDIR else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSLocalizedDescriptionKey: "cannot remove \(path(in: root)): \(String(cString: strerror(errno)))",
            ])
        }
    }

    /// Records a stamp for the files at `paths` (relative to `root`) as they are now; nothing when one of
    /// them is missing.
    public static func record(in root: String, inputs: String, diagnostics: [String], paths: [String]) throws {
        let states = paths.sorted().concurrentMap { path in
            FileState(path: (root as NSString).appendingPathComponent(path)).map { Entry(path: path, state: $0) }
        }
        let entries = states.compactMap { $0 }
        guard entries.count == states.count else { return }
        let stamp = GenerationStamp(inputs: inputs, diagnostics: diagnostics, entries: entries)
        let fileSystem = LocalFileSystem()
        let folder = (root as NSString).appendingPathComponent(cacheDirectoryName)
        let ignore = (folder as NSString).appendingPathComponent(".gitignore")
        if try fileSystem.contents(of: ignore) != Array(ignoreText.utf8) {
            try fileSystem.write(Array(ignoreText.utf8), to: ignore)
        }
        let location = path(in: root)
        let bytes = Array(stamp.text.utf8)
        // A file changed in the same tick of the file system's clock as the stamp is written is not trusted
        // (see `current`), and Linux's clock ticks every few milliseconds: a stamp written in the tick of the
        // run's last write is written again in the next tick (waiting at most 100 ms), so that the next run
        // can trust it.
        let newest = entries.map(\.state.latest).max()
        let deadline = ContinuousClock.now + .milliseconds(100)
        while true {
            try fileSystem.write(bytes, to: location + OutputWriter.stagingSuffix)
            try fileSystem.rename(location + OutputWriter.stagingSuffix, to: location)
            guard let newest, let written = FileState(path: location), written.modified <= newest,
                  ContinuousClock.now < deadline else { return }
            usleep(1_000)
        }
    }

    /// The number of generated files (the manifest left out) and of the folders they are in.
    public var counts: (files: Int, folders: Int) {
        let files = entries.map(\.path).filter { $0 != Manifest.fileName }
        let folders = Set(files.map { file in file.utf8.lastIndex(of: UInt8(ascii: "/")).map { file[..<$0] } ?? "" })
        return (files.count, folders.count)
    }

    /// The stamp as stored: a header, the digest, the diagnostics' lines, then one line per file.
    var text: String {
        var lines = [Self.header, "inputs \(inputs)", "diagnostics \(diagnostics.count)"]
        lines += diagnostics
        lines.append("files \(entries.count)")
        lines += entries.map { "\($0.state) \($0.path)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a stored stamp; nil when the text is not one this version writes.
    init?(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Reads a stored stamp from its bytes (thousands of lines: read by bytes, not by characters).
    init?(bytes: [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        func field(_ prefix: String) -> ArraySlice<UInt8>? {
            guard let line = lines.popFirst(), line.starts(with: prefix.utf8) else { return nil }
            return line.dropFirst(prefix.utf8.count)
        }
        func count(_ prefix: String) -> Int? {
            field(prefix).flatMap { Int(String(decoding: $0, as: UTF8.self)) }.flatMap { $0 >= 0 ? $0 : nil }
        }
        guard let header = lines.popFirst(), header.elementsEqual(Self.header.utf8),
              let inputs = field("inputs "), let diagnosticCount = count("diagnostics "),
              lines.count > diagnosticCount else { return nil }
        let diagnostics = lines.prefix(diagnosticCount).map { String(decoding: $0, as: UTF8.self) }
        lines = lines.dropFirst(diagnosticCount)
        guard let fileCount = count("files "), lines.count == fileCount + 1, lines.last?.isEmpty == true else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(fileCount)
        for line in lines.dropLast() {
            // Five numbers, then the path (which may hold spaces).
            var numbers: [ArraySlice<UInt8>] = []
            var rest = line
            while numbers.count < 5, let space = rest.firstIndex(of: UInt8(ascii: " ")) {
                numbers.append(rest[..<space])
                rest = rest[(space + 1)...]
            }
            guard numbers.count == 5, !rest.isEmpty,
                  let state = FileState(numbers: numbers) else { return nil }
            entries.append(Entry(path: String(decoding: rest, as: UTF8.self), state: state))
        }
        self.init(inputs: String(decoding: inputs, as: UTF8.self), diagnostics: diagnostics, entries: entries)
    }
}
