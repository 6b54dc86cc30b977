/// A field's default as the spec gives it, already checked against the field's type.
public indirect enum DefaultValue: Sendable, Hashable {
    /// A text value (string, text).
    case string(String)
    /// An exact number (int, bigint, double, decimal), kept as written.
    case number(NumberLiteral)
    /// A boolean.
    case bool(Bool)
    /// One of the enum's values (the stored value).
    case enumValue(String)
    /// A fixed date, `YYYY-MM-DD`.
    case date(year: Int, month: Int, day: Int)
    /// The current date when the row is inserted.
    case today
    /// The current time when the row is inserted.
    case now
    /// A new random UUID.
    case randomUUID
    /// A JSON value.
    case json(JSONLiteral)
    /// An array of item defaults.
    case array([DefaultValue])
}

/// A JSON value written in a spec (a `json` default), with object keys kept sorted for stable output.
public indirect enum JSONLiteral: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(NumberLiteral)
    case string(String)
    case array([JSONLiteral])
    case object([(key: String, value: JSONLiteral)])

    public static func == (lhs: JSONLiteral, rhs: JSONLiteral) -> Bool {
        lhs.canonicalText == rhs.canonicalText
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalText)
    }

    /// How deep the value's arrays and objects nest: 0 for a scalar, 1 for `[1]` or `{}`, 2 for `[[1]]`.
    public var nestingDepth: Int {
        switch self {
        case .null, .bool, .number, .string: 0
        case .array(let items): 1 + (items.map(\.nestingDepth).max() ?? 0)
        case .object(let members): 1 + (members.map(\.value.nestingDepth).max() ?? 0)
        }
    }

    /// Compact JSON text with sorted keys.
    public var canonicalText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let number): return number.description
        case .string(let string): return JSONLiteral.quote(string)
        case .array(let items): return "[" + items.map(\.canonicalText).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { JSONLiteral.quote($0.key) + ":" + $0.value.canonicalText }
                .joined(separator: ",") + "}"
        }
    }

    /// Whether `quote` writes a character other than C0 controls as `\uXXXX`: DEL, C1 controls, the line
    /// and paragraph separators and the bidirectional formatting characters (all in the BMP).
    static func escapes(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    /// A JSON string literal.
    public static func quote(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                // Control, line-separator and bidirectional characters are escaped too, so a JSON default
                // printed into SQL or Swift shows them instead of hiding or reordering text.
                if scalar.value < 0x20 || JSONLiteral.escapes(scalar) {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
