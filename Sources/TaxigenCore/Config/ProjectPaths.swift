import Foundation

/// Paths resolved as the file system will: `.`, `..` and symbolic links followed, so that two spellings
/// of one folder compare equal and a link cannot smuggle a setting out of the project.
public enum ProjectPaths {
    /// The real path of something that exists; nil when it does not (or a link in it leads nowhere).
    public static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The real path of a path that may not exist yet: its existing part resolved, the rest added as
    /// written (with `.` and `..` applied). Nil when a symbolic link in it leads nowhere.
    public static func resolvedAllowingMissing(_ path: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let components = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var current = "/"
        var existing = true
        for component in components {
            switch component {
            case ".": continue
            case "..":
                current = (current as NSString).deletingLastPathComponent
                if current.isEmpty { current = "/" }
            default:
                let candidate = current == "/" ? "/" + component : current + "/" + component
                if existing {
                    var status = stat()
                    if lstat(candidate, &status) == 0 {
                        guard let real = resolved(candidate) else { return nil }
                        current = real
                        continue
                    }
                    existing = false
                }
                current = candidate
            }
        }
        return current
    }

    /// Whether `path` is strictly inside `folder` (both resolved).
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }

    /// Whether one of two resolved paths is, or is inside, the other.
    public static func overlap(_ first: String, _ second: String) -> Bool {
        first == second || isInside(first, second) || isInside(second, first)
    }
}
