/// Something wrong with the committed migrations: an edited file, a branched history, a broken file.
public struct HistoryProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: String, Sendable, Hashable {
        /// A committed file's checksum no longer matches: someone edited a migration.
        case edited
        /// A file is missing, or one is there that `checksums.txt` does not list.
        case files
        /// Two migrations follow the same one, or the chain of parents is broken.
        case nonLinear
        /// A file cannot be read as what it should be.
        case malformed
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// The path the problem is in, as the user wrote the migrations directory.
    public let path: String
    /// What is wrong.
    public let message: String
    /// How to fix it.
    public let hint: String?

    /// `path: error: message` and the hint on its own line.
    public var description: String {
        "\(path): error: \(message)" + (hint.map { "\n    hint: \($0)" } ?? "")
    }
}

/// The committed migrations cannot be used; every problem found is listed.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    /// Every problem, sorted by path.
    public let problems: [HistoryProblem]

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
