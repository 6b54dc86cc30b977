import Foundation

/// The file operations the write stage needs, behind a protocol so tests can make one fail midway.
public protocol FileSystem: Sendable {
    /// The file's bytes, or nil when it does not exist.
    func contents(of path: String) throws -> [UInt8]?
    /// Writes bytes to a new or existing file, creating parent directories.
    func write(_ bytes: [UInt8], to path: String) throws
    /// Renames a file, replacing the destination atomically.
    func rename(_ source: String, to destination: String) throws
    /// Removes a file if it exists.
    func remove(_ path: String) throws
    /// Every regular file under a directory, as paths relative to it, sorted; empty when it does not exist.
    func files(under directory: String) throws -> [String]
    /// Removes a directory if it is empty.
    func removeDirectoryIfEmpty(_ path: String)
    /// Renames a file as `rename` does if it exists, and does nothing if it does not.
    func renameIfPresent(_ source: String, to destination: String) throws
    /// Whether a directory exists at `path`.
    func directoryExists(_ path: String) -> Bool
    /// Removes a directory and everything in it, if it exists.
    func removeTree(_ path: String) throws
}

extension FileSystem {
    /// Renames a file if it exists, found by reading it; file systems that can tell from the rename itself do.
    public func renameIfPresent(_ source: String, to destination: String) throws {
        guard try contents(of: source) != nil else { return }
        try rename(source, to: destination)
    }
}

/// The real file system.
public struct LocalFileSystem: FileSystem {
    /// Creates the file system.
    public init() {}

    public func contents(of path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Self.error("cannot read", path)
        }
        defer { close(descriptor) }
        // Read into a buffer of the file's size plus one byte: a read that comes back short is the end of a
        // regular file, so an unchanged file takes one read. A file that grew meanwhile grows the buffer.
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        var capacity = size + 1
        var bytes: [UInt8] = []
        while true {
            var failed = false
            let before = bytes.count
            let requested = capacity - before
            let read = [UInt8](unsafeUninitializedCapacity: requested) { buffer, initialized in
                let count = Foundation.read(descriptor, buffer.baseAddress!, requested)
                failed = count < 0
                initialized = max(count, 0)
            }
            guard !failed else { throw Self.error("cannot read", path) }
            if before == 0 { bytes = read } else { bytes.append(contentsOf: read) }
            if read.count < requested { break }
            capacity = max(capacity * 2, 4096)
        }
        return bytes
    }

    public func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBufferPointer { try write($0, to: path) }
    }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) throws {
        // Plain POSIX calls: Foundation's `Data.write` syncs every file to disk, which made writing a large
        // tree slow for no gain (the writer's journal, not fsync, is what keeps a run all-or-nothing).
        var descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor < 0, errno == ENOENT {
            let directory = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        guard descriptor >= 0 else { throw Self.error("cannot create", path) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            guard result > 0 else { throw Self.error("cannot write", path) }
            written += result
        }
    }

    private static func error(_ action: String, _ path: String) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [
            NSFilePathErrorKey: path,
            NSLocalizedDescriptionKey: "\(action) \(path): \(String(cString: strerror(errno)))",
        ])
    }

    public func rename(_ source: String, to destination: String) throws {
        guard Foundation.rename(source, destination) == 0 else {
            throw Self.error("cannot rename \(source) to", destination)
        }
    }

    public func renameIfPresent(_ source: String, to destination: String) throws {
        if Foundation.rename(source, destination) == 0 { return }
        if errno == ENOENT, access(source, F_OK) != 0 { return }
        throw Self.error("cannot rename \(source) to", destination)
    }

    public func directoryExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    public func removeTree(_ path: String) throws {
        if directoryExists(path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }

    public func remove(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }

    public func files(under directory: String) throws -> [String] {
        var files: [String] = []
        Self.collectFiles(in: directory, prefix: "", into: &files)
        return files.sorted()
    }

    /// Adds the regular files under `directory` (a symbolic link counts as what it points to; linked
    /// directories are not entered) with `prefix` before their names. Plain `readdir`: Foundation's
    /// enumerator asked the file system about every entry again.
    private static func collectFiles(in directory: String, prefix: String, into files: inout [String]) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let path = directory + "/" + name
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var status = stat()
                guard stat(path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFREG: type = Int32(DT_REG)
                case S_IFDIR: type = entry.pointee.d_type == UInt8(DT_LNK) ? Int32(DT_LNK) : Int32(DT_DIR)
                default: continue
                }
            }
            if type == Int32(DT_REG) {
                files.append(prefix + name)
            } else if type == Int32(DT_DIR) {
                collectFiles(in: path, prefix: prefix + name + "/", into: &files)
            }
        }
    }

    public func removeDirectoryIfEmpty(_ path: String) {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: path), entries.isEmpty {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
