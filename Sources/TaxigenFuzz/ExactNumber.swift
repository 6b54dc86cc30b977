/// A decimal number held exactly, as a sign, its significant digits and a power of ten, so that numbers are
/// compared by value whatever their spelling (`1.5e3`, `1500`, `1500.000`).
public struct ExactNumber: Sendable, Hashable, CustomStringConvertible {
    /// True for a negative number (never for zero).
    public let isNegative: Bool
    /// The significant digits, without leading or trailing zeros ("" for zero).
    public let digits: String
    /// The power of ten of the last digit.
    public let exponent: Int

    /// Parses `[-+]digits[.digits][e[-+]digits]`; nil for anything else (NaN, infinity, garbage).
    public init?(_ text: String) {
        var rest = Substring(text.trimmingSpaces)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        var mantissa = rest
        var powerOfTen = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = rest[..<e]
            guard let power = Int(rest[rest.index(after: e)...]), abs(power) < 1_000_000 else { return nil }
            powerOfTen = power
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !mantissa.isEmpty, mantissa != "." else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard (whole + fraction).allSatisfy(\.isASCIIDigit), !(whole + fraction).isEmpty else { return nil }
        var all = String(whole + fraction)
        var exponent = powerOfTen - fraction.count
        while all.hasPrefix("0") { all.removeFirst() }
        while all.hasSuffix("0") { all.removeLast(); exponent += 1 }
        if all.isEmpty {
            self.init(isNegative: false, digits: "", exponent: 0)
        } else {
            self.init(isNegative: negative, digits: all, exponent: exponent)
        }
    }

    private init(isNegative: Bool, digits: String, exponent: Int) {
        self.isNegative = isNegative
        self.digits = digits
        self.exponent = exponent
    }

    /// The number in plain positional notation (`-1500`, `0.001`).
    public var description: String {
        if digits.isEmpty { return "0" }
        var text: String
        if exponent >= 0 {
            text = digits + String(repeating: "0", count: exponent)
        } else if -exponent >= digits.count {
            text = "0." + String(repeating: "0", count: -exponent - digits.count) + digits
        } else {
            let point = digits.index(digits.endIndex, offsetBy: exponent)
            text = digits[..<point] + "." + digits[point...]
        }
        if isNegative { text = "-" + text }
        return text
    }

    /// The number of digits after the decimal point.
    public var fractionDigits: Int { max(0, -exponent) }

    /// The number of digits before the decimal point.
    public var wholeDigits: Int { digits.isEmpty ? 0 : max(0, digits.count + exponent) }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
