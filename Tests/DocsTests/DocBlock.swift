import Foundation

/// A fenced code block of README.md or a page of docs/, with what the line before it says about how to
/// check it (`<!-- docs-check: manifest -->`, `<!-- docs-check: refused -->`, `<!-- docs-check: excerpt -->`).
struct DocBlock: CustomStringConvertible, Sendable {
    /// The Markdown file, relative to the repository.
    let file: String
    /// The 1-based line of the opening fence.
    let line: Int
    /// The fence's language (`swift`, `yaml`, `sh`, `sql`, `json`; "" for none).
    let language: String
    /// The marker's words, empty when the block has none.
    let marker: [String]
    /// The block's text, without the fences.
    let text: String

    var description: String { "\(file):\(line)" }

    /// Every fenced block of the README and of each page under docs/, in file order.
    static func all(root: String) throws -> [DocBlock] {
        let pages = try FileManager.default.contentsOfDirectory(atPath: root + "/docs").filter { $0.hasSuffix(".md") }.sorted()
        return try (["README.md"] + pages.map { "docs/\($0)" }).flatMap { try blocks(in: $0, root: root) }
    }

    static func blocks(in file: String, root: String) throws -> [DocBlock] {
        let lines = try String(contentsOfFile: "\(root)/\(file)", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [DocBlock] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("```") else { index += 1; continue }
            let language = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            var marker: [String] = []
            if index > 0 {
                let previous = lines[index - 1].trimmingCharacters(in: .whitespaces)
                if previous.hasPrefix("<!-- docs-check:"), previous.hasSuffix("-->") {
                    marker = previous.dropFirst("<!-- docs-check:".count).dropLast(3).split(separator: " ").map(String.init)
                }
            }
            var body: [Substring] = []
            var end = index + 1
            while end < lines.count, !lines[end].hasPrefix("```") {
                body.append(lines[end])
                end += 1
            }
            blocks.append(DocBlock(file: file, line: index + 1, language: language, marker: marker,
                                   text: body.joined(separator: "\n")))
            index = end + 1
        }
        return blocks
    }
}
