import Mustache
@testable import TaxigenCore

/// How swift-mustache reads a ``TemplateValue``: the reference the compiled engine's output is held to in
/// `TemplateEngineTests` (taxigen itself prints with its compiled templates only). Objects become
/// ``TemplateContext``s, lists become arrays, strings become ``TemplateText``, and booleans and integers stay
/// as they are.
enum MustacheAdapter {
    /// The value as swift-mustache reads it; an object's fields are converted when a template asks for them.
    static func value(_ value: TemplateValue, symbols: TemplateSymbols) -> Any {
        switch value {
        case .text(let text): return TemplateText(text)
        case .flag(let flag): return flag
        case .number(let number): return number
        case .list(let items): return items.map { Self.value($0, symbols: symbols) }
        case .object(let object): return TemplateContext(object: object, symbols: symbols)
        }
    }
}

/// A struct's fields for swift-mustache, looked up by name.
struct TemplateContext: MustacheParent, Sendable {
    /// The fields.
    let object: TemplateObject
    /// The numbers of the names a template can ask for.
    let symbols: TemplateSymbols

    func child(named name: String) -> Any? {
        guard let symbol = symbols.number(of: name), let value = object[symbol] else { return nil }
        return MustacheAdapter.value(value, symbols: symbols)
    }
}

/// A string to print. swift-mustache prints a `MustacheCustomRenderable` as its `renderText` right away;
/// a plain `String` would first be tried as a lambda and as an optional, then printed through
/// `String(describing:)`. Transforms (`{{uppercased(name)}}`) apply as they do to a `String`.
struct TemplateText: MustacheCustomRenderable, MustacheTransformable, Sendable {
    /// The text as printed.
    let renderText: String
    /// A text is never Mustache's null: a section over it renders, as over a `String`.
    var isNull: Bool { false }

    init(_ text: String) {
        renderText = text
    }

    func transform(_ name: String) -> Any? {
        renderText.transform(name)
    }
}
