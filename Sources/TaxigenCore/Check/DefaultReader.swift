import Foundation

/// Reads a field's `default` and checks it against the field's type and its own rules.
struct DefaultReader {
    let field: String
    let type: FieldType
    let rules: ValidationRules
    let nullable: Bool
    /// What the value is, for messages: `default`, or `example` for the value generated tests use.
    var role = "default"

    func read(_ node: SyntaxNode, into log: inout DiagnosticLog) -> DefaultValue? {
        if case .scalar(let scalar) = node, scalar.isNull {
            log.error("the \(role) of field '\(field)' is null", at: node.location,
                      hint: nullable ? "remove 'default': nullable fields are NULL unless set"
                                     : "a field that is not nullable cannot default to null")
            return nil
        }
        switch type {
        case .string, .text:
            guard let text = text(node, into: &log) else { return nil }
            return checkText(text, at: node.location, into: &log) ? .string(text) : nil
        case .int, .bigint, .double, .decimal:
            return number(node, into: &log).map(DefaultValue.number)
        case .bool:
            guard case .scalar(let scalar) = node, let value = scalar.bool else {
                return mismatch(node, expected: "true or false", into: &log)
            }
            return .bool(value)
        case .enumeration(let enumType):
            guard case .scalar(let scalar) = node, !scalar.isNull else { return mismatch(node, expected: "one of the values", into: &log) }
            guard enumType.values.contains(scalar.text) else {
                log.error("\(role) '\(scalar.text)' of field '\(field)' is not one of its values", at: node.location,
                          hint: Suggestion.hint(for: scalar.text, in: enumType.values)
                              ?? "use one of \(enumType.values.joined(separator: ", "))")
                return nil
            }
            return .enumValue(scalar.text)
        case .date:
            guard case .scalar(let scalar) = node else { return mismatch(node, expected: "a date", into: &log) }
            if scalar.text == "today" { return .today }
            guard let date = Self.parseDate(scalar.text) else {
                log.error("\(role) '\(scalar.text)' of date field '\(field)' is not a date", at: node.location,
                          hint: "write 'YYYY-MM-DD' (years 0001 to 9999) or 'today'")
                return nil
            }
            return .date(year: date.year, month: date.month, day: date.day)
        case .timestamp:
            guard case .scalar(let scalar) = node, scalar.text == "now" else {
                log.error("the \(role) of timestamp field '\(field)' can only be 'now'", at: node.location,
                          hint: "fixed instants as defaults are almost always a mistake; set the value on create")
                return nil
            }
            return .now
        case .uuid:
            guard case .scalar(let scalar) = node, scalar.text == "random" else {
                log.error("the \(role) of uuid field '\(field)' can only be 'random'", at: node.location, hint: "write `default: random`, or leave the default out")
                return nil
            }
            return .randomUUID
        case .json:
            return json(node, into: &log).map(DefaultValue.json)
        case .array(let item):
            guard case .sequence(let sequence) = node else { return mismatch(node, expected: "a list", into: &log) }
            if let min = rules.minItems, sequence.items.count < min {
                log.error("the \(role) of field '\(field)' has \(sequence.items.count) items, fewer than 'min_items' \(min)",
                          at: node.location, hint: "add items to the \(role), or lower 'min_items'")
                return nil
            }
            if let max = rules.maxItems, sequence.items.count > max {
                log.error("the \(role) of field '\(field)' has \(sequence.items.count) items, more than 'max_items' \(max)",
                          at: node.location, hint: "remove items from the \(role), or raise 'max_items'")
                return nil
            }
            let itemReader = DefaultReader(field: field, type: item.fieldType(maxLength: rules.maxLength ?? 1), rules: rules,
                                           nullable: false, role: role)
            var items: [DefaultValue] = []
            for element in sequence.items {
                guard let value = itemReader.read(element, into: &log) else { return nil }
                items.append(value)
            }
            return .array(items)
        case .ref, .vector, .primaryKey, .sealed:
            log.error("a \(type.keyword) field cannot have a default", at: node.location, hint: "remove 'default'")
            return nil
        }
    }

    private func text(_ node: SyntaxNode, into log: inout DiagnosticLog) -> String? {
        guard case .scalar(let scalar) = node else { return mismatch(node, expected: "a string", into: &log) }
        if scalar.isPlain, scalar.bool != nil || scalar.number != nil {
            log.error("the \(role) of text field '\(field)' is \(scalar.kindDescription)", at: node.location,
                      hint: "quote it if you mean the text: default: \"\(scalar.text)\"")
            return nil
        }
        return scalar.text
    }

    private func checkText(_ text: String, at location: SourceLocation, into log: inout DiagnosticLog) -> Bool {
        guard SpecText.checkNoNUL(text, what: "the \(role) of field '\(field)'", at: location, into: &log) else { return false }
        var ok = true
        let length = text.unicodeScalars.count  // code points, as PostgreSQL's char_length counts
        let maxLength: Int? = if case .string(let max) = type { max } else { rules.maxLength }
        if let min = rules.minLength, length < min {
            log.error("the \(role) of field '\(field)' is shorter than its 'min_length' \(min)", at: location,
                      hint: "lengthen the \(role), or lower 'min_length'")
            ok = false
        }
        if let max = maxLength, length > max {
            log.error("the \(role) of field '\(field)' is longer than its 'max_length' \(max)", at: location,
                      hint: "shorten the \(role), or raise 'max_length'")
            ok = false
        }
        if let pattern = rules.pattern, let problem = TextFormat.mismatch(text, pattern: pattern) {
            log.error("the \(role) of field '\(field)' \(problem.message)", at: location, hint: problem.hint)
            ok = false
        }
        if let format = rules.format, !TextFormat.matches(text, pattern: TextFormat.pattern(for: format)) {
            log.error("the \(role) of field '\(field)' is not a valid \(format.rawValue)", at: location, hint: "write a \(role) that is a valid \(format.rawValue), or leave it out")
            ok = false
        }
        return ok
    }

    private func number(_ node: SyntaxNode, into log: inout DiagnosticLog) -> NumberLiteral? {
        guard case .scalar(let scalar) = node else { return mismatch(node, expected: "a number", into: &log) }
        let literal: NumberLiteral?
        if case .decimal = type, !scalar.isPlain {
            literal = NumberLiteral(scalar.text)
        } else {
            literal = scalar.number
        }
        guard let value = literal else { return mismatch(node, expected: "a number", into: &log) }
        if let problem = NumberRules.problem(value, for: type) {
            log.error("the \(role) \(value.written) of field '\(field)' \(problem.message)", at: node.location, hint: problem.hint)
            return nil
        }
        if let min = rules.minimum, value < min {
            log.error("the \(role) \(value) of field '\(field)' is below its 'minimum' \(min)", at: node.location, hint: "raise the \(role) to at least \(min), or lower 'minimum'")
            return nil
        }
        if let max = rules.maximum, value > max {
            log.error("the \(role) \(value) of field '\(field)' is above its 'maximum' \(max)", at: node.location, hint: "lower the \(role) to at most \(max), or raise 'maximum'")
            return nil
        }
        return value
    }

    private func mismatch<T>(_ node: SyntaxNode, expected: String, into log: inout DiagnosticLog) -> T? {
        log.error("the \(role) of field '\(field)' must be \(expected), not \(node.kindDescription)", at: node.location, hint: "write the \(role) as \(expected)")
        return nil
    }

    /// Parses `YYYY-MM-DD` into a real calendar date of the years 0001 to 9999 (PostgreSQL has no year 0, and
    /// Taxiway's `CalendarDate` holds these years).
    static func parseDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 1, (1...12).contains(month), day >= 1
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days ? (year, month, day) : nil
    }

    /// Converts a YAML value to a JSON literal, with object keys sorted; nil (after reporting) when a number
    /// is one `jsonb` and Swift's `JSONValue` would not both hold, or a text holds a NUL character.
    func json(_ node: SyntaxNode, into log: inout DiagnosticLog) -> JSONLiteral? {
        switch node {
        case .scalar(let scalar):
            if scalar.isNull { return .null }
            if let bool = scalar.bool { return .bool(bool) }
            if let number = scalar.number {
                if let problem = NumberRules.jsonProblem(number) {
                    log.error("the number \(number.written) in the \(role) of field '\(field)' \(problem.message)",
                              at: node.location, hint: "JSON numbers are read as Swift doubles; " + problem.hint)
                    return nil
                }
                return .number(number)
            }
            guard SpecText.checkNoNUL(scalar.text, what: "the \(role) of field '\(field)'", at: node.location, into: &log) else {
                return nil
            }
            return .string(scalar.text)
        case .sequence(let sequence):
            var items: [JSONLiteral] = []
            var ok = true
            for item in sequence.items {
                if let value = json(item, into: &log) { items.append(value) } else { ok = false }
            }
            return ok ? .array(items) : nil
        case .mapping(let mapping):
            var members: [(key: String, value: JSONLiteral)] = []
            var ok = true
            for entry in mapping.entries {
                guard SpecText.checkNoNUL(entry.key.text, what: "a key in the \(role) of field '\(field)'",
                                          at: entry.key.location, into: &log) else {
                    ok = false
                    continue
                }
                if let value = json(entry.value, into: &log) { members.append((entry.key.text, value)) } else { ok = false }
            }
            return ok ? .object(members.sorted { $0.key < $1.key }) : nil
        }
    }
}

extension ArrayItemType {
    /// The field type of one item.
    func fieldType(maxLength: Int) -> FieldType {
        switch self {
        case .string: .string(maxLength: maxLength)
        case .text: .text
        case .int: .int
        case .bigint: .bigint
        case .double: .double
        case .bool: .bool
        case .uuid: .uuid
        }
    }
}

/// The regular expressions behind `format:`. Taxiway's `Validate` uses the same expressions (a test checks it).
public enum TextFormat {
    /// The expression a value of a format must match as a whole.
    public static func pattern(for format: ValidationRules.Format) -> String {
        switch format {
        case .email: #"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"#
        case .url: #"^https?://[^\s/$.?#][^\s]*$"#
        }
    }

    /// Whether `text` matches `pattern` (ICU syntax); the pattern must match the whole text.
    static func matches(_ text: String, pattern: String) -> Bool {
        RegexCache.wholeMatch(text, pattern: pattern)
    }

    /// Why `text` fails a spec's `pattern` (a message after "the default of field 'x' ", and a hint), or
    /// nil when it matches. Matching is bounded in steps and text length (see `RegexCache`).
    static func mismatch(_ text: String, pattern: String) -> (message: String, hint: String?)? {
        switch RegexCache.evaluate(text, pattern: pattern) {
        case .match: nil
        case .mismatch: ("does not match its 'pattern'", nil)
        case .tooSlow: ("takes too long to check against its 'pattern'",
                        "simplify the pattern: a repeated part that can match the same text in several ways, such as `(a+)+` or `(a|ab)*`, takes exponential time on text that almost matches")
        case .tooLong: ("is too long to check against its 'pattern' (\(text.count) characters; at most \(RegexCache.maximumTextLength))",
                        "shorten it")
        }
    }
}
