import CYaml

/// Reads one YAML document into a syntax tree straight from libyaml's events, refusing what specs never
/// need before it can cost anything.
///
/// Yams' composer resolves every alias to the node it names, so a small file of nested aliases (a
/// "billion laughs") becomes a tree of billions of nodes as soon as anything walks it, and it reports a
/// duplicate key with the whole file as context. Reading events instead, nothing is ever expanded:
/// anchors, aliases and tags are refused, each at its position (the first `maximumFeatureErrors`, then a
/// count), and the file then yields no document; nesting is capped, so no later stage recurses deeply; a
/// duplicate key is reported at the duplicate. Memory stays proportional to the file.
struct YAMLReader {
    /// The deepest nesting of mappings and lists a spec may use (a spec needs five or so).
    static let maximumDepth = 64
    /// How many anchors, aliases and tags of one file are reported one by one; the rest are counted.
    static let maximumFeatureErrors = 8

    /// The path shown in diagnostics.
    let path: String
    /// Problems found; a fatal one leaves no document.
    private(set) var diagnostics: [Diagnostic] = []
    /// The anchors, aliases and tags found so far: the file is refused once it is read to the end.
    private var refusedFeatures = 0
    /// Where the first feature past `maximumFeatureErrors` is, for the count's diagnostic.
    private var firstUnreported: SourceLocation?

    init(path: String) {
        self.path = path
    }

    /// The result of reading: the document's root, or why there is none.
    enum Result {
        /// The root value (duplicate and non-scalar keys were reported and left out).
        case document(SyntaxNode)
        /// The stream holds no document.
        case empty
        /// A fatal problem was reported.
        case refused
    }

    /// An open collection being filled: a class, so that adding to it never copies what it holds.
    private final class Open {
        let location: SourceLocation
        let isMapping: Bool
        var items: [SyntaxNode] = []
        var entries: [SyntaxMapping.Entry] = []
        var key: KeyState = .expectingKey
        var seen: [String: SourceLocation] = [:]

        init(location: SourceLocation, isMapping: Bool) {
            self.location = location
            self.isMapping = isMapping
        }

        /// The finished collection.
        var node: SyntaxNode {
            isMapping ? .mapping(SyntaxMapping(entries: entries, location: location))
                : .sequence(SyntaxSequence(items: items, location: location))
        }
    }

    /// Where a mapping is between its keys and values.
    private enum KeyState {
        /// The next node is a key.
        case expectingKey
        /// The next node is the value of this key.
        case value(of: SyntaxScalar)
        /// The next node is the value of a refused key, to be dropped.
        case dropping
    }

    /// Reads `text`; a text longer than `SpecFiles.maximumSize` bytes is refused unread.
    mutating func read(_ text: String) -> Result {
        let size = text.utf8.count
        guard size <= SpecFiles.maximumSize else {
            return refuse("the file is \(SpecFiles.kilobytes(size)); a spec or config may be at most \(SpecFiles.kilobytes(SpecFiles.maximumSize))",
                          at: .file(path), hint: "a spec describes one entity in a few kilobytes; split or trim the file")
        }
        // A byte order mark (Windows editors write one) is not part of the document.
        var text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        if let (line, column, name) = Self.rawLineBreak(in: text) {
            return refuse("a raw \(name) in the file: YAML 1.1, which the parser follows, reads it as a line break where editors do not",
                          at: SourceLocation(file: path, line: line, column: column),
                          hint: "remove it, or write it escaped inside a double-quoted string (\"\\u\(name.prefix(6).dropFirst(2))\")")
        }
        return text.withUTF8 { bytes in read(bytes) }
    }

    /// The first U+0085, U+2028 or U+2029 in `text`, with its line and column as an editor counts them
    /// (lines end at LF; columns count Unicode scalars), or nil. libyaml counts them as line breaks, so every
    /// position after one would be reported on the wrong line, and a plain scalar would silently change.
    static func rawLineBreak(in text: String) -> (line: Int, column: Int, name: String)? {
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A:
                line += 1
                column = 1
                continue
            case 0x85: return (line, column, "U+0085 NEXT LINE")
            case 0x2028: return (line, column, "U+2028 LINE SEPARATOR")
            case 0x2029: return (line, column, "U+2029 PARAGRAPH SEPARATOR")
            default: column += 1
            }
        }
        return nil
    }

    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return refuse("malformed YAML: the YAML parser could not start", at: .file(path))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)

        var stack: [Open] = []
        var root: SyntaxNode?
        var documents = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                // libyaml's own nesting limit (it counts brackets it has scanned ahead) is this reader's.
                if let problem = parser.problem, String(cString: problem).hasPrefix("Maximum nesting level") {
                    return refuseDepth(at: location(parser.problem_mark))
                }
                return refuse(parserProblem(parser, bytes), at: parserLocation(parser, bytes),
                              hint: "check the indentation and quoting near this position")
            }
            defer { yaml_event_delete(&event) }
            let location = self.location(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                if refusedFeatures > 0 { return reportUnreportedFeatures() }
                guard let root else { return .empty }
                return .document(root)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return refuse("a spec holds one YAML document, and a second one starts here", at: location,
                                  hint: "put each entity in a file of its own")
                }
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                refuseFeature("YAML aliases are not allowed in specs ('*\(Self.short(name))')", at: location,
                              hint: "specs use plain YAML: write the value out in full")
                // Never expanded: the alias stands for an empty value, so reading goes on to find the file's
                // other problems (the file is refused at its end).
                if let open = stack.last, open.isMapping, case .expectingKey = open.key {
                    open.key = .dropping  // an alias as a key: its value goes with it
                } else {
                    attach(.scalar(SyntaxScalar(text: "", isPlain: false, location: location)), to: &stack, root: &root)
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                properties(anchor: scalar.anchor, tag: scalar.tag, at: location)
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let node = SyntaxNode.scalar(SyntaxScalar(text: text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE,
                                                          location: location))
                attach(node, to: &stack, root: &root)
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                properties(anchor: start.anchor, tag: start.tag, at: location)
                guard stack.count < Self.maximumDepth else { return refuseDepth(at: location) }
                stack.append(Open(location: location, isMapping: false))
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                properties(anchor: start.anchor, tag: start.tag, at: location)
                guard stack.count < Self.maximumDepth else { return refuseDepth(at: location) }
                stack.append(Open(location: location, isMapping: true))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let node = stack.removeLast().node
                attach(node, to: &stack, root: &root)
            default:
                continue
            }
        }
    }

    /// Adds a finished node to the innermost open collection, or makes it the root.
    private mutating func attach(_ node: SyntaxNode, to stack: inout [Open], root: inout SyntaxNode?) {
        guard let open = stack.last else {
            root = node
            return
        }
        guard open.isMapping else {
            open.items.append(node)
            return
        }
        switch open.key {
        case .expectingKey:
            guard case .scalar(let scalar) = node else {
                diagnostics.append(Diagnostic(.error, at: node.location, "a key must be a plain name, not \(node.kindDescription)",
                                              hint: "write the name before the colon, e.g. `name: value`"))
                open.key = .dropping
                return
            }
            if let first = open.seen[scalar.text] {
                diagnostics.append(Diagnostic(.error, at: scalar.location, "duplicate key '\(Self.short(scalar.text))'",
                                              hint: "each key may appear once in a mapping; the first is at line \(first.line), column \(first.column)"))
                open.key = .dropping
            } else {
                open.seen[scalar.text] = scalar.location
                open.key = .value(of: scalar)
            }
        case .value(let key):
            open.entries.append(SyntaxMapping.Entry(key: key, value: node))
            open.key = .expectingKey
        case .dropping:
            open.key = .expectingKey
        }
    }

    /// Refuses a node's anchor and tag, if it has them.
    private mutating func properties(anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?,
                                     at location: SourceLocation) {
        if let name = Self.string(anchor) {
            refuseFeature("YAML anchors are not allowed in specs ('&\(Self.short(name))')", at: location,
                          hint: "specs use plain YAML: write each value out in full")
        }
        if let tag = Self.string(tag) {
            let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
            refuseFeature("YAML tags are not allowed in specs ('\(Self.short(String(shown)))')", at: location,
                          hint: "remove the tag; quote the value if you mean it as text")
        }
    }

    /// Reports an anchor, alias or tag, unless `maximumFeatureErrors` were reported already.
    private mutating func refuseFeature(_ message: String, at location: SourceLocation, hint: String) {
        refusedFeatures += 1
        if refusedFeatures <= Self.maximumFeatureErrors {
            diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
        } else if firstUnreported == nil {
            firstUnreported = location
        }
    }

    /// Refuses the file for its anchors, aliases and tags, counting those not reported one by one.
    private mutating func reportUnreportedFeatures() -> Result {
        guard let firstUnreported else { return .refused }
        let more = refusedFeatures - Self.maximumFeatureErrors
        return refuse("\(more) more YAML anchor\(more == 1 ? "" : "s"), alias\(more == 1 ? "" : "es") or tag\(more == 1 ? "" : "s") in this file, from here on (\(refusedFeatures) in all)",
                      at: firstUnreported, hint: "specs use plain YAML: write each value out in full, without tags")
    }

    private mutating func refuse(_ message: String, at location: SourceLocation, hint: String? = nil) -> Result {
        diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
        return .refused
    }

    private mutating func refuseDepth(at location: SourceLocation) -> Result {
        refuse("mappings and lists are nested more than \(Self.maximumDepth) levels deep", at: location,
               hint: "a spec needs a few levels; check the brackets and indentation")
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: path, line: mark.line + 1, column: mark.column + 1)
    }

    /// libyaml's description of a failure (its own words: never the file's text).
    private func parserProblem(_ parser: yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return "malformed YAML: out of memory"
        case YAML_READER_ERROR:
            let value = parser.problem_value
            return value >= 0 ? "malformed YAML: \(problem) (#x\(String(value, radix: 16, uppercase: true)))" : "malformed YAML: \(problem)"
        default:
            guard let context = parser.context.map({ String(cString: $0) }) else { return "malformed YAML: \(problem)" }
            let mark = parser.context_mark
            let at = mark.line == parser.problem_mark.line && mark.column == parser.problem_mark.column
                ? "" : " at line \(mark.line + 1), column \(mark.column + 1)"
            return "malformed YAML: \(problem) (\(context)\(at))"
        }
    }

    /// Where libyaml failed; a reader error gives a byte offset, counted here into a line and column.
    private func parserLocation(_ parser: yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        guard parser.error == YAML_READER_ERROR else { return location(parser.problem_mark) }
        let offset = min(parser.problem_offset, bytes.count)
        var line = 1, column = 1
        for byte in bytes[..<offset] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: path, line: line, column: column)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// A name from the file, cut short for a message.
    static func short(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(37)) + "…" : text
    }
}
