/// A Mustache template compiled for ``TemplateRenderer``: its text split into nodes with every decision a
/// render would otherwise make per tag (which names to look up, whether to HTML-escape, which whitespace
/// a standalone tag removes) made once.
struct CompiledTemplate: Sendable {
    /// The nodes, in order.
    let nodes: [TemplateNode]
}

/// One piece of a compiled template.
indirect enum TemplateNode: Sendable {
    /// Literal text, as UTF-8.
    case text([UInt8])
    /// `{{name}}` (escaped under the HTML content type), `{{{name}}}` or `{{&name}}` (never escaped).
    case variable(TemplateName, escaped: Bool)
    /// `{{#name}}…{{/name}}`.
    case section(TemplateName, CompiledTemplate)
    /// `{{^name}}…{{/name}}`.
    case invertedSection(TemplateName, CompiledTemplate)
    /// `{{> name}}`; a standalone partial indents each line it prints by `indentation`.
    case partial(String, indentation: [UInt8]?)
}

/// A tag's name, resolved to symbols: `a.b.c` is looked up as `a` on the context stack, then `b` and `c`
/// inside it; a leading `.` looks at the innermost context only; `.` alone is the innermost context.
struct TemplateName: Sendable {
    /// The dot-separated parts as symbols; empty for `.`. A part no template text mentions is -1.
    let path: [Int]
    /// Whether the name starts with `.`, so only the innermost context is searched.
    let innermostOnly: Bool
}

/// Compiles Mustache text with the same reading of tags and whitespace as swift-mustache's parser (of which
/// `parse` is a port, restricted to the tags taxigen's renderer supports; swift-mustache is Apache-2.0,
/// © the Hummingbird authors), so both engines print the same bytes.
///
/// Templates that use set delimiters, template inheritance (`{{<…}}`, `{{$…}}`), dynamic partials or
/// transforms (`{{f(x)}}`) are refused with ``Unsupported``, which ``TemplateSet`` reports at the line and
/// column where the compiler stopped.
struct TemplateCompiler {
    /// A template uses a feature this compiler does not support, or is malformed.
    struct Unsupported: Error, Sendable {
        /// What was found, as a noun phrase ("set delimiters", "a dynamic partial").
        let reason: String
        /// The 1-based line and column where the compiler stopped.
        var line = 1
        var column = 1
    }

    private let symbols: TemplateSymbols
    private let characters: [Character]
    private var position = 0

    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")
    private static let configCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let blank = Set<Character>(" \t")
    private static let start: [Character] = ["{", "{"]
    private static let end: [Character] = ["}", "}"]

    /// Compiles `text`, naming fields by `symbols`.
    static func compile(_ text: String, symbols: TemplateSymbols) throws(Unsupported) -> CompiledTemplate {
        var compiler = TemplateCompiler(symbols: symbols, characters: Array(text))
        do {
            return try compiler.parse(section: nil, newLine: true, escaping: true).template
        } catch {
            var located = error
            let before = compiler.characters[..<min(compiler.position, compiler.characters.count)]
            located.line = before.count { $0.isNewline } + 1
            located.column = before.count - (before.lastIndex { $0.isNewline }.map { $0 + 1 } ?? 0) + 1
            throw located
        }
    }

    private init(symbols: TemplateSymbols, characters: [Character]) {
        self.symbols = symbols
        self.characters = characters
    }

    // MARK: Parsing (the structure of swift-mustache's `MustacheTemplate.parse`)

    /// Parses until the end of the text, or of the section named `section`. Returns the nodes and whether
    /// the content type in force at the end escapes (a section's nodes inherit it; the caller's does not change).
    private mutating func parse(section: String?, newLine startsOnNewLine: Bool, escaping startsEscaping: Bool)
        throws(Unsupported) -> (template: CompiledTemplate, escaping: Bool) {
        var nodes: [TemplateNode] = []
        var newLine = startsOnNewLine
        var escaping = startsEscaping
        var whiteSpaceBefore: [Character] = []
        func appendText(_ text: [Character]) {
            nodes.append(.text(Array(String(text).utf8)))
        }
        while !reachedEnd {
            if newLine {
                whiteSpaceBefore = read(while: Self.blank)
            }
            let text = try readUntilTagOrNewline()
            if current.isNewline {
                appendText(whiteSpaceBefore + text + [current])
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                appendText(whiteSpaceBefore + text)
                whiteSpaceBefore = []
                newLine = false
            }
            if reachedEnd { break }
            var setNewLine = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try readName()
                if isStandalone(newLine) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    appendText(whiteSpaceBefore)
                    whiteSpaceBefore = []
                }
                let body = try parse(section: name, newLine: setNewLine && newLine, escaping: escaping).template
                let resolved = resolve(name)
                nodes.append(inverted ? .invertedSection(resolved, body) : .section(resolved, body))
            case "/":
                position += 1
                let name = try readName()
                guard name == section else { throw Unsupported(reason: "a section closed by the wrong name") }
                if isStandalone(newLine) {
                    // The line, newline included, is consumed.
                } else if !whiteSpaceBefore.isEmpty {
                    appendText(whiteSpaceBefore)
                }
                return (CompiledTemplate(nodes: nodes), escaping)
            case "!":
                position += 1
                try skipComment()
                setNewLine = isStandalone(newLine)
            case "{", "&":
                let triple = current == "{"
                if !whiteSpaceBefore.isEmpty {
                    appendText(whiteSpaceBefore)
                    whiteSpaceBefore = []
                }
                position += 1
                let name = try readName()
                if triple {
                    guard current == "}" else { throw Unsupported(reason: "an unfinished {{{ tag") }
                    position += 1
                }
                nodes.append(.variable(resolve(name), escaped: false))
            case ">":
                position += 1
                _ = read(while: { $0.isWhitespace })
                if current == "*" { throw Unsupported(reason: "a dynamic partial") }
                let name = try readPartialName()
                if !whiteSpaceBefore.isEmpty {
                    appendText(whiteSpaceBefore)
                }
                if isStandalone(newLine) {
                    setNewLine = true
                    nodes.append(.partial(name, indentation: Array(String(whiteSpaceBefore).utf8)))
                } else {
                    nodes.append(.partial(name, indentation: nil))
                }
                whiteSpaceBefore = []
            case "%":
                position += 1
                escaping = try readContentType()
                setNewLine = isStandalone(newLine)
            case "<", "$":
                throw Unsupported(reason: "template inheritance")
            case "=":
                throw Unsupported(reason: "set delimiters")
            default:
                if !whiteSpaceBefore.isEmpty {
                    appendText(whiteSpaceBefore)
                    whiteSpaceBefore = []
                }
                let name = try readName()
                nodes.append(.variable(resolve(name), escaped: escaping))
            }
            newLine = setNewLine
        }
        guard section == nil else { throw Unsupported(reason: "an unclosed section") }
        return (CompiledTemplate(nodes: nodes), escaping)
    }

    // MARK: Reading

    private var reachedEnd: Bool { position == characters.count }

    /// The character at the position, or NUL at the end (as swift-mustache's parser).
    private var current: Character { reachedEnd ? "\0" : characters[position] }

    private mutating func read(while set: Set<Character>) -> [Character] {
        read(while: { set.contains($0) })
    }

    private mutating func read(while predicate: (Character) -> Bool) -> [Character] {
        let start = position
        while !reachedEnd, predicate(characters[position]) { position += 1 }
        return Array(characters[start..<position])
    }

    /// Reads `delimiter` if it comes next.
    private mutating func read(_ delimiter: [Character]) throws(Unsupported) -> Bool {
        guard characters.count - position >= delimiter.count else { throw Unsupported(reason: "text that ends inside a tag") }
        guard Array(characters[position..<position + delimiter.count]) == delimiter else { return false }
        position += delimiter.count
        return true
    }

    /// Text up to the next `{{` (which is consumed) or newline (which is not).
    private mutating func readUntilTagOrNewline() throws(Unsupported) -> [Character] {
        var text: [Character] = []
        while !reachedEnd {
            text += read(while: { $0 != "\n" && $0 != "\r\n" && $0 != "{" })
            if current.isNewline {
                break
            } else if current == "{" {
                if try read(Self.start) { break }
                text.append("{")
                position += 1
            }
        }
        return text
    }

    /// A tag's name and its closing `}}`.
    private mutating func readName() throws(Unsupported) -> String {
        let name = try readName(of: Self.nameCharacters)
        if name.contains("(") || name.contains(")") { throw Unsupported(reason: "transforms") }
        return name
    }

    /// A partial's name (which may hold `/`) and its closing `}}`.
    private mutating func readPartialName() throws(Unsupported) -> String {
        try readName(of: Self.partialNameCharacters)
    }

    /// A name of `characters` between optional whitespace, then `}}`.
    private mutating func readName(of characters: Set<Character>) throws(Unsupported) -> String {
        _ = read(while: { $0.isWhitespace })
        let name = String(read(while: characters))
        _ = read(while: { $0.isWhitespace })
        guard try read(Self.end) else { throw Unsupported(reason: "an unfinished tag") }
        return name
    }

    private mutating func skipComment() throws(Unsupported) {
        while characters.count - position >= 2 {
            if try read(Self.end) { return }
            position += 1
        }
        throw Unsupported(reason: "an unfinished comment")
    }

    /// `{{%CONTENT_TYPE: TEXT}}` or `HTML`: whether variables that follow are HTML-escaped.
    private mutating func readContentType() throws(Unsupported) -> Bool {
        _ = read(while: { $0.isWhitespace })
        let variable = String(read(while: Self.configCharacters))
        _ = read(while: { $0.isWhitespace })
        guard current == ":" else { throw Unsupported(reason: "a malformed pragma") }
        position += 1
        _ = read(while: { $0.isWhitespace })
        let value = String(read(while: Self.configCharacters))
        _ = read(while: { $0.isWhitespace })
        guard try read(Self.end), variable == "CONTENT_TYPE" else { throw Unsupported(reason: "an unknown pragma") }
        switch value {
        case "TEXT": return false
        case "HTML": return true
        default: throw Unsupported(reason: "the content type \(value)")
        }
    }

    /// Whether the tag just read stands alone on its line; if so, the rest of the line (spaces, tabs and the
    /// newline) is consumed.
    private mutating func isStandalone(_ newLine: Bool) -> Bool {
        guard newLine else { return false }
        if reachedEnd { return true }
        var probe = position
        while probe < characters.count, Self.blank.contains(characters[probe]) { probe += 1 }
        guard probe < characters.count, characters[probe].isNewline else { return false }
        position = probe + 1
        return true
    }

    private func resolve(_ name: String) -> TemplateName {
        let parts = name.split(separator: ".").map { symbols.number(of: String($0)) ?? -1 }
        return TemplateName(path: parts, innermostOnly: name.first == "." && name != ".")
    }
}
