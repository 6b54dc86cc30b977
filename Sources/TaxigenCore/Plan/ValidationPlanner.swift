/// Decides the validation calls generated for a column: one `ValidationReport` call per spec rule, plus the
/// checks every column of its type gets whatever the spec says, so a value that passes is one PostgreSQL
/// stores and reads back as it is: no NUL in text, timestamps within PostgreSQL's range, finite doubles,
/// decimals that are numbers, finite vector components, JSON without NUL, non-finite numbers or deep nesting.
enum ValidationPlanner {
    /// The calls that check `value` (a Swift expression) against the column's rules.
    static func checks(for column: Column, value: String) -> [String] {
        let field = SwiftTypeMapping.stringLiteral(column.name)
        let rules = column.rules
        var lines: [String] = []
        func bounds(_ pairs: [(String, String?)]) -> String {
            pairs.compactMap { label, value in value.map { "\(label): \($0)" } }.joined(separator: ", ")
        }
        switch column.type {
        case .string, .text, .sealed:
            let maxLength: Int? = if case .string(let max) = column.type { max } else { rules.maxLength }
            let minLength = rules.minLength.flatMap { $0 > 0 ? $0 : nil }
            if minLength != nil || maxLength != nil {
                lines.append("report.checkLength(\(value), of: \(field), \(bounds([("min", minLength.map(String.init)), ("max", maxLength.map(String.init))])))")
            }
            if let pattern = rules.pattern {
                lines.append("report.checkPattern(\(value), of: \(field), pattern: \(SwiftTypeMapping.stringLiteral(pattern)))")
            }
            if let format = rules.format {
                lines.append("report.checkFormat(\(value), of: \(field), .\(format.rawValue))")
            }
            // A sealed field is stored as ciphertext (`bytea`), which may hold any character.
            if case .sealed = column.type {} else {
                lines.append("report.checkNoNullCharacter(\(value), of: \(field))")
            }
        case .int, .bigint, .double, .decimal:
            if column.type == .double {
                lines.append("report.checkFinite(\(value), of: \(field))")
            }
            if rules.minimum != nil || rules.maximum != nil {
                let min = rules.minimum.map { SwiftTypeMapping.boundLiteral($0, for: column.type) }
                let max = rules.maximum.map { SwiftTypeMapping.boundLiteral($0, for: column.type) }
                lines.append("report.checkRange(\(value), of: \(field), \(bounds([("min", min), ("max", max)])))")
            }
            if case .decimal(let precision, let scale) = column.type {
                lines.append("report.checkDecimal(\(value), of: \(field), precision: \(precision), scale: \(scale))")
            }
        case .array(let item):
            let minItems = rules.minItems.flatMap { $0 > 0 ? $0 : nil }
            if minItems != nil || rules.maxItems != nil {
                lines.append("report.checkItemCount(\(value), of: \(field), \(bounds([("min", minItems.map(String.init)), ("max", rules.maxItems.map(String.init))])))")
            }
            let minLength = rules.minLength.flatMap { $0 > 0 ? $0 : nil }
            if minLength != nil || rules.maxLength != nil {
                lines.append("report.checkEachLength(\(value), of: \(field), \(bounds([("min", minLength.map(String.init)), ("max", rules.maxLength.map(String.init))])))")
            }
            if item == .string || item == .text {
                lines.append("report.checkEachNoNullCharacter(\(value), of: \(field))")
            }
            if item == .double {
                lines.append("report.checkEachFinite(\(value), of: \(field))")
            }
            if let pattern = rules.pattern {
                lines.append("report.checkEachPattern(\(value), of: \(field), pattern: \(SwiftTypeMapping.stringLiteral(pattern)))")
            }
            if rules.minimum != nil || rules.maximum != nil {
                let min = rules.minimum.map { SwiftTypeMapping.boundLiteral($0, for: column.type) }
                let max = rules.maximum.map { SwiftTypeMapping.boundLiteral($0, for: column.type) }
                lines.append("report.checkEachRange(\(value), of: \(field), \(bounds([("min", min), ("max", max)])))")
            }
        case .vector(let dimensions, _):
            // Also refuses NaN and infinite components, which pgvector does not store.
            lines.append("report.checkDimensions(\(value), of: \(field), count: \(dimensions))")
        case .timestamp:
            lines.append("report.checkStorable(\(value), of: \(field))")
        case .json:
            lines.append("report.checkJSON(\(value), of: \(field))")
        case .bool, .date, .uuid, .enumeration, .ref, .primaryKey:
            // Every `Bool`, `UUID` and enum case is storable; a `CalendarDate` holds years 1…9999 only,
            // well inside what `date` stores.
            break
        }
        return lines
    }
}
