/// Keeps text that came from a file short and inert in diagnostics: a message may quote a key or a value
/// of a spec, and a spec can hold a megabyte on one line, or escape sequences that a terminal would obey.
///
/// Every diagnostic's message and hint pass through `clipped(_:)`: control characters (and the Unicode
/// line separators and bidirectional controls) are written as escapes, any run of text between quote
/// marks longer than `maximumQuote` characters is cut to an excerpt, and the whole is capped at
/// `maximumLength` characters. taxigen's own sentences are shorter than either bound.
enum MessageText {
    /// The longest run between two quote marks kept whole.
    static let maximumQuote = 120
    /// The longest message or hint kept whole.
    static let maximumLength = 600

    /// `text` made safe to print, as described above; text that needs none of it is returned unchanged.
    static func clipped(_ text: String) -> String {
        guard needsWork(text) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if isControl(scalar) {
                    escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        // A quoted run (an opening quote mark after a space, a bracket or the start, up to the same mark
        // before a space, punctuation or the end) longer than the bound keeps its start and end. taxigen's
        // own words outside quotes, apostrophes included (`field's`), are never cut.
        let characters = Array(escaped)
        var result = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let opens = (character == "'" || character == "\"" || character == "`")
                && (index == 0 || characters[index - 1].isWhitespace || "([{:=".contains(characters[index - 1]))
            guard opens, let close = closingQuote(of: character, in: characters, after: index) else {
                result.append(character)
                index += 1
                continue
            }
            let run = String(characters[(index + 1)..<close])
            result.append(character)
            result += run.count > maximumQuote ? String(run.prefix(maximumQuote - 20)) + "…" + String(run.suffix(8)) : run
            result.append(character)
            index = close + 1
        }
        guard result.count > maximumLength else { return result }
        return String(result.prefix(maximumLength - 30)) + " … (message cut)"
    }

    /// The index of the quote mark that closes the one at `open`: the same mark, followed by the end, white
    /// space or punctuation.
    private static func closingQuote(of mark: Character, in characters: [Character], after open: Int) -> Int? {
        var index = open + 1
        while index < characters.count {
            if characters[index] == mark,
               index + 1 == characters.count || characters[index + 1].isWhitespace || ",.;:)]}!?".contains(characters[index + 1]) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func needsWork(_ text: String) -> Bool {
        text.utf8.count > maximumQuote || text.unicodeScalars.contains(where: isControl) || text.contains("\n")
    }

    /// C0 and C1 controls, DEL, line and paragraph separators, and bidirectional formatting characters.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
