/// One output file as the plan decides it: where it goes, which template prints it, and the context it prints.
public struct PlannedFile: Sendable {
    /// The path relative to the output directory, with `/` separators.
    public let path: String
    /// The template's name (its file name without `.mustache`).
    public let template: String
    /// The render context: a struct of stored properties only, possibly shared with other files.
    public let context: RenderContext

    /// Creates a planned file that prints `context`, shared with the other files that print it.
    public init(path: String, template: String, shared context: RenderContext) {
        self.path = path
        self.template = template
        self.context = context
        context.addFile()
    }

    /// Creates a planned file that prints `context` (a struct of stored properties).
    public init(path: String, template: String, context: some Encodable & Sendable) {
        self.init(path: path, template: template, shared: RenderContext(context))
    }
}

/// The fixed header every generated file starts with (no timestamps, so output is reproducible).
struct FileHeader: Sendable, Encodable {
    /// The comment marker of the file's language (`//` or `--`).
    let comment: String
    /// The spec the file comes from, or a summary for files made from every spec, escaped for a one-line comment.
    let source: String

    /// A header naming `source` (a path may hold any character: it is escaped to stay on its comment line).
    init(comment: String, source: String) {
        self.comment = comment
        self.source = CommentText.singleLine(source)
    }
}

/// Splits documentation text into lines for `///` and `--` comments.
enum DocLines {
    /// `///` documentation comment lines for `lines` (an empty line becomes a bare `///`); a line that holds a
    /// line break becomes several, and control and bidirectional formatting characters are shown escaped, so
    /// no text can leave its comment.
    static func comment(_ lines: [String]) -> [String] {
        lines.flatMap(CommentText.lines).flatMap(wrapped).map { $0.isEmpty ? "///" : "/// \($0)" }
    }

    /// The longest comment text on one line: printed after `/// ` at most 8 spaces in, a line stays within
    /// 112 characters.
    static let width = 100

    /// `line` broken at spaces into lines of at most `width` characters, each keeping the line's own
    /// indentation (a word longer than that stays whole on its own line), so that a long description reads
    /// as a paragraph.
    static func wrapped(_ line: String) -> [String] {
        // A line of at most `width` bytes has at most `width` characters: most lines are told apart without
        // counting their characters.
        guard line.utf8.count > width else { return [line] }
        if line.isASCII { return wrappedASCII(line) }
        guard line.count > width else { return [line] }
        let indentation = String(line.prefix { $0 == " " || $0 == "\t" })
        var lines: [String] = []
        var current = ""
        var length = indentation.count  // indentation.count + current.count, kept rather than counted again
        for word in line.dropFirst(indentation.count).split(separator: " ") {
            let wordLength = word.count
            if !current.isEmpty, length + 1 + wordLength > width {
                lines.append(indentation + current)
                current = ""
                length = indentation.count
            }
            if current.isEmpty {
                current = String(word)
                length += wordLength
            } else {
                current += " " + word
                length += 1 + wordLength
            }
        }
        if !current.isEmpty { lines.append(indentation + current) }
        return lines
    }

    /// `wrapped(_:)` for an ASCII line (nearly every line), by its bytes: one byte is one character.
    private static func wrappedASCII(_ line: String) -> [String] {
        let bytes = Array(line.utf8)
        let space = UInt8(ascii: " ")
        var start = 0
        while start < bytes.count, bytes[start] == space || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        let indentation = bytes[..<start]
        var lines: [String] = []
        var current = Array(indentation)
        var hasWord = false
        var index = start
        while index < bytes.count {
            guard bytes[index] != space else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, bytes[end] != space { end += 1 }
            if hasWord, current.count + 1 + (end - index) > width {
                lines.append(String(decoding: current, as: UTF8.self))
                current = Array(indentation)
                hasWord = false
            }
            if hasWord { current.append(space) }
            current.append(contentsOf: bytes[index..<end])
            hasWord = true
            index = end
        }
        if hasWord { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }

    /// The lines of `text` (split at every Unicode line break: `\n`, `\r\n`, `\r`, U+0085, U+2028, U+2029,
    /// vertical tab, form feed), trimmed, without leading or trailing empty lines.
    static func of(_ text: String?) -> [String] {
        guard let text else { return [] }
        if CommentText.isPlainLine(text) {
            let line = text.trimmingTrailingWhitespace()
            return line.isEmpty ? [] : [line]
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { String($0).trimmingTrailingWhitespace() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return lines
    }
}

extension String {
    /// Whether every byte is ASCII: then byte tests answer what Unicode properties would (names nearly always
    /// are), at a fraction of their cost.
    var isASCII: Bool { everyUTF8Byte { $0 < 0x80 } }

    /// The string without trailing spaces and tabs.
    func trimmingTrailingWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return String(result)
    }
}

extension String {
    /// The string with every `character` replaced by `replacement` (Foundation's `replacingOccurrences`
    /// is several times slower on Linux, and planning calls this for every entity).
    func replacing(character: Character, with replacement: String) -> String {
        // An ASCII character in an ASCII string is one byte among bytes (but `\r\n` is one character).
        if let byte = character.asciiValue, byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n"), isASCII {
            guard someUTF8Byte({ $0 == byte }) else { return self }
            var result: [UInt8] = []
            result.reserveCapacity(utf8.count + 8)
            func copy(_ bytes: some Sequence<UInt8>) {
                for element in bytes {
                    if element == byte { result += replacement.utf8 } else { result.append(element) }
                }
            }
            if utf8.withContiguousStorageIfAvailable(copy) == nil { copy(utf8) }
            return String(decoding: result, as: UTF8.self)
        }
        guard contains(character) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for element in self {
            if element == character { result += replacement } else { result.append(element) }
        }
        return result
    }
}
