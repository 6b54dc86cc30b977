/// Spec text made safe for a line comment (`//`, `///` in Swift, `--` in SQL): a comment ends at the end of
/// its line, so every line break is either split into its own comment line or shown escaped, and characters
/// that hide or reorder text (other control characters, bidirectional overrides) are shown as `\u{…}`.
///
/// Every text from a spec that reaches a generated comment goes through here; string literals go through
/// `SwiftTypeMapping.stringLiteral` and `SQLLiteral.string` instead.
enum CommentText {
    /// The lines of `text` for a line comment: split at every Unicode line break (`\n`, `\r\n`, `\r`, U+0085,
    /// U+2028, U+2029, vertical tab, form feed), each line escaped. An empty text is one empty line.
    static func lines(_ text: String) -> [String] {
        // Printable ASCII and tabs (nearly every description) hold no line break and nothing to escape.
        if isPlainLine(text) { return [text] }
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { singleLine(String($0)) }
    }

    /// Whether `text` is printable ASCII and tabs only, read by its bytes.
    static func isPlainLine(_ text: String) -> Bool {
        text.everyUTF8Byte { (0x20...0x7E).contains($0) || $0 == 0x09 }
    }

    /// `text` on one comment line: every character that could end the line, or hide or reorder what follows,
    /// written as `\u{…}`.
    static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Control characters other than tab (C0, DEL, C1 with NEL), the line and paragraph separators, and the
    /// bidirectional formatting characters (marks, embeddings, overrides, isolates).
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
