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
        var text = text
        return text.withUTF8 { normalize(bytes: $0) }
    }

    private static func normalize(bytes: UnsafeBufferPointer<UInt8>) -> String {
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 1)
        var previousBlank = true
        var start = 0
        while start <= bytes.count {
            // One line: [start, end), without its newline and trailing spaces and tabs.
            var next = start
            while next < bytes.count, bytes[next] != newline { next += 1 }
            var end = next
            while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
            let blank = end == start
            if !(blank && previousBlank) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                output.append(newline)
            }
            previousBlank = blank
            start = next + 1
        }
        while output.count >= 2, output[output.count - 1] == newline, output[output.count - 2] == newline {
            output.removeLast()
        }
        return String(decoding: output, as: UTF8.self)
    }
}
