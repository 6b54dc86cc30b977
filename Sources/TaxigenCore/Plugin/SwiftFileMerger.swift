/// Joins several rendered Swift files into one: a single header, the union of their imports at the top,
/// then each file's declarations in the order given.
///
/// Each part is expected to start with the rendered header and its imports, as every default template
/// does. A part that does not start with the header keeps its first lines; its imports are still
/// gathered as long as they come before its first declaration.
struct SwiftFileMerger {
    /// The rendered file header (comment lines) the merged file starts with.
    let header: String

    /// The merged file text, normalised like every rendered file.
    func merge(_ parts: [String]) -> String {
        var imports: [String] = []
        var bodies: [String] = []
        for part in parts {
            let split = self.split(part)
            for line in split.imports where !imports.contains(line) {
                imports.append(line)
            }
            if !split.body.isEmpty { bodies.append(split.body) }
        }
        var sections = [header.trimmingTrailingNewlines()]
        if !imports.isEmpty {
            sections.append(imports.sorted(by: Self.importOrder).joined(separator: "\n"))
        }
        sections += bodies
        return OutputFormatting.normalize(sections.joined(separator: "\n\n"))
    }

    /// A part's leading import lines and the rest of it, with the header removed.
    func split(_ part: String) -> (imports: [String], body: String) {
        var lines = part.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerLines = header.trimmingTrailingNewlines().split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.starts(with: headerLines) {
            lines.removeFirst(headerLines.count)
        }
        var imports: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingTrailingWhitespace()
            if line.isEmpty {
                index += 1
            } else if Self.isImport(line) {
                imports.append(line)
                index += 1
            } else {
                break
            }
        }
        let body = lines[index...].joined(separator: "\n").trimmingTrailingNewlines()
        return (imports, body)
    }

    /// Whether a line is an import declaration (`import X`, `@preconcurrency import X`, `import struct X.Y`).
    static func isImport(_ line: String) -> Bool {
        var words = line.split(separator: " ")
        while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
        if let first = words.first, ["public", "package", "internal", "fileprivate", "private"].contains(first) {
            words.removeFirst()
        }
        return words.first == "import" && words.count >= 2
    }

    /// Imports sorted by the module they name, so the merged header does not depend on template order.
    static func importOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = module(of: lhs), right = module(of: rhs)
        return left == right ? lhs < rhs : left < right
    }

    private static func module(of line: String) -> String {
        String(line.split(separator: " ").last ?? "")
    }
}

extension String {
    /// The string without trailing newlines.
    func trimmingTrailingNewlines() -> String {
        var result = Substring(self)
        while result.last == "\n" { result.removeLast() }
        return String(result)
    }
}
