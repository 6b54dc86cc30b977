/// Prints a ``TemplateProgram``'s templates into a byte buffer, with swift-mustache's rules for looking up
/// names, for sections and for indenting standalone partials, but without its per-tag dynamic casts:
/// values are ``TemplateValue``s, names are symbol numbers, and the context stack is one array pushed and
/// popped.
struct TemplateRenderer: Sendable {
    /// The linked templates.
    let program: TemplateProgram

    /// Links compiled templates (by name) for rendering.
    init(templates: [String: CompiledTemplate]) {
        program = TemplateProgram(templates: templates)
    }

    /// The bytes of the template named `name` rendered over `context`, or nil when there is no such template.
    func render(_ name: String, context: TemplateValue) -> [UInt8]? {
        guard let number = program.numbers[name] else { return nil }
        var state = RenderState(program: program, stack: [context])
        state.output.reserveCapacity(16 * 1024)
        state.render(program.ranges[number], indentation: nil)
        return state.output
    }
}

/// The output and the context stack of one render.
private struct RenderState {
    let instructions: UnsafeMutableBufferPointer<TemplateProgram.Instruction>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    let paths: UnsafeMutableBufferPointer<Int>
    let ranges: [Range<Int>]
    var stack: [TemplateValue]
    var output: [UInt8] = []

    init(program: TemplateProgram, stack: [TemplateValue]) {
        instructions = program.instructions
        bytes = program.bytes
        paths = program.paths
        ranges = program.ranges
        self.stack = stack
    }

    /// Renders the instructions in `range`. A standalone partial's `indentation` applies as swift-mustache
    /// applies it: an instruction's output is indented when it is not empty and what this range printed so
    /// far ends with the character "\n" (a "\r\n" is one character, and does not).
    mutating func render(_ range: Range<Int>, indentation: [UInt8]?) {
        let start = output.count
        var index = range.lowerBound
        while index < range.upperBound {
            let instructionStart = output.count
            index = perform(at: index, indentation: indentation)
            if let indentation, !indentation.isEmpty, output.count > instructionStart, instructionStart > start,
               output[instructionStart - 1] == UInt8(ascii: "\n"),
               !(instructionStart - 2 >= start && output[instructionStart - 2] == UInt8(ascii: "\r")) {
                output.insert(contentsOf: indentation, at: instructionStart)
            }
        }
    }

    /// Performs the instruction at `index`; returns the index of the next one.
    private mutating func perform(at index: Int, indentation: [UInt8]?) -> Int {
        let instruction = instructions[index]
        switch instruction.kind {
        case .text:
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[instruction.first..<instruction.first + instruction.second]))
        case .variable:
            if let value = lookUp(instruction) { print(value, escaped: instruction.third == 1) }
        case .section:
            let body = index + 1..<instruction.third
            switch lookUp(instruction) {
            case .list(let items):
                for item in items {
                    stack.append(item)
                    render(body, indentation: indentation)
                    stack.removeLast()
                }
            case .flag(let flag):
                if flag { render(body, indentation: indentation) }
            case .some(let value):
                stack.append(value)
                render(body, indentation: indentation)
                stack.removeLast()
            case .none:
                break
            }
            return instruction.third
        case .invertedSection:
            let body = index + 1..<instruction.third
            switch lookUp(instruction) {
            case .list(let items):
                if items.isEmpty {
                    stack.append(.list(items))
                    render(body, indentation: indentation)
                    stack.removeLast()
                }
            case .flag(let flag):
                if !flag { render(body, indentation: indentation) }
            case .some:
                break
            case .none:
                render(body, indentation: indentation)
            }
            return instruction.third
        case .partial:
            guard instruction.first >= 0 else { break }
            var combined = indentation
            if instruction.third >= 0 {
                combined = (indentation ?? []) + UnsafeBufferPointer(rebasing: bytes[instruction.second..<instruction.second + instruction.third])
            }
            render(ranges[instruction.first], indentation: combined)
        }
        return index + 1
    }

    /// The value the instruction's name refers to: its first part is searched from the innermost context
    /// outwards (or in the innermost only), and the rest inside what was found; no parts is the innermost.
    private func lookUp(_ instruction: TemplateProgram.Instruction) -> TemplateValue? {
        let path = UnsafeBufferPointer(rebasing: paths[instruction.first..<instruction.first + instruction.second])
        guard let first = path.first else { return stack.last }
        var found: TemplateValue?
        if instruction.innermostOnly {
            found = Self.child(first, of: stack[stack.count - 1])
        } else {
            var level = stack.count - 1
            while level >= 0 {
                if let child = Self.child(first, of: stack[level]) {
                    found = child
                    break
                }
                level -= 1
            }
        }
        var part = 1
        while part < path.count, let value = found {
            found = Self.child(path[part], of: value)
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
    private mutating func print(_ value: TemplateValue, escaped: Bool) {
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
        guard text.someUTF8Byte(special) else {
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
