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
        // Runs between quote marks (and at either end) longer than the bound keep their start.
        var result = ""
        var run = ""
        func flush() {
            if run.count > maximumQuote {
                result += String(run.prefix(maximumQuote - 20)) + "…" + String(run.suffix(8))
            } else {
                result += run
            }
            run = ""
        }
        for character in escaped {
            if character == "'" || character == "\"" || character == "`" {
                flush()
                result.append(character)
            } else {
                run.append(character)
            }
        }
        flush()
        guard result.count > maximumLength else { return result }
        return String(result.prefix(maximumLength - 30)) + " … (message cut)"
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
