import Foundation

/// Writes the specs of an import into the project's specs folder: all or nothing, never over a file that
/// exists (unless told to), so a second import cannot silently overwrite specs someone has edited.
public enum ImportWriter {
    /// Writes every spec; throws, writing nothing, when one exists already and `overwrite` is false.
    public static func write(_ result: ImportResult, to specsPath: String, shownAs directory: String, overwrite: Bool,
                             fileSystem: any FileSystem = LocalFileSystem()) throws {
        let targets = result.specs.map { ($0, (specsPath as NSString).appendingPathComponent($0.fileName)) }
        if !overwrite {
            let existing = targets.filter { FileManager.default.fileExists(atPath: $0.1) }.map { "\(directory)/\($0.0.fileName)" }
            if !existing.isEmpty {
                throw MigrationError("\(existing.joined(separator: ", ")) exist\(existing.count == 1 ? "s" : "") already; nothing was written",
                                     hint: "move them away, or pass --overwrite to replace them")
            }
        }
        try FileManager.default.createDirectory(atPath: specsPath, withIntermediateDirectories: true)
        for (spec, path) in targets {
            try fileSystem.write(Array(spec.text.utf8), to: path)
        }
    }
}
