import Testing
@testable import TaxigenCore

/// `Naming` reads names byte by byte, for speed: these tests hold its answers to the plain definitions, written
/// here with characters and `split`, over every name built from a set of awkward pieces.
@Suite("Naming: byte-level fast paths agree with the definitions")
struct NamingFastPathTests {
    /// Every string of up to `length` pieces.
    static func names(of pieces: [String], upTo length: Int) -> [String] {
        var names = [""]
        var last = [""]
        for _ in 0..<length {
            last = last.flatMap { prefix in pieces.map { prefix + $0 } }
            names += last
        }
        return names
    }

    static let acronyms: Set<String> = ["id", "url", "uuid", "json", "http", "https", "ip", "sql", "api"]

    /// snake_case as the guidelines define it: starts with a lowercase letter; lowercase letters, digits and
    /// single underscores; no trailing underscore.
    static func referenceIsSnakeCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        guard !name.hasSuffix("_"), !name.contains("__") else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Camel case by words between underscores: acronyms in capitals, other words capitalised (all but the first
    /// for lower camel case).
    static func referenceCamelCase(_ name: String, upper: Bool) -> String {
        let words = name.split(separator: "_").map(String.init)
        guard !words.isEmpty else { return upper ? "" : name }
        return words.enumerated().map { index, word in
            if index == 0, !upper { return word }
            if acronyms.contains(word) { return word.uppercased() }
            return word.prefix(1).uppercased() + word.dropFirst()
        }.joined()
    }

    @Test("isSnakeCase: every name of up to four pieces, with digits, capitals, doubled and trailing underscores, Unicode")
    func snakeCase() {
        for name in Self.names(of: ["a", "z", "0", "9", "_", "A", "é", "-", " "], upTo: 4) {
            #expect(Naming.isSnakeCase(name) == Self.referenceIsSnakeCase(name), "\(name.debugDescription)")
        }
    }

    @Test("lowerCamelCase and upperCamelCase: every name of up to four words and underscores, acronyms among them")
    func camelCase() {
        for name in Self.names(of: ["id", "url", "https", "ab", "x1", "9z", "_", "Q"], upTo: 4) {
            #expect(Naming.lowerCamelCase(name) == Self.referenceCamelCase(name, upper: false), "\(name.debugDescription)")
            #expect(Naming.upperCamelCase(name) == Self.referenceCamelCase(name, upper: true), "\(name.debugDescription)")
        }
    }

    @Test("DocLines.wrapped: ASCII lines wrap as the character-level definition does")
    func wrapping() {
        let words = ["a", String(repeating: "b", count: 30), String(repeating: "c", count: 99), String(repeating: "d", count: 120)]
        for indentation in ["", "  ", "\t "] {
            for line in Self.names(of: words, upTo: 4) {
                for separator in [" ", "  "] {
                    let text = indentation + line
                    let spaced = indentation + Self.split(line, words).joined(separator: separator)
                    for candidate in [text, spaced] {
                        #expect(DocLines.wrapped(candidate) == Self.referenceWrapped(candidate), "\(candidate.debugDescription)")
                    }
                }
            }
        }
    }

    /// `line`, built of `words` run together, split back into them.
    static func split(_ line: String, _ words: [String]) -> [String] {
        var rest = Substring(line)
        var result: [String] = []
        while !rest.isEmpty {
            guard let word = words.first(where: { rest.hasPrefix($0) }) else { break }
            result.append(word)
            rest = rest.dropFirst(word.count)
        }
        return result
    }

    /// Greedy wrapping by characters at `DocLines.width`, keeping the indentation on every line.
    static func referenceWrapped(_ line: String) -> [String] {
        guard line.count > DocLines.width else { return [line] }
        let indentation = String(line.prefix { $0 == " " || $0 == "\t" })
        var lines: [String] = []
        var current = ""
        for word in line.dropFirst(indentation.count).split(separator: " ") {
            if !current.isEmpty, indentation.count + current.count + 1 + word.count > DocLines.width {
                lines.append(indentation + current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(indentation + current) }
        return lines
    }
}
