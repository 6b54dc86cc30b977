/// A SQL script split into statements, for running it through a driver that takes one statement at a
/// time (the extended query protocol) and for reading it back (lint).
///
/// The splitter understands what can hide a `;`: `'…'` and `E'…'` strings, `"…"` identifiers,
/// dollar-quoted bodies (`$$…$$`, `$tag$…$tag$`), `--` line comments and nested `/* … */` comments.
public struct SQLScript: Sendable {
    /// One statement of a script.
    public struct Statement: Sendable, Hashable {
        /// The statement as written, with comments removed and without the final `;`.
        public let text: String
        /// The statement with comments removed and whitespace outside literals collapsed to single spaces.
        public let normalized: String
        /// The bare words and quoted identifiers outside literals and comments; bare words uppercased,
        /// quoted identifiers with their quotes removed (`"order"` → `order`).
        public let words: [String]
        /// The 1-based line the statement starts on.
        public let line: Int
    }

    /// The statements, in order; empty statements (a lone `;`) are dropped.
    public let statements: [Statement]

    /// Splits a script.
    public init(_ text: String) {
        var splitter = Splitter(Array(text.unicodeScalars))
        statements = splitter.split()
    }

    /// The statements that name a table (a quoted or bare identifier equal to `table`, unquoted).
    public func statements(naming table: String) -> [Statement] {
        statements.filter { $0.words.contains(table) || $0.words.contains(table.uppercased()) }
    }
}

/// The scanner behind `SQLScript`.
private struct Splitter {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }

    private mutating func advance() -> Unicode.Scalar {
        let scalar = scalars[index]
        index += 1
        if scalar == "\n" { line += 1 }
        return scalar
    }

    mutating func split() -> [SQLScript.Statement] {
        var statements: [SQLScript.Statement] = []
        var text = String.UnicodeScalarView()
        var normalized = String.UnicodeScalarView()
        var words: [String] = []
        var startLine = 0
        var pendingSpace = false

        func append(_ piece: String.UnicodeScalarView, normalizedAs normal: String.UnicodeScalarView? = nil) {
            if text.isEmpty { startLine = line }
            text.append(contentsOf: piece)
            if pendingSpace, !normalized.isEmpty { normalized.append(" ") }
            pendingSpace = false
            normalized.append(contentsOf: normal ?? piece)
        }

        /// `append` of one scalar, without making a view of it (punctuation is most of a DDL's scalars).
        func appendScalar(_ scalar: Unicode.Scalar) {
            if text.isEmpty { startLine = line }
            text.append(scalar)
            if pendingSpace, !normalized.isEmpty { normalized.append(" ") }
            pendingSpace = false
            normalized.append(scalar)
        }

        while let scalar = current {
            if scalar == "-", peek(1) == "-" {
                while let next = current, next != "\n" { _ = advance() }
                pendingSpace = true
            } else if scalar == "/", peek(1) == "*" {
                var depth = 0
                repeat {
                    if current == "/", peek(1) == "*" { depth += 1; _ = advance(); _ = advance() }
                    else if current == "*", peek(1) == "/" { depth -= 1; _ = advance(); _ = advance() }
                    else { _ = advance() }
                } while depth > 0 && current != nil
                pendingSpace = true
            } else if Self.isWhitespace(scalar) {
                _ = advance()
                if !text.isEmpty { text.append(scalar) }  // whitespace before a statement is not part of it
                pendingSpace = true
            } else if scalar == ";" {
                _ = advance()
                if !normalized.isEmpty {
                    let body = Self.trimmingTrailingWhitespace(text)
                    statements.append(SQLScript.Statement(text: body, normalized: String(normalized), words: words, line: startLine))
                }
                text = String.UnicodeScalarView()
                normalized = String.UnicodeScalarView()
                words = []
                pendingSpace = false
            } else if scalar == "'" || ((scalar == "E" || scalar == "e") && peek(1) == "'" && !previousIsWordCharacter) {
                let escapes = scalar != "'"
                var piece = String.UnicodeScalarView()
                if escapes { piece.append(advance()) }
                piece.append(advance())
                while let next = current {
                    piece.append(advance())
                    if escapes, next == "\\", current != nil { piece.append(advance()); continue }
                    if next == "'" {
                        if current == "'" { piece.append(advance()); continue }
                        break
                    }
                }
                append(piece)
            } else if scalar == "\"" {
                var piece = String.UnicodeScalarView([advance()])
                var name = String.UnicodeScalarView()
                while let next = current {
                    piece.append(advance())
                    if next == "\"" {
                        if current == "\"" { piece.append(advance()); name.append("\""); continue }
                        break
                    }
                    name.append(next)
                }
                words.append(String(name))
                append(piece)
            } else if scalar == "$", let tag = dollarTag() {
                var piece = String.UnicodeScalarView()
                for _ in tag.unicodeScalars { piece.append(advance()) }
                while current != nil, !matches(tag) { piece.append(advance()) }
                for _ in tag.unicodeScalars where current != nil { piece.append(advance()) }
                append(piece)
            } else if isWordStart(scalar) {
                var piece = String.UnicodeScalarView()
                while let next = current, isWordCharacter(next) { piece.append(advance()) }
                words.append(String(piece).uppercased())
                append(piece)
            } else {
                appendScalar(advance())
            }
        }
        if !normalized.isEmpty {
            let body = Self.trimmingTrailingWhitespace(text)
            statements.append(SQLScript.Statement(text: body, normalized: String(normalized), words: words, line: startLine))
        }
        return statements
    }

    private var previousIsWordCharacter: Bool {
        index > 0 && isWordCharacter(scalars[index - 1])
    }

    /// `text` without its trailing white space, as a `String`.
    private static func trimmingTrailingWhitespace(_ text: String.UnicodeScalarView) -> String {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard isWhitespace(text[before]) else { break }
            end = before
        }
        return String(String.UnicodeScalarView(text[..<end]))
    }

    /// Whether `scalar` is white space; ASCII without Unicode's property tables (the DDL is almost all ASCII).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// Whether `scalar` is a letter, ASCII first.
    private static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        return scalar.properties.isAlphabetic
    }

    private func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || Self.isAlphabetic(scalar)
    }

    private func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "$" || Self.isAlphabetic(scalar) || ("0"..."9").contains(scalar)
    }

    /// The dollar-quote tag starting here (`$$` or `$name$`), if the `$` opens one.
    private func dollarTag() -> String? {
        if index > 0, isWordCharacter(scalars[index - 1]) { return nil }
        var offset = 1
        var tag = "$"
        while let next = peek(offset), next != "$" {
            guard next == "_" || Self.isAlphabetic(next) || (offset > 1 && ("0"..."9").contains(next)) else { return nil }
            tag.unicodeScalars.append(next)
            offset += 1
        }
        guard peek(offset) == "$" else { return nil }
        return tag + "$"
    }

    private func matches(_ tag: String) -> Bool {
        for (offset, scalar) in tag.unicodeScalars.enumerated() where peek(offset) != scalar { return false }
        return true
    }
}
