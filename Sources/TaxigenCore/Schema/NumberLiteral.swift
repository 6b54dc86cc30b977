/// A number written in a spec, held exactly as a decimal: a sign, significant digits and a power of ten.
///
/// The checker compares numbers by value with this form (never by their spelling or through a `Double`), and
/// every planner prints SQL and Swift from it, so `1.5e3`, `1500` and `1500.000` are one number everywhere.
public struct NumberLiteral: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// True for a number below zero (never for zero: `-0` is zero).
    public let isNegative: Bool
    /// The significant digits, without leading or trailing zeros; empty for zero.
    public let digits: String
    /// The power of ten the digits are multiplied by: the value is `±digits × 10^exponent`.
    public let exponent: Int
    /// The number as the spec wrote it, for messages.
    public let written: String

    /// The largest exponent a spec may write; past it no type taxigen maps could hold the number.
    static let exponentLimit = 100_000

    /// Parses a decimal number: `-12`, `3.50`, `.5`, `1e3`, `+2.5E-4`; nil for anything else (hex, `.inf`,
    /// `.nan`, `1_000`, an exponent past ±100000).
    public init?(_ literal: String) {
        let bytes = Array(literal.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        while index < bytes.count, Self.isDigit(bytes[index]) { integerDigits.append(bytes[index]); index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, Self.isDigit(bytes[index]) { fractionDigits.append(bytes[index]); index += 1 }
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits: [UInt8] = []
            while index < bytes.count, Self.isDigit(bytes[index]) { exponentDigits.append(bytes[index]); index += 1 }
            let significant = exponentDigits.drop { $0 == UInt8(ascii: "0") }
            guard !exponentDigits.isEmpty, significant.count <= 7 else { return nil }
            exponent = significant.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if exponentNegative { exponent = -exponent }
        }
        guard index == bytes.count else { return nil }
        var all = integerDigits + fractionDigits
        exponent -= fractionDigits.count
        let leading = all.prefix { $0 == UInt8(ascii: "0") }.count
        all.removeFirst(leading)
        while all.last == UInt8(ascii: "0") {
            all.removeLast()
            exponent += 1
        }
        if all.isEmpty {
            exponent = 0
            negative = false
        }
        guard abs(exponent + all.count) <= Self.exponentLimit else { return nil }
        self.isNegative = negative
        self.digits = String(decoding: all, as: UTF8.self)
        self.exponent = exponent
        self.written = literal
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Whether the number is zero.
    public var isZero: Bool { digits.isEmpty }

    /// Whether the number has no fractional part (by value: `1.0` and `1e3` are whole).
    public var isInteger: Bool { isZero || exponent >= 0 }

    /// How many digits the number has after the decimal point (0 for a whole number).
    public var fractionDigits: Int { isZero ? 0 : max(0, -exponent) }

    /// How many digits the number has before the decimal point (0 for a number below one).
    public var integerDigits: Int { isZero ? 0 : max(0, digits.count + exponent) }

    /// The number in plain decimal notation, without exponent, sign of zero, or needless zeros:
    /// `1500`, `-0.25`, `0`.
    public var text: String {
        if isZero { return "0" }
        var result = isNegative ? "-" : ""
        if exponent >= 0 {
            result += digits + String(repeating: "0", count: exponent)
        } else if digits.count > -exponent {
            let point = digits.index(digits.endIndex, offsetBy: exponent)
            result += digits[..<point] + "." + digits[point...]
        } else {
            result += "0." + String(repeating: "0", count: -exponent - digits.count) + digits
        }
        return result
    }

    /// The number in scientific notation with one digit before the point: `1.5e3`, `-2.5e-4`, `0`.
    public var scientificText: String {
        if isZero { return "0" }
        let first = digits.prefix(1)
        let rest = digits.dropFirst()
        return (isNegative ? "-" : "") + first + (rest.isEmpty ? "" : "." + rest) + "e\(exponent + digits.count - 1)"
    }

    /// The plain text when it is short, else the scientific text: what messages and comments show.
    public var description: String {
        let plain = text
        return plain.utf8.count <= 40 ? plain : scientificText
    }

    /// The nearest `Double` (infinite when the number is past the range of a double, zero when it underflows).
    public var value: Double {
        Double(scientificText) ?? .nan
    }

    /// Whether a `double precision` column (and a Swift `Double`) holds the number without overflow or
    /// underflow: zero, or a magnitude from the smallest normal double (about 2.2e-308) to the largest. Rounding
    /// to the nearest double is the same in PostgreSQL and Swift; Swift refuses a literal that underflows into
    /// the subnormal range.
    public var fitsDouble: Bool {
        let value = self.value
        return value.isFinite && (isZero || abs(value) >= Double.leastNormalMagnitude)
    }

    /// Whether the number is a whole number within `range` (exactly, by value).
    public func isInteger(within range: ClosedRange<NumberLiteral>) -> Bool {
        isInteger && range.contains(self)
    }

    /// Whether the number fits `numeric(precision, scale)` without rounding.
    public func fits(precision: Int, scale: Int) -> Bool {
        fractionDigits <= scale && integerDigits <= precision - scale
    }

    /// The smallest and largest 32-bit integers.
    public static let int32Range = NumberLiteral("-2147483648")!...NumberLiteral("2147483647")!
    /// The smallest and largest 64-bit integers.
    public static let int64Range = NumberLiteral("-9223372036854775808")!...NumberLiteral("9223372036854775807")!

    public static func < (lhs: NumberLiteral, rhs: NumberLiteral) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let magnitude = compareMagnitude(lhs, rhs)
        return lhs.isNegative ? magnitude > 0 : magnitude < 0
    }

    public static func == (lhs: NumberLiteral, rhs: NumberLiteral) -> Bool {
        lhs.isNegative == rhs.isNegative && lhs.digits == rhs.digits && lhs.exponent == rhs.exponent
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isNegative)
        hasher.combine(digits)
        hasher.combine(exponent)
    }

    /// -1, 0 or 1 as |lhs| is below, equal to or above |rhs|.
    private static func compareMagnitude(_ lhs: NumberLiteral, _ rhs: NumberLiteral) -> Int {
        if lhs.isZero || rhs.isZero { return lhs.isZero ? (rhs.isZero ? 0 : -1) : 1 }
        let lhsTop = lhs.digits.count + lhs.exponent
        let rhsTop = rhs.digits.count + rhs.exponent
        if lhsTop != rhsTop { return lhsTop < rhsTop ? -1 : 1 }
        let left = Array(lhs.digits.utf8)
        let right = Array(rhs.digits.utf8)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : UInt8(ascii: "0")
            let r = index < right.count ? right[index] : UInt8(ascii: "0")
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }
}

extension NumberLiteral {
    /// The number one.
    public static let one = NumberLiteral("1")!
}
