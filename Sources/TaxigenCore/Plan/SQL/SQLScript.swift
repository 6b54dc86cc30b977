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
        var splitter = Splitter(Array(text.utf8))
        statements = splitter.split()
    }

    /// The statements that name a table (a quoted or bare identifier equal to `table`, unquoted).
    public func statements(naming table: String) -> [Statement] {
        statements.filter { $0.words.contains(table) || $0.words.contains(table.uppercased()) }
    }
}

/// The scanner behind `SQLScript`. It reads UTF-8 bytes as PostgreSQL's own lexer does: a byte of a
/// non-ASCII character is an identifier character (`ident_start` and `ident_cont` include `\200-\377`), and
/// white space is ASCII white space only. Each statement's strings are made once, from byte buffers.
private struct Splitter {
    let bytes: [UInt8]
    var index = 0
    var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    private static let newline = UInt8(ascii: "\n")

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }
    private func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    private mutating func advance() -> UInt8 {
        let byte = bytes[index]
        index += 1
        if byte == Self.newline { line += 1 }
        return byte
    }

    /// Appends the bytes from `start` to the current position to `buffer`.
    private func copy(from start: Int, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: bytes[start..<index])
    }

    mutating func split() -> [SQLScript.Statement] {
        var statements: [SQLScript.Statement] = []
        var text: [UInt8] = []
        var normalized: [UInt8] = []
        var words: [String] = []
        var startLine = 0
        var pendingSpace = false

        /// Adds the bytes from `start` to here to the statement, and `normal` (those bytes when nil) to its
        /// normalised form.
        func take(from start: Int, normalizedAs normal: ArraySlice<UInt8>? = nil) {
            if text.isEmpty { startLine = line(at: start) }
            text.append(contentsOf: bytes[start..<index])
            if pendingSpace, !normalized.isEmpty { normalized.append(UInt8(ascii: " ")) }
            pendingSpace = false
            normalized.append(contentsOf: normal ?? bytes[start..<index])
        }

        func finish() {
            guard !normalized.isEmpty else { return }
            var end = text.count
            while end > 0, Self.isWhitespace(text[end - 1]) { end -= 1 }
            statements.append(SQLScript.Statement(
                text: String(decoding: text[..<end], as: UTF8.self), normalized: String(decoding: normalized, as: UTF8.self),
                words: words, line: startLine))
        }

        while let byte = current {
            let start = index
            if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while let next = current, next != Self.newline { _ = advance() }
                pendingSpace = true
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                var depth = 0
                repeat {
                    if current == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") { depth += 1; _ = advance(); _ = advance() }
                    else if current == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") { depth -= 1; _ = advance(); _ = advance() }
                    else { _ = advance() }
                } while depth > 0 && current != nil
                pendingSpace = true
            } else if Self.isWhitespace(byte) {
                _ = advance()
                if !text.isEmpty { text.append(byte) }  // whitespace before a statement is not part of it
                pendingSpace = true
            } else if byte == UInt8(ascii: ";") {
                _ = advance()
                finish()
                text.removeAll(keepingCapacity: true)
                normalized.removeAll(keepingCapacity: true)
                words = []
                pendingSpace = false
            } else if byte == UInt8(ascii: "'")
                        || ((byte == UInt8(ascii: "E") || byte == UInt8(ascii: "e")) && peek(1) == UInt8(ascii: "'")
                            && !previousIsWordCharacter) {
                let escapes = byte != UInt8(ascii: "'")
                if escapes { _ = advance() }
                _ = advance()
                while let next = current {
                    _ = advance()
                    if escapes, next == UInt8(ascii: "\\"), current != nil { _ = advance(); continue }
                    if next == UInt8(ascii: "'") {
                        if current == UInt8(ascii: "'") { _ = advance(); continue }
                        break
                    }
                }
                take(from: start)
            } else if byte == UInt8(ascii: "\"") {
                _ = advance()
                var name: [UInt8] = []
                while let next = current {
                    _ = advance()
                    if next == UInt8(ascii: "\"") {
                        if current == UInt8(ascii: "\"") { _ = advance(); name.append(next); continue }
                        break
                    }
                    name.append(next)
                }
                words.append(String(decoding: name, as: UTF8.self))
                take(from: start)
            } else if byte == UInt8(ascii: "$"), let tag = dollarTag() {
                index += tag.count
                while current != nil, !matches(tag) { _ = advance() }
                for _ in tag where current != nil { _ = advance() }
                take(from: start)
            } else if Self.isWordStart(byte) {
                while let next = current, Self.isWordCharacter(next) { _ = advance() }
                words.append(Self.uppercased(bytes[start..<index]))
                take(from: start)
            } else {
                _ = advance()
                take(from: start)
            }
        }
        finish()
        return statements
    }

    /// The line of the byte at `position`, which is at or before the current one and on the current line
    /// unless a token began on an earlier one.
    private func line(at position: Int) -> Int {
        var line = self.line
        var cursor = index
        while cursor > position {
            cursor -= 1
            if bytes[cursor] == Self.newline { line -= 1 }
        }
        return line
    }

    private var previousIsWordCharacter: Bool {
        index > 0 && Self.isWordCharacter(bytes[index - 1])
    }

    /// A bare word uppercased: byte by byte when it is ASCII (nearly always), else by Unicode's rules.
    private static func uppercased(_ word: ArraySlice<UInt8>) -> String {
        guard word.allSatisfy({ $0 < 0x80 }) else { return String(decoding: word, as: UTF8.self).uppercased() }
        return String(decoding: word.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    /// PostgreSQL's white space: space, tab, newline, carriage return, vertical tab, form feed.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// PostgreSQL's `ident_start`: a letter, `_`, or any byte of a non-ASCII character.
    private static func isWordStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte >= 0x80 || (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte)
    }

    /// PostgreSQL's `ident_cont`: `ident_start`, a digit or `$`.
    private static func isWordCharacter(_ byte: UInt8) -> Bool {
        isWordStart(byte) || byte == UInt8(ascii: "$") || (0x30...0x39).contains(byte)
    }

    /// The dollar-quote tag starting here (`$$` or `$name$`), if the `$` opens one.
    private func dollarTag() -> [UInt8]? {
        if index > 0, Self.isWordCharacter(bytes[index - 1]) { return nil }
        var offset = 1
        while let next = peek(offset), next != UInt8(ascii: "$") {
            guard Self.isWordStart(next) || (offset > 1 && (0x30...0x39).contains(next)) else { return nil }
            offset += 1
        }
        guard peek(offset) == UInt8(ascii: "$") else { return nil }
        return Array(bytes[index...(index + offset)])
    }

    private func matches(_ tag: [UInt8]) -> Bool {
        guard index + tag.count <= bytes.count else { return false }
        for offset in tag.indices where bytes[index + offset] != tag[offset] { return false }
        return true
    }
}
