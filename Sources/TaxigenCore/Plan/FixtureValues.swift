/// Decides the values generated tests use: a valid value of every field for a number `n` (distinct per `n`
/// where the field is unique), and the values on both sides of every bound.
enum FixtureValues {
    /// A Swift expression of a valid value of `column`, varying with the `Int` named `n` where that matters.
    static func valid(_ column: Column, in entity: Entity, n: String = "n") -> String {
        let rules = column.rules
        switch column.type {
        case .string, .text, .sealed:
            return validText(column, n: n)
        case .int, .bigint, .double, .decimal:
            return validNumber(column, n: n)
        case .bool:
            if case .bool(let value)? = column.defaultValue { return value ? "true" : "false" }
            return "true"
        case .date:
            return "CalendarDate(year: 2024, month: 2, day: 29)!"
        case .timestamp:
            return "Date(timeIntervalSince1970: 1_700_000_000)"
        case .uuid, .ref, .primaryKey:
            return "UUID()"
        case .json:
            return "[\"fixture\": .number(Double(\(n)))]"
        case .vector(let dimensions, _):
            return "Array(repeating: Float(0.5), count: \(dimensions))"
        case .enumeration(let enumType):
            return ".\(enumType.swiftCases[0])"
        case .array(let item):
            let count = max(rules.minItems ?? 0, min(1, rules.maxItems ?? 1))
            guard count > 0 else { return "[]" }
            let element = validItem(item, rules: rules, n: n)
            return "Array(repeating: \(element), count: \(count))"
        }
    }

    /// A valid item of an array field.
    static func validItem(_ item: ArrayItemType, rules: ValidationRules, n: String) -> String {
        switch item {
        case .string, .text:
            return "TestValues.text(\"item\", \(n)\(lengthArguments(rules)))"
        case .int, .bigint:
            let value = integerStart(rules)
            return item == .int ? "Int32(\(value))" : "Int64(\(value))"
        case .double:
            return doubleStart(rules)
        case .bool:
            return "true"
        case .uuid:
            return "UUID()"
        }
    }

    private static func lengthArguments(_ rules: ValidationRules, maxLength: Int? = nil) -> String {
        var arguments = ""
        if let min = rules.minLength, min > 0 { arguments += ", minLength: \(min)" }
        if let max = maxLength ?? rules.maxLength { arguments += ", maxLength: \(max)" }
        return arguments
    }

    private static func validText(_ column: Column, n: String) -> String {
        let rules = column.rules
        let maxLength: Int? = if case .string(let max) = column.type { max } else { rules.maxLength }
        if let pattern = rules.pattern, let example = column.example {
            return "TestValues.variant(of: \(SwiftTypeMapping.stringLiteral(example)), \(n), pattern: \(SwiftTypeMapping.stringLiteral(pattern))\(lengthArguments(rules, maxLength: maxLength)))"
        }
        switch rules.format {
        case .email: return "TestValues.email(\(n))"
        case .url: return "TestValues.url(\(n))"
        case nil: return "TestValues.text(\(SwiftTypeMapping.stringLiteral(column.name)), \(n)\(lengthArguments(rules, maxLength: maxLength)))"
        }
    }

    private static func integerStart(_ rules: ValidationRules) -> String {
        if let min = rules.minimum { return min.text }
        if let max = rules.maximum, max < NumberLiteral.one { return max.text }
        return "1"
    }

    private static func doubleStart(_ rules: ValidationRules) -> String {
        if let min = rules.minimum { return SwiftTypeMapping.numberLiteral(min, for: .double) }
        if let max = rules.maximum, max < NumberLiteral.one { return SwiftTypeMapping.numberLiteral(max, for: .double) }
        return "1.0"
    }

    private static func validNumber(_ column: Column, n: String) -> String {
        let rules = column.rules
        switch column.type {
        case .int, .bigint:
            let swiftType = column.type == .int ? "Int32" : "Int64"
            let start = integerStart(rules)
            guard column.isUnique else { return "\(swiftType)(\(start))" }
            // `n` counts up from 1: wrap it into the bounds when they are narrow; the span is worked out here
            // because the Swift expression `max - start + 1` would overflow `Int` when they are wide.
            if let max = rules.maximum, let low = Int128(start), let high = Int128(max.text),
               high - low + 1 <= Int128(Int64.max) {
                return "\(swiftType)(\(start) + \(n) % (\(max.text) - \(start) + 1))"
            }
            return "\(swiftType)(\(start) + \(n))"
        case .double:
            return column.isUnique ? "\(doubleStart(rules)) + Double(\(n))" : doubleStart(rules)
        default:
            if let min = rules.minimum { return SwiftTypeMapping.numberLiteral(min, for: column.type) }
            if let max = rules.maximum, max < NumberLiteral.one { return SwiftTypeMapping.numberLiteral(max, for: column.type) }
            return column.isUnique ? "Decimal(\(n))" : "1"
        }
    }

    /// The bound cases of a column: for each rule, a value just inside and one just outside.
    static func boundCases(_ column: Column, in entity: Entity) -> [BoundCaseContext] {
        let rules = column.rules
        let field = column.name
        var cases: [BoundCaseContext] = []
        func add(_ rule: String, _ title: String, valid: String, invalid: String, issueField: String? = nil) {
            cases.append(BoundCaseContext(
                functionName: Naming.lowerCamelCase("\(column.name)_\(rule)"),
                title: "\(field): \(title)", property: column.swiftName, rule: rule,
                issueField: SwiftTypeMapping.stringLiteral(issueField ?? field), validValue: valid, invalidValue: invalid))
        }
        switch column.type {
        case .string, .text, .sealed:
            let maxLength: Int? = if case .string(let max) = column.type { max } else { rules.maxLength }
            if let min = rules.minLength, min > 0 {
                add("min_length", "at least \(min) characters", valid: "String(repeating: \"a\", count: \(min))",
                    invalid: "String(repeating: \"a\", count: \(min - 1))")
            }
            if let max = maxLength {
                add("max_length", "at most \(max) characters", valid: "String(repeating: \"a\", count: \(max))",
                    invalid: "String(repeating: \"a\", count: \(max + 1))")
            }
            if let format = rules.format {
                add("format", "a valid \(format.rawValue)", valid: format == .email ? "TestValues.email(1)" : "TestValues.url(1)",
                    invalid: "\"not a valid \(format.rawValue)\"")
            }
            if rules.pattern != nil, let example = column.example {
                add("pattern", "matches its pattern", valid: SwiftTypeMapping.stringLiteral(example),
                    invalid: "\"\\u{7}\"")
            }
            if case .sealed = column.type {} else {
                add("null_character", "no NUL character", valid: validText(column, n: "1"), invalid: "\"a\\u{0}b\"")
            }
        case .int, .bigint, .double, .decimal:
            if let min = rules.minimum, let below = step(min, by: -1, for: column.type) {
                add("minimum", "at least \(min)", valid: SwiftTypeMapping.boundLiteral(min, for: column.type), invalid: below)
            }
            if let max = rules.maximum, let above = step(max, by: 1, for: column.type) {
                add("maximum", "at most \(max)", valid: SwiftTypeMapping.boundLiteral(max, for: column.type), invalid: above)
            }
            if case .decimal(let precision, let scale) = column.type {
                // The smallest step of the scale, and one a tenth of it; the largest value that fits, and the
                // smallest power of ten that does not.
                let fraction = { (places: Int) in places == 0 ? "1" : "0." + String(repeating: "0", count: places - 1) + "1" }
                let integerDigits = precision - scale
                let largest = (integerDigits == 0 ? "0" : String(repeating: "9", count: integerDigits))
                    + (scale == 0 ? "" : "." + String(repeating: "9", count: scale))
                // Foundation's `Decimal` holds 38 significant digits and exponents down to -128: past that a
                // boundary value cannot be written exactly, so there is no case for it.
                if scale < 127 {
                    add("scale", "at most \(scale) digits after the decimal point",
                        valid: decimalLiteral(fraction(scale)), invalid: decimalLiteral(fraction(scale + 1)))
                }
                if precision <= 38 {
                    add("precision", "at most \(integerDigits) digits before the decimal point",
                        valid: decimalLiteral(largest), invalid: decimalLiteral("1" + String(repeating: "0", count: integerDigits)))
                }
            }
        case .array(let item):
            let element = validItem(item, rules: rules, n: "1")
            if let min = rules.minItems, min > 0 {
                add("min_items", "at least \(min) items", valid: "Array(repeating: \(element), count: \(min))",
                    invalid: "Array(repeating: \(element), count: \(min - 1))")
            }
            if let max = rules.maxItems {
                add("max_items", "at most \(max) items", valid: "Array(repeating: \(element), count: \(max))",
                    invalid: "Array(repeating: \(element), count: \(max + 1))")
            }
            if let max = rules.maxLength, item == .string || item == .text {
                add("max_length", "each item at most \(max) characters",
                    valid: "[String(repeating: \"a\", count: \(max))]", invalid: "[String(repeating: \"a\", count: \(max + 1))]",
                    issueField: "\(field)[0]")
            }
            if item == .string || item == .text {
                add("null_character", "no NUL character in any item", valid: "[\(element)]", invalid: "[\"a\\u{0}b\"]",
                    issueField: "\(field)[0]")
            }
            let itemType = item.fieldType(maxLength: 1)
            if let min = rules.minimum, let below = step(min, by: -1, for: itemType) {
                add("minimum", "each item at least \(min)", valid: "[\(SwiftTypeMapping.boundLiteral(min, for: itemType))]",
                    invalid: "[\(below)]", issueField: "\(field)[0]")
            }
            if let max = rules.maximum, let above = step(max, by: 1, for: itemType) {
                add("maximum", "each item at most \(max)", valid: "[\(SwiftTypeMapping.boundLiteral(max, for: itemType))]",
                    invalid: "[\(above)]", issueField: "\(field)[0]")
            }
        case .vector(let dimensions, _):
            add("dimensions", "exactly \(dimensions) dimensions", valid: "Array(repeating: Float(0.5), count: \(dimensions))",
                invalid: "Array(repeating: Float(0.5), count: \(dimensions + 1))")
        default:
            break
        }
        return cases
    }

    /// A Swift expression for the exact decimal written as `text` (digits and at most one point).
    private static func decimalLiteral(_ text: String) -> String {
        "Decimal(string: \"\(text)\")!"
    }

    /// The smallest step past a bound, in the field's own type; nil when the type cannot go past it.
    private static func step(_ bound: NumberLiteral, by direction: Int, for type: FieldType) -> String? {
        let literal = SwiftTypeMapping.numberLiteral(bound, for: type)
        switch type {
        case .int:
            guard let value = Int64(bound.text) else { return nil }
            let next = value + Int64(direction)
            return next < Int64(Int32.min) || next > Int64(Int32.max) ? nil : "Int32(\(next))"
        case .bigint:
            guard let value = Int64(bound.text), direction < 0 ? value > Int64.min : value < Int64.max else { return nil }
            return "Int64(\(literal)) \(direction < 0 ? "-" : "+") 1"
        case .double:
            return "(\(literal) as Double).\(direction < 0 ? "nextDown" : "nextUp")"
        case .decimal(_, let scale):
            let unit = "Decimal(sign: .plus, exponent: -\(scale), significand: 1)"
            return "(\(literal) as Decimal) \(direction < 0 ? "-" : "+") \(unit)"
        default:
            return nil
        }
    }
}
