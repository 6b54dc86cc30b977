import Foundation
import TaxigenTemplates

/// The templates a run renders with: the embedded defaults, each replaceable by a project's file of the same name.
public struct TemplateSet: Sendable {
    /// Where a template's text came from.
    public enum Origin: Sendable, Hashable {
        case builtIn
        case override(path: String)
    }

    /// Every template's name, text and origin, sorted by name.
    public let templates: [(name: String, text: String, origin: Origin)]
    /// The compiled templates.
    let renderer: TemplateRenderer
    /// The names the templates mention, which is what a context needs to carry.
    let symbols: TemplateSymbols
    /// Warnings about the overrides: names they print that no default template mentions.
    public let warnings: [Diagnostic]

    /// The embedded defaults only.
    public static func defaults() throws -> TemplateSet {
        try TemplateSet(overrides: [])
    }

    /// The defaults with every `NAME.mustache` file in `directory` replacing the default of that name.
    ///
    /// A file that names no default template is refused, since a misspelt override would silently do nothing.
    public static func loading(overridesFrom directory: String?) throws -> TemplateSet {
        try TemplateSet(overrides: readOverrides(from: directory))
    }

    /// A template override: the default template it replaces, its text, and the file it was read from.
    public typealias Override = (name: String, text: String, path: String)

    /// The `NAME.mustache` files of `directory` (none when it is nil), read but not compiled, sorted by name.
    ///
    /// A file that names no default template is refused, since a misspelt override would silently do nothing.
    public static func readOverrides(from directory: String?) throws -> [Override] {
        guard let directory else { return [] }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }.sorted()
        var overrides: [Override] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            let name = String(file.dropLast(".mustache".count))
            guard DefaultTemplates.text(named: name) != nil else {
                throw TemplateError(at: "\(path):1:1", message: "no default template is named '\(name)'",
                                    hint: Suggestion.hint(for: name, in: DefaultTemplates.all.map(\.name))
                                        ?? "run `taxigen templates list` for the names")
            }
            overrides.append((name, try String(contentsOfFile: path, encoding: .utf8), path))
        }
        return overrides
    }

    /// The set of `overrides` over the defaults, compiled.
    ///
    /// taxigen prints templates with its own compiled engine only (``TemplateCompiler``): variables, sections,
    /// inverted sections, comments, partials and the content type. A template that uses any other Mustache
    /// feature (set delimiters, inheritance, dynamic partials, transforms) is refused at the line and column
    /// where it does.
    init(overrides: [(name: String, text: String, path: String)]) throws {
        var templates: [(name: String, text: String, origin: Origin)] = []
        for (name, defaultText) in DefaultTemplates.all {
            let override = overrides.first { $0.name == name }
            templates.append((name, override?.text ?? defaultText, override.map { .override(path: $0.path) } ?? .builtIn))
        }
        self.templates = templates.sorted { $0.name < $1.name }
        let symbols = TemplateSymbols(texts: self.templates.map(\.text))
        self.symbols = symbols
        var compiled: [String: CompiledTemplate] = [:]
        for template in self.templates {
            do {
                compiled[template.name] = try TemplateCompiler.compile(template.text, symbols: symbols)
            } catch {
                let source = if case .override(let path) = template.origin { path } else { "built-in template \(template.name)" }
                throw TemplateError(at: "\(source):\(error.line):\(error.column)", message: "cannot compile the template: \(error.reason)",
                                    hint: "taxigen's templates print variables, sections, inverted sections, comments, partials "
                                        + "and the content type; compute anything else in a planner, or pass it in the context")
            }
        }
        renderer = TemplateRenderer(templates: compiled)
        warnings = self.templates.flatMap { template -> [Diagnostic] in
            guard case .override(let path) = template.origin, let program = compiled[template.name] else { return [] }
            return OverrideNames.warnings(program, text: template.text, path: path, symbols: symbols,
                                          defaultWords: OverrideNames.defaultWords)
        }
    }

    /// Renders a planned file's context with its template.
    public func render(_ file: PlannedFile) throws -> String {
        String(decoding: try renderBytes(file), as: UTF8.self)
    }

    /// Renders a planned file's context with its template, as UTF-8: what the write stage compares and
    /// writes as is.
    public func renderBytes(_ file: PlannedFile) throws -> [UInt8] {
        let encoder = ContextEncoder(symbols: symbols)
        let context = try file.context.preparedForRendering { try encoder.encode($0) }
        guard var bytes = renderer.render(file.template, context: context) else { throw unknownTemplate(file.template) }
        OutputFormatting.normalize(&bytes)
        return bytes
    }

    private func unknownTemplate(_ name: String) -> TemplateError {
        TemplateError(message: "no template named '\(name)'", hint: nil)
    }
}

/// A template that cannot be loaded or rendered.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// Where, as `file:line:column`, when the problem is in a template file.
    public let location: String?
    /// What went wrong.
    public let reason: String
    /// How to fix it.
    public let hint: String?

    /// A problem at `location` (`file:line:column`), or in no file.
    init(at location: String? = nil, message reason: String, hint: String?) {
        self.location = location
        self.reason = reason
        self.hint = hint
    }

    /// The location and what went wrong.
    public var message: String {
        location.map { "\($0): \(reason)" } ?? reason
    }

    /// `file:line:column: error: reason`, as every other diagnostic, and the hint.
    public var description: String {
        (location.map { "\($0): " } ?? "") + "error: \(reason)" + (hint.map { "\n    hint: \($0)" } ?? "")
    }
}

/// Whitespace hygiene applied to every rendered file: no trailing spaces, no runs of blank lines,
/// exactly one newline at the end. It never changes anything but whitespace.
enum OutputFormatting {
    /// `text` with the whitespace rules applied.
    static func normalize(_ text: String) -> String {
        normalize(Array(text.utf8))
    }

    /// `bytes` (UTF-8) with the whitespace rules applied, as a string.
    static func normalize(_ bytes: [UInt8]) -> String {
        var bytes = bytes
        normalize(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Applies the whitespace rules to `bytes` (UTF-8) in place: the text only ever shrinks, plus one newline.
    static func normalize(_ bytes: inout [UInt8]) {
        let length = bytes.count
        bytes.append(0)
        let count = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
            let base = buffer.baseAddress!
            let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
            var count = 0
            var previousBlank = true
            var start = 0
            while start <= length {
                // One line: [start, end), without its newline and trailing spaces and tabs. Lines are found
                // with memchr and moved with memmove: the output is never ahead of the input.
                let next = memchr(base + start, Int32(newline), length - start)
                    .map { $0.assumingMemoryBound(to: UInt8.self) - base } ?? length
                var end = next
                while end > start, base[end - 1] == space || base[end - 1] == tab { end -= 1 }
                let blank = end == start
                if !(blank && previousBlank) {
                    if count != start { memmove(base + count, base + start, end - start) }
                    count += end - start
                    base[count] = newline
                    count += 1
                }
                previousBlank = blank
                start = next + 1
            }
            while count >= 2, base[count - 1] == newline, base[count - 2] == newline {
                count -= 1
            }
            return count
        }
        bytes.removeLast(bytes.count - count)
    }
}
