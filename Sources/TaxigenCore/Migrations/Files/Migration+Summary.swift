/// What a migration says about itself in the header of its `up.sql` (written by `MigrationFileText.up`):
/// the description it was written with, its changes and what its reviewer was warned about.
extension Migration {
    /// The description given to `migrate new -m` (the slug with spaces when the header does not have it).
    public var message: String {
        if up.headerComments.count > 1 {
            let line = up.headerComments[1]
            if line.hasPrefix("\""), let end = line.range(of: "\", ", options: .backwards), end.lowerBound > line.index(after: line.startIndex) {
                return String(line[line.index(after: line.startIndex)..<end.lowerBound])
            }
        }
        return (Migration.parseID(id)?.slug ?? id).replacingOccurrences(of: "_", with: " ")
    }

    /// One line per change (the `Changes:` block of the header).
    public var changes: [String] { headerBlock("Changes:") }

    /// What deserves a second look (the `Review:` block of the header).
    public var warnings: [String] { headerBlock("Review:") }

    /// Why it is irreversible: the `- ` lines of its `IRREVERSIBLE` note; empty when it is reversible.
    public var irreversibleReasons: [String] {
        guard let irreversibleNote else { return [] }
        return irreversibleNote.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
    }

    private func headerBlock(_ title: String) -> [String] {
        guard let start = up.headerComments.firstIndex(of: title) else { return [] }
        var lines: [String] = []
        for line in up.headerComments[(start + 1)...] {
            guard line.hasPrefix("  ") else { break }
            lines.append(String(line.dropFirst(2)))
        }
        return lines
    }
}
