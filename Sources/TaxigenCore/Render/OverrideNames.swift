import TaxigenTemplates

/// Finds the names a template override prints that no default template mentions.
///
/// Mustache prints a missing name as nothing. An override ejected from an older taxigen may still name a
/// context field that planners no longer fill (a model's `codingKeyClause`, say): it would compile and print
/// nothing there, silently. A name that appears nowhere in the default templates' text is reported as a
/// warning at its first tag; it is not an error, since a context may hold a field the defaults do not print.
enum OverrideNames {
    /// One warning per name of `override` (compiled with `symbols`) that no default template mentions.
    static func warnings(_ override: CompiledTemplate, text: String, path: String, symbols: TemplateSymbols,
                         defaultWords: Set<String>) -> [Diagnostic] {
        var names: [String] = []
        var seen: Set<String> = []
        func collect(_ template: CompiledTemplate) {
            for node in template.nodes {
                switch node {
                case .variable(let name, _): add(name)
                case .section(let name, let body), .invertedSection(let name, let body):
                    add(name)
                    collect(body)
                case .text, .partial: continue
                }
            }
        }
        func add(_ name: TemplateName) {
            // Only the first unknown part of `a.b.c`: the parts after it are unknown because it is.
            for number in name.path where number >= 0 {
                let word = symbols.names[number]
                guard !defaultWords.contains(word) else { continue }
                if seen.insert(word).inserted { names.append(word) }
                break
            }
        }
        collect(override)
        return names.map { word in
            Diagnostic(.warning, at: location(ofTagNaming: word, in: text, path: path),
                       "'\(word)' is a name no default template uses: this taxigen's contexts may not have it, "
                           + "and Mustache prints a missing name as nothing",
                       hint: "compare with `taxigen templates show \(templateName(path))`, which prints the default")
        }
    }

    /// The words of every default template, the names their contexts are known to carry among them.
    static let defaultWords: Set<String> = Set(TemplateSymbols(texts: DefaultTemplates.all.map(\.text)).names)

    /// The line and column (1-based, in characters) of the first `{{…}}` tag of `text` that holds `word`.
    static func location(ofTagNaming word: String, in text: String, path: String) -> SourceLocation {
        var line = 1
        for content in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = content[...]
            while let open = rest.firstRange(of: "{{") {
                guard let close = rest[open.upperBound...].firstRange(of: "}}") else { break }
                let tag = rest[open.upperBound..<close.lowerBound]
                let words = tag.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
                if words.contains(where: { $0 == word }) {
                    return SourceLocation(file: path, line: line, column: content.distance(from: content.startIndex, to: open.lowerBound) + 1)
                }
                rest = rest[close.upperBound...]
            }
            line += 1
        }
        return .file(path)
    }

    private static func templateName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".mustache") ? String(file.dropLast(".mustache".count)) : file
    }
}
