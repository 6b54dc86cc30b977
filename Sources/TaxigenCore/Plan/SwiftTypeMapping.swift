/// How spec types become Swift types and Swift literals. The only place these decisions are made.
enum SwiftTypeMapping {
    /// The Swift type of a column's value, optional when the column is nullable.
    static func type(of column: Column, in entity: Entity) -> String {
        let base = baseType(of: column.type, in: entity)
        return column.isNullable ? "\(base)?" : base
    }

    /// The Swift type of a column's value, ignoring nullability.
    static func baseType(of type: FieldType, in entity: Entity) -> String {
        switch type {
        case .string, .text, .sealed: "String"
        case .int: "Int32"
        case .bigint: "Int64"
        case .double: "Double"
        case .decimal: "Decimal"
        case .bool: "Bool"
        case .date: "CalendarDate"
        case .timestamp: "Date"
        case .uuid, .ref, .primaryKey: "UUID"
        case .json: "JSONValue"
        case .array(let item): "[\(itemType(item))]"
        case .vector: "[Float]"
        case .enumeration(let enumType): "\(entity.name).\(enumType.swiftName)"
        }
    }

    /// The Swift type of an array item.
    static func itemType(_ item: ArrayItemType) -> String {
        switch item {
        case .string, .text: "String"
        case .int: "Int32"
        case .bigint: "Int64"
        case .double: "Double"
        case .bool: "Bool"
        case .uuid: "UUID"
        }
    }

    /// Optional's own cases, which an enum case of the same name must be qualified against when the value
    /// is optional (`Alert.Severity.none`, not `.none`, which would be nil).
    static let optionalCases: Set<String> = [".none", ".some"]

    /// A Swift expression for a default value of a column.
    static func literal(_ value: DefaultValue, for type: FieldType) -> String {
        switch value {
        case .string(let text): return stringLiteral(text)
        case .number(let number): return numberLiteral(number, for: type)
        case .bool(let flag): return flag ? "true" : "false"
        case .enumValue(let raw):
            guard case .enumeration(let enumType) = type, let index = enumType.values.firstIndex(of: raw) else { return raw }
            return ".\(enumType.swiftCases[index])"
        case .date(let year, let month, let day):
            return "CalendarDate(year: \(year), month: \(month), day: \(day))!"
        case .today: return "CalendarDate.today()"
        case .now: return "Date()"
        case .randomUUID: return "UUID()"
        case .json(let json): return jsonLiteral(json)
        case .array(let items):
            guard case .array(let item) = type else { return "[]" }
            let itemFieldType = item.fieldType(maxLength: 1)
            return "[" + items.map { literal($0, for: itemFieldType) }.joined(separator: ", ") + "]"
        }
    }

    /// A number literal of the right Swift type, printed from the number's exact form; decimals are built
    /// exactly, never from a Double.
    static func numberLiteral(_ number: NumberLiteral, for type: FieldType) -> String {
        switch type {
        case .double, .array(of: .double):
            return doubleLiteral(number)
        case .decimal:
            if number.isInteger, number.digits.count + number.exponent <= 18 {
                return number.text
            }
            if number.digits.count <= 18 {
                return "Decimal(sign: .\(number.isNegative ? "minus" : "plus"), exponent: \(number.exponent), significand: \(number.digits))"
            }
            return "Decimal(string: \"\(number.text)\")!"
        default:
            return number.text
        }
    }

    /// A `Double` literal: plain decimal notation with a point (`1500.0`, `0.25`), or scientific notation
    /// (`1.5e300`) where the plain text would be long; past 15 significant digits, the shortest literal of the
    /// double the text rounds to, so that Swift reads the same double PostgreSQL does.
    static func doubleLiteral(_ number: NumberLiteral) -> String {
        // swiftc's literal conversion is not correctly rounded at the edge of the range (a value just under the
        // halfway point above `greatestFiniteMagnitude` "overflows to inf"), while `Double(String)` is, as
        // PostgreSQL is: past 15 significant digits, print the shortest literal of the double it reads.
        if number.digits.count > 15, let value = Double(number.scientificText), value.isFinite {
            return "\(value)"
        }
        let plain = number.text
        guard plain.utf8.count <= 40 else { return number.scientificText }
        return number.isInteger ? plain + ".0" : plain
    }

    /// A Swift string literal with the same characters as `text`: quotes and backslashes (so also `\(`) are
    /// escaped, and control, line-separator and bidirectional formatting characters are written as `\u{…}`.
    static func stringLiteral(_ text: String) -> String {
        // Most literals (SQL statements, names) need no escape: copy them whole.
        if !text.someUTF8Byte({ $0 < 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if CommentText.needsEscape(scalar) {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// How deep a JSON value's arrays and objects may nest for `jsonLiteral` to print them as collection
    /// literals. swiftc type-checks nested collection literals of `JSONValue` (which is both
    /// `ExpressibleByArrayLiteral` and `ExpressibleByDictionaryLiteral`) in time exponential in their depth:
    /// with Taxiway imported, about 1 s at 18 levels, 9 s at 22, 24 s at 24, and 32 did not finish in 4 minutes.
    /// Two levels cover the defaults specs write (`{ color: null, sizes: [] }`) at no measurable cost.
    static let jsonLiteralDepth = 2

    /// A `JSONValue` expression for a JSON value. When its arrays and objects nest at most `jsonLiteralDepth`
    /// deep, a literal: `["plan": "pro", "seats": [1, 2]]`. Deeper, every array and object is written with
    /// its case, `.array([.array([.array([1])])])`, `.object(["k": .array(["v"])])`, which swiftc type-checks
    /// in linear time (64 levels in a fraction of a second); scalars stay literals (`1`, `"v"`, `true`,
    /// `.null`) in both forms, because `.number(1)` and `.string("v")` made a 2,000-item array 5 times slower
    /// to type-check than the same items as literals.
    static func jsonLiteral(_ json: JSONLiteral) -> String {
        jsonExpression(json, collectionLiterals: json.nestingDepth <= jsonLiteralDepth)
    }

    private static func jsonExpression(_ json: JSONLiteral, collectionLiterals: Bool) -> String {
        switch json {
        case .null: return ".null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return jsonNumber(number)
        case .string(let text): return stringLiteral(text)
        case .array(let items):
            let elements = items.map { jsonExpression($0, collectionLiterals: collectionLiterals) }.joined(separator: ", ")
            return collectionLiterals ? "[" + elements + "]" : ".array([" + elements + "])"
        case .object(let members):
            let entries = members.isEmpty ? ":" : members.map {
                "\(stringLiteral($0.key)): \(jsonExpression($0.value, collectionLiterals: collectionLiterals))"
            }.joined(separator: ", ")
            return collectionLiterals ? "[" + entries + "]" : ".object([" + entries + "])"
        }
    }

    /// A JSON number as a Swift number literal that becomes a `Double`: whole numbers of up to 15 digits
    /// plainly (`5`), others as a `Double` literal (`2.5`, `1e300`).
    private static func jsonNumber(_ number: NumberLiteral) -> String {
        number.isInteger && number.digits.count + number.exponent <= 15 ? number.text : doubleLiteral(number)
    }

    /// A `Comparable` bound literal for validation of a numeric column or its items.
    static func boundLiteral(_ number: NumberLiteral, for type: FieldType) -> String {
        switch type {
        case .array(let item): numberLiteral(number, for: item.fieldType(maxLength: 1))
        default: numberLiteral(number, for: type)
        }
    }
}
