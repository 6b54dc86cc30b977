/// SQL literals and default expressions: how a spec value is spelled in DDL.
enum SQLLiteral {
    /// A string constant: `'it''s'`; text with a line break or other control character becomes an escape
    /// string (`E'line one\nline two'`) so that the DDL stays one line per constant and keeps every character.
    ///
    /// Line separators, C1 controls and bidirectional formatting characters are escaped too (`\u202E`), so
    /// the DDL shows them rather than hiding or reordering text; the value stays the same.
    static func string(_ text: String) -> String {
        let needsEscapes = text.unicodeScalars.contains { $0 == "\t" || CommentText.needsEscape($0) }
        guard needsEscapes else {
            return "'" + text.replacing(character: "'", with: "''") + "'"
        }
        var result = "E'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": result += "''"
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else if CommentText.needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }

    /// The `DEFAULT` expression of a column's default value.
    static func defaultExpression(_ value: DefaultValue, of column: Column) -> String {
        switch (value, column.type) {
        case (.array(let items), .array(let item)):
            if items.isEmpty { return "'{}'" }
            let itemType = item.fieldType(maxLength: column.rules.maxLength ?? 1)
            return "ARRAY[" + items.map { expression($0, type: itemType) }.joined(separator: ", ") + "]::"
                + SQLTypeMapping.type(of: column)
        default:
            return expression(value, type: column.type)
        }
    }

    /// The expression of a scalar default value of a type.
    static func expression(_ value: DefaultValue, type: FieldType) -> String {
        switch value {
        case .string(let text): string(text)
        case .number(let number): number.description
        case .bool(let flag): flag ? "true" : "false"
        case .enumValue(let raw): string(raw)
        case .date(let year, let month, let day): "date '\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))'"
        case .today: "CURRENT_DATE"
        case .now: "now()"
        case .randomUUID: "gen_random_uuid()"
        case .json(let json): string(json.canonicalText) + "::jsonb"
        case .array(let items):
            items.isEmpty ? "'{}'" : "ARRAY[" + items.map { expression($0, type: type) }.joined(separator: ", ") + "]"
        }
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
