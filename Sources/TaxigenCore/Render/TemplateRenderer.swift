/// Prints compiled templates into a byte buffer, with swift-mustache's rules for looking up names, for
/// sections and for indenting standalone partials, but without its per-tag dynamic casts: values are
/// ``TemplateValue``s, names are symbol numbers, and the context stack is one array pushed and popped.
struct TemplateRenderer {
    /// The compiled templates by name, for partials.
    let templates: [String: CompiledTemplate]

    /// The bytes of `template` rendered over `context`.
    func render(_ template: CompiledTemplate, context: TemplateValue) -> [UInt8] {
        var state = RenderState(stack: [context])
        state.output.reserveCapacity(16 * 1024)
        render(template, indentation: nil, into: &state)
        return state.output
    }

    private func render(_ template: CompiledTemplate, indentation: [UInt8]?, into state: inout RenderState) {
        guard let indentation, !indentation.isEmpty else {
            for node in template.nodes { render(node, indentation: indentation, into: &state) }
            return
        }
        // As swift-mustache: a node's output is indented when it is not empty and what this template printed
        // so far ends with the character "\n" (a "\r\n" is one character, and does not).
        let start = state.output.count
        let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        for node in template.nodes {
            let nodeStart = state.output.count
            render(node, indentation: indentation, into: &state)
            guard state.output.count > nodeStart, nodeStart > start, state.output[nodeStart - 1] == newline else { continue }
            if nodeStart - 2 >= start, state.output[nodeStart - 2] == carriageReturn { continue }
            state.output.insert(contentsOf: indentation, at: nodeStart)
        }
    }

    private func render(_ node: TemplateNode, indentation: [UInt8]?, into state: inout RenderState) {
        switch node {
        case .text(let bytes):
            state.output.append(contentsOf: bytes)
        case .variable(let name, let escaped):
            guard let value = state.lookUp(name) else { return }
            state.print(value, escaped: escaped)
        case .section(let name, let body):
            switch state.lookUp(name) {
            case .list(let items):
                for item in items {
                    state.stack.append(item)
                    render(body, indentation: indentation, into: &state)
                    state.stack.removeLast()
                }
            case .flag(let flag):
                if flag { render(body, indentation: indentation, into: &state) }
            case .some(let value):
                state.stack.append(value)
                render(body, indentation: indentation, into: &state)
                state.stack.removeLast()
            case .none:
                break
            }
        case .invertedSection(let name, let body):
            switch state.lookUp(name) {
            case .list(let items):
                if items.isEmpty {
                    state.stack.append(.list(items))
                    render(body, indentation: indentation, into: &state)
                    state.stack.removeLast()
                }
            case .flag(let flag):
                if !flag { render(body, indentation: indentation, into: &state) }
            case .some:
                break
            case .none:
                render(body, indentation: indentation, into: &state)
            }
        case .partial(let name, let indented):
            guard let partial = templates[name] else { return }
            let combined = indented.map { (indentation ?? []) + $0 } ?? indentation
            render(partial, indentation: combined, into: &state)
        }
    }
}

/// The output and the context stack of one render.
private struct RenderState {
    var stack: [TemplateValue]
    var output: [UInt8] = []

    /// The value `name` refers to: its first part is searched from the innermost context outwards (or in
    /// the innermost only), and the rest inside what was found.
    func lookUp(_ name: TemplateName) -> TemplateValue? {
        guard let first = name.path.first else { return stack.last }
        var found: TemplateValue?
        if name.innermostOnly {
            found = Self.child(first, of: stack[stack.count - 1])
        } else {
            var index = stack.count - 1
            while index >= 0 {
                if let child = Self.child(first, of: stack[index]) {
                    found = child
                    break
                }
                index -= 1
            }
        }
        var part = 1
        while part < name.path.count, let value = found {
            found = Self.child(name.path[part], of: value)
            part += 1
        }
        return found
    }

    private static func child(_ symbol: Int, of value: TemplateValue) -> TemplateValue? {
        guard case .object(let object) = value else { return nil }
        return object[symbol]
    }

    /// Prints a variable's value: text as it is or HTML-escaped, booleans and integers in Swift's spelling.
    /// Lists and objects print nothing (swift-mustache would print a Swift debug description).
    mutating func print(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .text(let text):
            if escaped { appendEscaped(text) } else { output.append(contentsOf: text.utf8) }
        case .flag(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            output.append(contentsOf: String(number).utf8)
        case .list, .object:
            break
        }
    }

    /// Appends `text` HTML-escaped as swift-mustache escapes it: `<`, `>`, `&`, `"` and `'` as whole
    /// characters (a quote that a combining mark follows is one character, and is left alone).
    private mutating func appendEscaped(_ text: String) {
        let special: (UInt8) -> Bool = { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }
        guard text.utf8.contains(where: special) else {
            output.append(contentsOf: text.utf8)
            return
        }
        for character in text {
            switch character {
            case "<": output.append(contentsOf: "&lt;".utf8)
            case ">": output.append(contentsOf: "&gt;".utf8)
            case "&": output.append(contentsOf: "&amp;".utf8)
            case "\"": output.append(contentsOf: "&quot;".utf8)
            case "'": output.append(contentsOf: "&#39;".utf8)
            default: output.append(contentsOf: String(character).utf8)
            }
        }
    }
}
