import Yams

/// The load stage: turns YAML text into located syntax trees, reporting malformed YAML with its position.
public enum SpecLoader {
    /// A file to load: the path shown in diagnostics and the file's text.
    public struct Source: Sendable {
        /// The path as diagnostics should show it.
        public let path: String
        /// The file's contents.
        public let text: String

        /// Creates a source.
        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// Parses every source; files that fail to parse produce diagnostics and no document.
    ///
    /// Documents come back sorted by path, so later stages never depend on the order files were listed in.
    public static func load(_ sources: [Source], into log: inout DiagnosticLog) -> [SpecDocument] {
        // Sources parse independently, on every core; their documents and diagnostics are collected in
        // path order, so the result does not depend on scheduling.
        let parsed = sources.sorted(by: { $0.path < $1.path }).concurrentMap { source in
            var sourceLog = DiagnosticLog()
            let document = load(source, into: &sourceLog)
            return (document, sourceLog.diagnostics)
        }
        var documents: [SpecDocument] = []
        for (document, diagnostics) in parsed {
            log.append(contentsOf: diagnostics)
            if let document { documents.append(document) }
        }
        return documents
    }

    /// Parses one source.
    public static func load(_ source: Source, into log: inout DiagnosticLog) -> SpecDocument? {
        let node: Node?
        do {
            // The basic resolver: our checker reads every scalar as written (`SyntaxScalar`), so Yams need
            // not match each one against its regular expressions for booleans, numbers and timestamps.
            node = try Yams.compose(yaml: source.text, .basic)
        } catch let error as YamlError {
            let (message, mark) = describe(error)
            let location = SourceLocation(file: source.path, line: mark?.line ?? 1, column: mark?.column ?? 1)
            log.error("malformed YAML: \(message)", at: location,
                      hint: "check the indentation and quoting near this position")
            return nil
        } catch {
            log.error("malformed YAML: \(error)", at: .file(source.path))
            return nil
        }
        guard let node else {
            log.error("the file is empty", at: .file(source.path), hint: "a spec starts with `entity: Name`")
            return nil
        }
        var converter = Converter(path: source.path)
        let root = converter.convert(node)
        log.append(contentsOf: converter.diagnostics)
        return SpecDocument(path: source.path, root: root)
    }

    private static func describe(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if let context {
                return ("\(problem) (\(context.text))", mark)
            }
            return (problem, mark)
        case .reader(let problem, _, _, _):
            return (problem, nil)
        default:
            return (String(describing: error), nil)
        }
    }

    /// Converts Yams nodes to syntax nodes, refusing what specs never need (non-scalar keys, duplicate keys).
    private struct Converter {
        let path: String
        var diagnostics: [Diagnostic] = []

        init(path: String) {
            self.path = path
        }

        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }

        mutating func convert(_ node: Node) -> SyntaxNode {
            switch node {
            case .scalar(let scalar):
                return .scalar(SyntaxScalar(text: scalar.string, isPlain: scalar.style == .plain,
                                            location: location(scalar.mark)))
            case .sequence(let sequence):
                return .sequence(SyntaxSequence(items: sequence.map { convert($0) }, location: location(sequence.mark)))
            case .mapping(let mapping):
                var entries: [SyntaxMapping.Entry] = []
                var seen: Set<String> = []
                for (key, value) in mapping {
                    guard case .scalar(let keyScalar) = key else {
                        diagnostics.append(Diagnostic(.error, at: location(key.mark), "a key must be a plain name"))
                        continue
                    }
                    let keyNode = SyntaxScalar(text: keyScalar.string, isPlain: keyScalar.style == .plain,
                                               location: location(keyScalar.mark))
                    guard seen.insert(keyNode.text).inserted else {
                        diagnostics.append(Diagnostic(.error, at: keyNode.location,
                                                      "duplicate key '\(keyNode.text)'",
                                                      hint: "each key may appear once in a mapping"))
                        continue
                    }
                    entries.append(SyntaxMapping.Entry(key: keyNode, value: convert(value)))
                }
                return .mapping(SyntaxMapping(entries: entries, location: location(mapping.mark)))
            case .alias(let alias):
                diagnostics.append(Diagnostic(.error, at: location(alias.mark), "YAML aliases are not supported in specs",
                                              hint: "write the value out in full"))
                return .scalar(SyntaxScalar(text: "", isPlain: true, location: location(alias.mark)))
            }
        }
    }
}
