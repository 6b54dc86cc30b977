/// Decides the validation calls generated for a column from its ``Column/valueRules``: one `ValidationReport`
/// call per rule (a lower and an upper bound of the same measure share one), including the rules every column of
/// its type gets whatever the spec says, so a value that passes is one PostgreSQL stores and reads back as it is:
/// no NUL in text, timestamps within PostgreSQL's range, finite doubles, decimals that are numbers, finite vector
/// components, JSON without NUL, non-finite numbers or deep nesting.
enum ValidationPlanner {
    /// The calls that check `value` (a Swift expression) against the column's rules.
    static func checks(for column: Column, value: String) -> [String] {
        let field = SwiftTypeMapping.stringLiteral(column.name)
        var lines: [String] = []
        func bounds(_ pairs: [(String, String?)]) -> String {
            pairs.compactMap { label, value in value.map { "\(label): \($0)" } }.joined(separator: ", ")
        }
        func call(_ name: String, _ arguments: String = "") -> String {
            "report.\(name)(\(value), of: \(field)\(arguments.isEmpty ? "" : ", " + arguments))"
        }
        let itemType: FieldType = if case .array(let item) = column.type { item.fieldType(maxLength: 1) } else { column.type }
        let rules = column.valueRules
        var index = 0
        // The upper bound that follows a lower bound of the same measure joins its call.
        func nextUpper(_ upper: (ColumnRule.Kind) -> String?, each: Bool) -> String? {
            guard index + 1 < rules.count, rules[index + 1].eachItem == each, let bound = upper(rules[index + 1].kind) else {
                return nil
            }
            index += 1
            return bound
        }
        func maxLength(_ kind: ColumnRule.Kind) -> String? { if case .maxLength(let max) = kind { String(max) } else { nil } }
        func maxItems(_ kind: ColumnRule.Kind) -> String? { if case .maxItems(let max) = kind { String(max) } else { nil } }
        func maximum(_ kind: ColumnRule.Kind) -> String? {
            if case .maximum(let max) = kind { SwiftTypeMapping.boundLiteral(max, for: itemType) } else { nil }
        }
        while index < rules.count {
            let rule = rules[index]
            let each = rule.eachItem ? "Each" : ""
            switch rule.kind {
            case .minLength(let min):
                lines.append(call("check\(each)Length", bounds([("min", String(min)), ("max", nextUpper(maxLength, each: rule.eachItem))])))
            case .maxLength(let max):
                lines.append(call("check\(each)Length", "max: \(max)"))
            case .minimum(let min):
                let min = SwiftTypeMapping.boundLiteral(min, for: itemType)
                lines.append(call("check\(each)Range", bounds([("min", min), ("max", nextUpper(maximum, each: rule.eachItem))])))
            case .maximum(let max):
                lines.append(call("check\(each)Range", "max: \(SwiftTypeMapping.boundLiteral(max, for: itemType))"))
            case .minItems(let min):
                lines.append(call("checkItemCount", bounds([("min", String(min)), ("max", nextUpper(maxItems, each: false))])))
            case .maxItems(let max):
                lines.append(call("checkItemCount", "max: \(max)"))
            case .pattern(let pattern):
                lines.append(call("check\(each)Pattern", "pattern: \(SwiftTypeMapping.stringLiteral(pattern))"))
            case .format(let format):
                lines.append(call("checkFormat", ".\(format.rawValue)"))
            case .noNullCharacter:
                lines.append(call("check\(each)NoNullCharacter"))
            case .finite:
                lines.append(call("check\(each)Finite"))
            case .decimalDigits(let precision, let scale):
                lines.append(call("checkDecimal", "precision: \(precision), scale: \(scale)"))
            case .dimensions(let count):
                // Also refuses NaN and infinite components, which pgvector does not store.
                lines.append(call("checkDimensions", "count: \(count)"))
            case .timestampRange:
                lines.append(call("checkStorable"))
            case .storableJSON:
                lines.append(call("checkJSON"))
            case .oneOf, .positiveVersion:
                // The Swift type allows only these values; the server keeps the version.
                break
            }
            index += 1
        }
        return lines
    }
}
