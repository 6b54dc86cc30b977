/// The load stage: turns YAML text into located syntax trees, reporting malformed YAML with its position.
///
/// Specs use plain YAML: anchors, aliases and tags are refused, and so are duplicate keys (see `YAMLReader`).
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
        var reader = YAMLReader(path: source.path)
        let result = reader.read(source.text)
        log.append(contentsOf: reader.diagnostics)
        switch result {
        case .document(let root):
            return SpecDocument(path: source.path, root: root)
        case .empty:
            log.error("the file is empty", at: .file(source.path), hint: "a spec starts with `entity: Name`")
            return nil
        case .refused:
            return nil
        }
    }
}
