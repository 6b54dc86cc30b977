import Foundation
import Mustache
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
    private let library: MustacheLibrary

    /// The embedded defaults only.
    public static func defaults() throws -> TemplateSet {
        try TemplateSet(overrides: [])
    }

    /// The defaults with every `NAME.mustache` file in `directory` replacing the default of that name.
    ///
    /// A file that names no default template is refused, since a misspelt override would silently do nothing.
    public static func loading(overridesFrom directory: String?) throws -> TemplateSet {
        guard let directory else { return try defaults() }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }.sorted()
        var overrides: [(name: String, text: String, path: String)] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            let name = String(file.dropLast(".mustache".count))
            guard DefaultTemplates.text(named: name) != nil else {
                throw TemplateError(message: "\(path): no default template is named '\(name)'",
                                    hint: Suggestion.hint(for: name, in: DefaultTemplates.all.map(\.name))
                                        ?? "run `taxigen templates list` for the names")
            }
            overrides.append((name, try String(contentsOfFile: path, encoding: .utf8), path))
        }
        return try TemplateSet(overrides: overrides)
    }

    private init(overrides: [(name: String, text: String, path: String)]) throws {
        var templates: [(name: String, text: String, origin: Origin)] = []
        var library = MustacheLibrary()
        for (name, defaultText) in DefaultTemplates.all {
            let override = overrides.first { $0.name == name }
            let text = override?.text ?? defaultText
            do {
                try library.register(text, named: name)
            } catch {
                throw TemplateError(message: "\(override?.path ?? "built-in template \(name)"): cannot parse: \(error)",
                                    hint: "check the Mustache syntax of the template")
            }
            templates.append((name, text, override.map { .override(path: $0.path) } ?? .builtIn))
        }
        self.templates = templates.sorted { $0.name < $1.name }
        self.library = library
    }

    /// Renders a planned file's context with its template.
    public func render(_ file: PlannedFile) throws -> String {
        guard let text = library.render(try file.context.preparedForRendering { try ContextEncoder.encode($0) }, withTemplate: file.template) else {
            throw TemplateError(message: "no template named '\(file.template)'", hint: nil)
        }
        return OutputFormatting.normalize(text)
    }
}

/// A template that cannot be loaded or rendered.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// How to fix it.
    public let hint: String?

    public var description: String {
        "error: \(message)" + (hint.map { "\n    hint: \($0)" } ?? "")
    }
}

/// Whitespace hygiene applied to every rendered file: no trailing spaces, no runs of blank lines,
/// exactly one newline at the end. It never changes anything but whitespace.
enum OutputFormatting {
    static func normalize(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var line: [UInt8] = []
        var previousBlank = true
        func flush() {
            while let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { line.removeLast() }
            let blank = line.isEmpty
            if !(blank && previousBlank) {
                output.append(contentsOf: line)
                output.append(UInt8(ascii: "\n"))
            }
            previousBlank = blank
            line.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") { flush() } else { line.append(byte) }
        }
        flush()
        while output.count >= 2, output[output.count - 1] == UInt8(ascii: "\n"), output[output.count - 2] == UInt8(ascii: "\n") {
            output.removeLast()
        }
        return String(decoding: output, as: UTF8.self)
    }
}
