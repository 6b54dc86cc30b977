/// Whether a number (a default or a bound) can be a value of a field type, decided by value, exactly, and so
/// that PostgreSQL stores it and Swift compiles it as the same number.
enum NumberRules {
    /// Foundation's `Decimal` holds at most 38 significant digits.
    static let decimalDigits = 38
    /// Foundation's `Decimal` exponents run from -128 to 127.
    static let decimalExponents = -128...127

    /// Why `number` cannot be a value of `type` (a phrase to follow "the default 12 of field 'x'"), with a
    /// hint; nil when it can.
    static func problem(_ number: NumberLiteral, for type: FieldType) -> (message: String, hint: String)? {
        switch type {
        case .int:
            return integerProblem(number, range: NumberLiteral.int32Range, type: "int (integer)")
        case .bigint:
            return integerProblem(number, range: NumberLiteral.int64Range, type: "bigint")
        case .double:
            guard !number.fitsDouble else { return nil }
            if number.value.isInfinite {
                return ("is past the range of double precision", "doubles reach about ±1.7976931348623157e308")
            }
            return ("is too small for a double: below 2.2250738585072014e-308 it would lose precision or become 0",
                    "use 0, or a number of magnitude at least 2.2250738585072014e-308")
        case .decimal(let precision, let scale):
            if number.fractionDigits > scale {
                return ("has \(number.fractionDigits) digits after the decimal point, more than the scale \(scale) of numeric(\(precision),\(scale))",
                        "PostgreSQL would round it; write at most \(scale) decimals")
            }
            if number.integerDigits > precision - scale {
                return ("does not fit numeric(\(precision),\(scale)): it has \(number.integerDigits) digits before the decimal point, at most \(precision - scale) fit",
                        "raise 'precision', or use a smaller number")
            }
            if number.digits.count > decimalDigits || number.exponent < decimalExponents.lowerBound
                || number.exponent + number.digits.count > decimalExponents.upperBound + decimalDigits {
                return ("has more significant digits than Swift's Decimal holds exactly (\(decimalDigits))",
                        "generated Swift carries decimals as Foundation's Decimal; use at most \(decimalDigits) significant digits")
            }
            return nil
        case .array(let item):
            return problem(number, for: item.fieldType(maxLength: 1))
        default:
            return nil
        }
    }

    private static func integerProblem(_ number: NumberLiteral, range: ClosedRange<NumberLiteral>,
                                       type: String) -> (message: String, hint: String)? {
        if !number.isInteger {
            return ("is not a whole number", "\(type) fields hold whole numbers")
        }
        if !range.contains(number) {
            return ("is outside the range of \(type), \(range.lowerBound) to \(range.upperBound)",
                    "use a number in that range, or a wider type (bigint, decimal)")
        }
        return nil
    }

    /// Why `number` cannot be a JSON number that both `jsonb` and Swift's `JSONValue` (a `Double`) hold.
    ///
    /// `jsonb` keeps the digits as written, `JSONValue` the nearest double, which Swift writes back with its
    /// shortest digits. The two are one number only when those shortest digits have the number's exact value
    /// (`0.1`, `1e300`, `-0.5`, `9007199254740992`), compared exactly as ``NumberLiteral``s, whatever the
    /// exponent; `9007199254740993` (read as ...992) and `1.0000000000000000001` (read as 1) are refused.
    static func jsonProblem(_ number: NumberLiteral) -> (message: String, hint: String)? {
        if let problem = problem(number, for: .double) { return problem }
        // `description` is the shortest text that reads back as the same double; finite here, so it parses.
        guard let nearest = NumberLiteral(number.value.description), nearest != number else { return nil }
        return ("is not exactly a double: Swift's JSONValue would hold \(nearest.description), while jsonb keeps \(number.description)",
                "write it with at most 15 to 17 significant digits (\(nearest.description) is the nearest double), or as a string")
    }
}
