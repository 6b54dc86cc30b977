import Testing
@testable import TaxigenCore

/// `DocLines.comment`: a long description becomes a paragraph of comment lines of sensible length.
@Suite("Doc comment lines")
struct DocLinesTests {
    @Test("a line longer than the width is broken at spaces, keeping every word, in order")
    func wraps() {
        let words = (1...60).map { "word\($0)" }
        let lines = DocLines.comment([words.joined(separator: " ")])
        #expect(lines.count > 1)
        for line in lines {
            #expect(line.hasPrefix("/// ") && line.count <= 4 + DocLines.width, "\(line)")
        }
        #expect(lines.map { $0.dropFirst(4) }.joined(separator: " ") == words.joined(separator: " "))
    }

    @Test("short lines, empty lines and a word longer than the width are kept as they are")
    func keeps() {
        let long = String(repeating: "x", count: DocLines.width + 20)
        #expect(DocLines.comment(["One line.", "", long]) == ["/// One line.", "///", "/// " + long])
        #expect(DocLines.comment(["a " + long + " b"]) == ["/// a", "/// " + long, "/// b"])
    }

    @Test("an indented long line keeps its indentation on every line it becomes")
    func indentation() {
        let text = "  - " + Array(repeating: "item", count: 40).joined(separator: " ")
        let lines = DocLines.comment([text])
        #expect(lines.count > 1 && lines.allSatisfy { $0.hasPrefix("///   ") })
        #expect(lines[0].hasPrefix("///   - item"))
    }
}
