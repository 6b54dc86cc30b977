/// The migrations a squash checkpoint replaces (`migrate squash --to REV`), as its `squashed.txt` lists
/// them: one `<checksum>  <id>` line each, in order, with the checksum each was applied with. A database
/// whose ledger holds every one of them, complete and with those checksums, is at the checkpoint (its
/// ledger is rewritten to say so: `SquashAdoption`); one that holds only some is refused.
///
/// An id may appear twice: a checkpoint squashed again into a later one lists its own migrations and
/// itself, so a database from before either squash and one from between them are both adopted.
public struct SquashedMigrations: Sendable, Hashable {
    /// One replaced migration.
    public struct Entry: Sendable, Hashable {
        /// Its id.
        public let id: String
        /// A checksum it was applied with.
        public let checksum: String
    }

    /// The replaced migrations, in order.
    public let entries: [Entry]

    /// Creates the list.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads `squashed.txt`; `#` lines and blank lines are skipped. `path` names it in errors.
    public init(parsing text: String, path: String) throws {
        var entries: [Entry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), Migration.parseID(String(parts[1])) != nil else {
                throw MigrationError("\(path):\(number + 1): not a `<sha256>  <migration id>` line")
            }
            entries.append(Entry(id: String(parts[1]), checksum: parts[0].lowercased()))
        }
        guard !entries.isEmpty else { throw MigrationError("\(path): lists no migration") }
        self.entries = entries
    }

    /// The ids, in order, each once.
    public var ids: [String] {
        var seen: Set<String> = []
        return entries.map(\.id).filter { seen.insert($0).inserted }
    }

    /// Whether a migration was applied with this checksum before the squash.
    public func contains(id: String, checksum: String) -> Bool {
        entries.contains { $0.id == id && $0.checksum == checksum }
    }

    /// The file's text.
    public func text(checkpoint id: String) -> String {
        let header = [
            "# taxigen squash checkpoint \(id): it replaces the migrations below (`<checksum>  <id>`, as each was applied).",
            "# A database whose ledger holds them all, complete, is at this checkpoint; one holding only some is refused.",
        ]
        return (header + entries.map { "\($0.checksum)  \($0.id)" }).joined(separator: "\n") + "\n"
    }
}
