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
}

/// The real file system.
public struct LocalFileSystem: FileSystem {
    /// Creates the file system.
    public init() {}

    public func contents(of path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    public func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    public func rename(_ source: String, to destination: String) throws {
        guard Foundation.rename(source, destination) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: destination,
                NSLocalizedDescriptionKey: "cannot rename \(source) to \(destination): \(String(cString: strerror(errno)))",
            ])
        }
    }

    public func remove(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }

    public func files(under directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = (directory as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    public func removeDirectoryIfEmpty(_ path: String) {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: path), entries.isEmpty {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
