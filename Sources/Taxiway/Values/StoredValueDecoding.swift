import Foundation
import PostgresNIO

/// Reads `timestamptz` and `numeric` cells without PostgresNIO's conversions that trap (a `numeric` beyond
/// `Decimal`'s range) or silently change the value (`numeric` `NaN` and `±Infinity` read as 0), and refuses
/// `timestamptz` `±infinity`, which no `Date` a repository could write back stands for.
@usableFromInline
enum StoredValueDecoding {
    /// Why a stored value has no Swift value; becomes the ``UnreadableValue/reason``.
    @usableFromInline
    struct Refusal: Error {
        @usableFromInline let reason: String
    }

    /// The `Date` of a non-NULL `timestamptz` or `timestamp` cell sent in binary; other cells go to PostgresNIO.
    @usableFromInline
    static func date(_ cell: PostgresCell) throws -> Date {
        guard cell.format == .binary, cell.dataType == .timestamptz || cell.dataType == .timestamp,
              var buffer = cell.bytes
        else { return try cell.decode(Date.self) }
        guard buffer.readableBytes == 8, let microseconds = buffer.readInteger(as: Int64.self) else {
            throw Refusal(reason: "malformed timestamp")
        }
        switch microseconds {
        case .max: throw Refusal(reason: "the timestamp is infinity")
        case .min: throw Refusal(reason: "the timestamp is -infinity")
        default:
            guard PostgresRange.isStorable(timestampMicroseconds: microseconds) else {
                throw Refusal(reason: "the timestamp is outside PostgreSQL's range")
            }
            return PostgresRange.date(timestampMicroseconds: microseconds)
        }
    }

    /// The microseconds since 2000-01-01 of a finite `timestamptz` or `timestamp` cell sent in binary, as
    /// stored (a `Date` cannot hold every one of them); nil for any other cell.
    @usableFromInline
    static func timestampMicroseconds(_ cell: PostgresCell) -> Int64? {
        guard cell.format == .binary, cell.dataType == .timestamptz || cell.dataType == .timestamp,
              var buffer = cell.bytes, buffer.readableBytes == 8,
              let microseconds = buffer.readInteger(as: Int64.self),
              PostgresRange.isStorable(timestampMicroseconds: microseconds)
        else { return nil }
        return microseconds
    }

    /// The `Decimal` of a non-NULL `numeric` cell, in binary or text format; other cells go to PostgresNIO.
    @usableFromInline
    static func decimal(_ cell: PostgresCell) throws -> Decimal {
        guard cell.dataType == .numeric, var buffer = cell.bytes else { return try cell.decode(Decimal.self) }
        switch cell.format {
        case .binary: return try decimal(binary: &buffer)
        case .text: return try decimal(text: buffer.readString(length: buffer.readableBytes) ?? "")
        }
    }

    /// PostgreSQL's binary `numeric`: digit count, weight, sign, display scale (each an `Int16`), then base-10000
    /// digits, the first of weight `weight`.
    static func decimal(binary buffer: inout ByteBuffer) throws -> Decimal {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
              let sign = buffer.readInteger(as: UInt16.self), buffer.readInteger(as: Int16.self) != nil,
              count >= 0, buffer.readableBytes == Int(count) * 2
        else { throw Refusal(reason: "malformed numeric") }
        switch sign {
        case 0xC000: throw Refusal(reason: "the numeric is NaN")
        case 0xD000: throw Refusal(reason: "the numeric is Infinity")
        case 0xF000: throw Refusal(reason: "the numeric is -Infinity")
        case 0x0000, 0x4000: break
        default: throw Refusal(reason: "malformed numeric")
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(Int(count) * 4)
        for _ in 0..<count {
            guard let group = buffer.readInteger(as: Int16.self), (0...9999).contains(group) else {
                throw Refusal(reason: "malformed numeric")
            }
            digits.append(UInt8(group / 1000))
            digits.append(UInt8(group / 100 % 10))
            digits.append(UInt8(group / 10 % 10))
            digits.append(UInt8(group % 10))
        }
        // The last digit read has weight `weight - count + 1` in base 10000.
        return try decimal(digits: digits, exponent: 4 * (Int(weight) - Int(count) + 1), negative: sign == 0x4000)
    }

    /// PostgreSQL's text `numeric`: `-12.340`, `NaN`, `Infinity`, `-Infinity`.
    static func decimal(text: String) throws -> Decimal {
        switch text {
        case "NaN": throw Refusal(reason: "the numeric is NaN")
        case "Infinity": throw Refusal(reason: "the numeric is Infinity")
        case "-Infinity": throw Refusal(reason: "the numeric is -Infinity")
        default: break
        }
        var utf8 = Substring(text).utf8
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits.append(byte - UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 }
            } else {
                throw Refusal(reason: "malformed numeric")
            }
        }
        guard !digits.isEmpty else { throw Refusal(reason: "malformed numeric") }
        return try decimal(digits: digits, exponent: -fractionDigits, negative: negative)
    }

    /// The `Decimal` of the decimal digits `digits` × 10^`exponent`, when it holds the value exactly.
    static func decimal(digits: [UInt8], exponent: Int, negative: Bool) throws -> Decimal {
        guard let first = digits.firstIndex(where: { $0 != 0 }) else { return 0 }
        var last = digits.count - 1
        var exponent = exponent
        while digits[last] == 0 {
            last -= 1
            exponent += 1
        }
        let significant = digits[first...last]
        guard significant.count <= PostgresRange.decimalDigits else {
            throw Refusal(reason: "the numeric has more than \(PostgresRange.decimalDigits) significant digits")
        }
        // Decimal's exponent is an Int8; beyond it Foundation silently returns 0 or NaN.
        guard (-128...127).contains(exponent) else {
            throw Refusal(reason: "the numeric is beyond Decimal's range")
        }
        // Up to 19 digits fit a UInt64, which Decimal takes whole; Decimal arithmetic per digit is far slower.
        var significand: Decimal
        if significant.count <= 19 {
            var whole: UInt64 = 0
            for digit in significant { whole = whole * 10 + UInt64(digit) }
            significand = Decimal(whole)
        } else {
            significand = Decimal(0)
            for digit in significant {
                significand = significand * 10 + Decimal(Int(digit))
            }
        }
        let value = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: significand)
        guard value.isFinite else { throw Refusal(reason: "the numeric is beyond Decimal's range") }
        return value
    }
}
