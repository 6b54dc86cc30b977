import Foundation

/// Finds and reads spec files, refusing anything that is not a plain UTF-8 file of the project: a link
/// that leads outside the project (its target is never read, so never quoted), a dangling link, a folder
/// or device named like a spec, a file that cannot be read, that is too large, or that is not UTF-8.
public enum SpecFiles {
    /// The largest spec (or config) read, in bytes: a spec of a hundred fields is a few kilobytes, and a
    /// bound keeps every later stage's cost bounded too.
    public static let maximumSize = 512 << 10

    /// A size in kilobytes, rounded up, as `1,024 KB`.
    static func kilobytes(_ bytes: Int) -> String {
        let kilobytes = (bytes + 1023) >> 10
        return kilobytes >= 1000 ? "\(kilobytes / 1000),\(String(kilobytes % 1000).leftPadded(to: 3)) KB" : "\(kilobytes) KB"
    }

    /// The spec files under a folder and the problems met listing it.
    public struct Listing: Sendable {
        /// The spec files, as `prefix/relative/path`, sorted.
        public var paths: [String] = []
        /// Entries named like specs that are not readable files, and folders that cannot be listed.
        public var problems: [Diagnostic] = []
    }

    /// Why a file cannot be used, as the diagnostic to report.
    public struct Unreadable: Error, Sendable {
        /// The located error.
        public let diagnostic: Diagnostic
    }

    /// Whether a file name is a spec's: `*.yaml` or `*.yml`, but not the config.
    public static func isSpecName(_ name: String) -> Bool {
        (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && name != ProjectConfig.fileName
    }

    /// Lists the spec files under `directory` (nothing when it does not exist), showing them as
    /// `prefix/relative/path`. Linked folders are not entered.
    public static func list(_ directory: String, shownAs prefix: String) -> Listing {
        var listing = Listing()
        collect(in: directory, shown: prefix, into: &listing, isTop: true)
        listing.paths.sort()
        return listing
    }

    private static func collect(in directory: String, shown: String, into listing: inout Listing, isTop: Bool) {
        guard let stream = opendir(directory) else {
            if !(isTop && (errno == ENOENT || errno == ENOTDIR)) {
                listing.problems.append(Diagnostic(.error, at: .file(shown), "cannot list the folder: \(reason(errno))"))
            }
            return
        }
        defer { closedir(stream) }
        var entries: [(name: String, type: Int32)] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { entries.append((name, Int32(entry.pointee.d_type))) }
        }
        for (name, type) in entries.sorted(by: { $0.name < $1.name }) {
            let path = directory + "/" + name
            let shownPath = (shown as NSString).appendingPathComponent(name)
            var status = stat()
            var isLink = type == Int32(DT_LNK)
            var followed = true
            var kind = type == Int32(DT_REG) ? S_IFREG : type == Int32(DT_DIR) ? S_IFDIR : 0
            if kind == 0 {
                // A link, or a file system that does not say: ask it.
                if lstat(path, &status) == 0 { isLink = (status.st_mode & S_IFMT) == S_IFLNK }
                followed = stat(path, &status) == 0
                kind = followed ? status.st_mode & S_IFMT : 0
            }
            if !followed {
                if isSpecName(name) {
                    listing.problems.append(Diagnostic(.error, at: .file(shownPath),
                                                       isLink ? "the spec is a symbolic link to nothing (its target does not exist)" : "cannot read the spec: \(reason(errno))",
                                                       hint: isLink ? "remove the link or restore its target" : nil))
                }
            } else if kind == S_IFDIR {
                if isSpecName(name) {
                    listing.problems.append(Diagnostic(.error, at: .file(shownPath), "'\(name)' is a folder, not a spec file",
                                                       hint: "rename the folder: names ending in .yaml or .yml are taken for specs"))
                } else if !isLink {
                    collect(in: path, shown: shownPath, into: &listing, isTop: false)
                }
            } else if isSpecName(name) {
                listing.paths.append(shownPath)
            }
        }
    }

    /// Reads one spec (or, as `what` says, another file taxigen reads as YAML) at `path`, shown as
    /// `shownPath`, which must resolve inside `projectRoot` when one is given; a diagnostic when it cannot
    /// be used.
    public static func read(_ path: String, shownAs shownPath: String, projectRoot: String?,
                            what: String = "spec") -> Result<String, Unreadable> {
        func failure(_ message: String, hint: String? = nil, line: Int = 1, column: Int = 1) -> Result<String, Unreadable> {
            .failure(Unreadable(diagnostic: Diagnostic(.error, at: SourceLocation(file: shownPath, line: line, column: column), message, hint: hint)))
        }
        if let projectRoot, let root = ProjectPaths.resolved(projectRoot) {
            guard let resolved = ProjectPaths.resolved(path) else {
                var status = stat()
                if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
                    return failure("the \(what) is a symbolic link to nothing (its target does not exist)",
                                   hint: "remove the link or restore its target")
                }
                return failure("cannot read the \(what): \(reason(errno))")
            }
            guard ProjectPaths.isInside(resolved, root) else {
                return failure("the \(what) leads outside the project folder (it is, or is inside, a symbolic link to another place); it was not read",
                               hint: "keep specs inside the project; copy the file in instead of linking to it")
            }
        }
        // Non-blocking, so that a FIFO named like a spec cannot make the read wait forever.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return failure("cannot read the \(what): \(reason(errno))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return failure("cannot read the \(what): \(reason(errno))") }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return failure("the \(what) is a folder, not a file")
        default: return failure("the \(what) is not a regular file (a device, socket or pipe); it was not read")
        }
        guard Int(status.st_size) <= maximumSize else {
            return failure("the \(what) is \(kilobytes(Int(status.st_size))); a spec or config may be at most \(kilobytes(maximumSize))",
                           hint: "a spec describes one entity in a few kilobytes; split or trim the file")
        }
        var bytes: [UInt8] = []
        let chunk = 1 << 16
        while bytes.count <= maximumSize {
            let before = bytes.count
            var failed: Int32 = 0
            bytes.append(contentsOf: [UInt8](unsafeUninitializedCapacity: chunk) { buffer, initialized in
                let count = Foundation.read(descriptor, buffer.baseAddress!, chunk)
                if count < 0 { failed = errno }
                initialized = max(count, 0)
            })
            if failed != 0 { return failure("cannot read the \(what): \(reason(failed))") }
            if bytes.count == before { break }
        }
        guard bytes.count <= maximumSize else {
            return failure("the \(what) is larger than \(kilobytes(maximumSize)); a spec or config may be at most \(kilobytes(maximumSize))")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        let (line, column, byte) = firstInvalidUTF8(in: bytes)
        return failure("the \(what) is not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) here is not valid UTF-8)",
                       hint: "save the file as UTF-8", line: line, column: column)
    }

    /// The line and column (in characters) of the first byte that is not valid UTF-8, and the byte.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error(let length):
                _ = length
                return (line, column, bytes[min(offset, bytes.count - 1)])
            case .emptyInput:
                return (line, column, 0)
            }
        }
    }

    /// The system's words for an `errno`, lowercased as a clause.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

private extension String {
    /// The string with zeros before it, to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
