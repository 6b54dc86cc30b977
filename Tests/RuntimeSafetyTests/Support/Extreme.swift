import Foundation
import PropertyBased
import Taxiway

/// The random number generator a property check hands to a generator.
typealias RNG = any SeededRandomNumberGenerator

/// Random and extreme client values for every Swift type the example domain's requests, patches, filters and
/// cursors hold: ordinary values, the edges of what PostgreSQL stores, and far beyond them.
enum Extreme {
    // MARK: Choosing

    /// `true` with probability `probability`.
    static func chance(_ probability: Double, _ rng: inout RNG) -> Bool {
        Double.random(in: 0..<1, using: &rng) < probability
    }

    /// One of `items`.
    static func pick<T>(_ items: [T], _ rng: inout RNG) -> T {
        items[Int.random(in: 0..<items.count, using: &rng)]
    }

    /// A number in `range`.
    static func int(_ range: ClosedRange<Int>, _ rng: inout RNG) -> Int {
        Int.random(in: range, using: &rng)
    }

    // MARK: Instants

    /// Instants at and past every edge: NaN, infinities, ±1e300 s, `distantFuture`, PostgreSQL's first
    /// and last storable microsecond and the ones just outside, years 1 and 10000.
    static let extremeDates: [Date] = [
        Date(timeIntervalSince1970: 1e300), Date(timeIntervalSince1970: -1e300),
        .distantFuture, .distantPast,
        Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: .infinity),
        Date(timeIntervalSince1970: -.infinity), Date(timeIntervalSince1970: .greatestFiniteMagnitude),
        PostgresRange.minimumTimestamp, PostgresRange.minimumTimestamp.addingTimeInterval(-0.001),
        PostgresRange.endTimestamp, PostgresRange.endTimestamp.addingTimeInterval(-0.01),
        PostgresRange.endTimestamp.addingTimeInterval(1),
        Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -62_135_596_800),
        Date(timeIntervalSince1970: 253_402_300_800), Date(timeIntervalSince1970: 9.3e12),
    ]

    /// An instant: an extreme one, one anywhere in PostgreSQL's range, one near now, or any bit pattern.
    static func date(_ rng: inout RNG) -> Date {
        switch int(0...4, &rng) {
        case 0, 1: return pick(extremeDates, &rng)
        case 2:
            let start = PostgresRange.minimumTimestamp.timeIntervalSince1970
            let end = PostgresRange.endTimestamp.timeIntervalSince1970
            return Date(timeIntervalSince1970: Double.random(in: start..<end, using: &rng))
        case 3: return Date(timeIntervalSinceNow: Double.random(in: -1e9...1e9, using: &rng))
        default: return Date(timeIntervalSinceReferenceDate: Double(bitPattern: UInt64.random(in: .min ... .max, using: &rng)))
        }
    }

    /// A calendar day from year 1 to 9999, often at an edge.
    static func calendarDate(_ rng: inout RNG) -> CalendarDate {
        if chance(0.3, &rng) {
            return pick([CalendarDate(year: 1, month: 1, day: 1)!, CalendarDate(year: 9999, month: 12, day: 31)!,
                         CalendarDate(year: 2024, month: 2, day: 29)!, CalendarDate(year: 2000, month: 1, day: 1)!], &rng)
        }
        let year = int(1...9999, &rng)
        let month = int(1...12, &rng)
        return CalendarDate(year: year, month: month, day: int(1...28, &rng))!
    }

    // MARK: Numbers

    /// Doubles at every edge: NaN, infinities, the largest and smallest magnitudes, -0.
    static let extremeDoubles: [Double] = [
        .nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
        .leastNormalMagnitude, -0.0, 0, 1, 1000.5, 1000.500_000_000_1, -1e-300, .ulpOfOne, 0.1, 1e15, 9.007_199_254_740_993e15,
    ]

    /// A double: extreme, small, between 0 and 1, or any bit pattern.
    static func double(_ rng: inout RNG) -> Double {
        switch int(0...3, &rng) {
        case 0: pick(extremeDoubles, &rng)
        case 1: Double.random(in: -2000...2000, using: &rng)
        case 2: Double.random(in: 0...1, using: &rng)
        default: Double(bitPattern: UInt64.random(in: .min ... .max, using: &rng))
        }
    }

    /// A float: extreme, small, or any bit pattern.
    static func float(_ rng: inout RNG) -> Float {
        switch int(0...3, &rng) {
        case 0: pick([Float.nan, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0, 1e7, 0.1], &rng)
        case 1, 2: Float.random(in: -10...10, using: &rng)
        default: Float(bitPattern: UInt32.random(in: .min ... .max, using: &rng))
        }
    }

    /// An `Int32`: an edge, a small number, or any.
    static func int32(_ rng: inout RNG) -> Int32 {
        switch int(0...2, &rng) {
        case 0: pick([.min, .max, 0, -1, 1, 10, 11, 1000, 1001], &rng)
        case 1: Int32.random(in: -20...2000, using: &rng)
        default: Int32.random(in: .min ... .max, using: &rng)
        }
    }

    /// An `Int64`: an edge, a small number, or any.
    static func int64(_ rng: inout RNG) -> Int64 {
        switch int(0...2, &rng) {
        case 0: pick([.min, .max, 0, -1, 1, Int64(Int32.max) + 1], &rng)
        case 1: Int64.random(in: -20...1_000_000, using: &rng)
        default: Int64.random(in: .min ... .max, using: &rng)
        }
    }

    /// Decimals at every edge: NaN, the largest and smallest, 10^127 and 10^-128, one digit too many on
    /// either side of `numeric(12,2)` and `numeric(10,2)`.
    static let extremeDecimals: [Decimal] = [
        .nan, .greatestFiniteMagnitude, .leastFiniteMagnitude, .leastNonzeroMagnitude,
        Decimal(sign: .plus, exponent: 127, significand: 1), Decimal(sign: .minus, exponent: -128, significand: 1),
        Decimal(sign: .plus, exponent: -2, significand: 999_999_999_999), Decimal(sign: .plus, exponent: -2, significand: 99_999_999_999),
        Decimal(sign: .plus, exponent: -2, significand: 9_999_999_999), Decimal(sign: .plus, exponent: -3, significand: 99_999_999_995),
        Decimal(sign: .plus, exponent: -3, significand: 1), Decimal(sign: .minus, exponent: -2, significand: 1), 0,
    ]

    /// A decimal: extreme, whole cents, or any significand with any exponent.
    static func decimal(_ rng: inout RNG) -> Decimal {
        switch int(0...3, &rng) {
        case 0: return pick(extremeDecimals, &rng)
        case 1, 2: return Decimal(sign: .plus, exponent: -2, significand: Decimal(Int.random(in: -10_000...1_000_000_000, using: &rng)))
        default:
            let significand = Decimal(UInt64.random(in: .min ... .max, using: &rng))
            return Decimal(sign: chance(0.5, &rng) ? .minus : .plus, exponent: int(-140...140, &rng), significand: significand)
        }
    }

    // MARK: Text

    /// One megabyte of text: too long for every bounded field, stored whole by `text` ones.
    static let megabyte = String(repeating: "x", count: 1 << 20)
    /// About a megabyte of multi-byte characters and combining marks.
    static let megabyteOfMarks = String(repeating: "é\u{301}日", count: 1 << 17)

    /// Texts no column may misread: empty, NUL, lone and stacked combining marks, a BOM, the last code
    /// point, DEL, CRLF, quotes and SQL, emoji sequences.
    static let fixedStrings: [String] = [
        "", " ", "a", "\0", "a\0b", "\u{301}", "\u{301}\u{302}\u{303}", "e\u{301}", "\u{FEFF}", "\u{10FFFF}", "\u{7F}",
        "\r\n", "NULL", "{a,\"b\"}", "'; DROP TABLE customers; --", "\\", "\"", "👩‍👩‍👧‍👦", "\u{202E}abc", "日本語",
    ]

    /// A text: short letters, a fixed hostile one, random code points, ASCII with control characters,
    /// letters around a NUL, or (rarely) a megabyte.
    static func string(_ rng: inout RNG, allowHuge: Bool = true) -> String {
        switch int(0...9, &rng) {
        case 0, 1, 2:
            let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ .@")
            return String((0..<int(0...40, &rng)).map { _ in pick(letters, &rng) })
        case 3, 4: return pick(fixedStrings, &rng)
        case 5:
            var scalars = String.UnicodeScalarView()
            for _ in 0..<int(0...30, &rng) {
                let value = UInt32.random(in: 0...0x10FFFF, using: &rng)
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            return String(scalars)
        case 6:
            return String(decoding: (0..<int(0...30, &rng)).map { _ in UInt8.random(in: 0...127, using: &rng) }, as: UTF8.self)
        case 7: return "ab" + "\0" + "cd"
        case 8: return allowHuge && chance(0.3, &rng) ? pick([megabyte, megabyteOfMarks], &rng) : "e\u{301}\u{301}"
        default: return String(repeating: "Z", count: int(0...400, &rng))
        }
    }

    /// An array of texts: empty, a few of any kind, or (rarely) a hundred thousand.
    static func strings(_ rng: inout RNG) -> [String] {
        switch int(0...5, &rng) {
        case 0: return []
        case 1: return chance(0.2, &rng) ? Array(repeating: "a", count: 100_000) : ["member"]
        default: return (0..<int(0...6, &rng)).map { _ in string(&rng, allowHuge: false) }
        }
    }

    /// An array of doubles: empty, a few of any kind, or many.
    static func doubles(_ rng: inout RNG) -> [Double] {
        switch int(0...4, &rng) {
        case 0: return []
        case 1: return Array(repeating: 0.5, count: int(6...10_000, &rng))
        case 2: return (0..<int(0...5, &rng)).map { _ in Double.random(in: 0...1, using: &rng) }
        default: return (0..<int(0...6, &rng)).map { _ in double(&rng) }
        }
    }

    /// An array of `Int32`s: empty, a few in or out of 0…10, or many.
    static func int32s(_ rng: inout RNG) -> [Int32] {
        switch int(0...3, &rng) {
        case 0: return []
        case 1: return Array(repeating: 1, count: int(4...10_000, &rng))
        case 2: return (0..<int(0...3, &rng)).map { _ in Int32.random(in: 0...10, using: &rng) }
        default: return (0..<int(0...5, &rng)).map { _ in int32(&rng) }
        }
    }

    /// A vector: 8 ordinary components, 8 with an extreme one, or a wrong number of them.
    static func vector(_ rng: inout RNG) -> [Float] {
        switch int(0...3, &rng) {
        case 0: return (0..<8).map { _ in Float.random(in: -1...1, using: &rng) }
        case 1: return (0..<8).map { _ in float(&rng) }
        case 2: return (0..<pick([0, 1, 7, 9, 2000, 16_001], &rng)).map { _ in Float.random(in: -1...1, using: &rng) }
        default:
            var values = (0..<8).map { _ in Float.random(in: -1...1, using: &rng) }
            values[int(0...7, &rng)] = pick([Float.nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude], &rng)
            return values
        }
    }

    /// A UUID: random, all zeros or all ones.
    static func uuid(_ rng: inout RNG) -> UUID {
        chance(0.8, &rng) ? UUID() : pick([UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                                            UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!], &rng)
    }

    // MARK: JSON

    /// A JSON value: a random tree of every kind (keys and strings of any text, numbers of any double), or
    /// a chain nested just inside or past ``JSONValue/maximumDepth``.
    static func json(_ rng: inout RNG, depth: Int = 0) -> JSONValue {
        if depth == 0, chance(0.1, &rng) {
            return nested(pick([JSONValue.maximumDepth - 1, JSONValue.maximumDepth, JSONValue.maximumDepth + 1, 300], &rng),
                          around: .string("deep"))
        }
        switch int(0...(depth > 3 ? 3 : 5), &rng) {
        case 0: return .null
        case 1: return .bool(chance(0.5, &rng))
        case 2: return .number(chance(0.7, &rng) ? Double(int(-1000...1000, &rng)) / 4 : double(&rng))
        case 3: return .string(string(&rng, allowHuge: false))
        case 4: return .array((0..<int(0...4, &rng)).map { _ in json(&rng, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<int(0...4, &rng) {
                members[chance(0.8, &rng) ? "k\(int(0...9, &rng))" : string(&rng, allowHuge: false)] = json(&rng, depth: depth + 1)
            }
            return .object(members)
        }
    }

    /// `leaf` inside `levels` arrays and objects, alternating.
    static func nested(_ levels: Int, around leaf: JSONValue) -> JSONValue {
        var value = leaf
        for level in 0..<levels {
            value = level % 2 == 0 ? .array([value]) : .object(["k": value])
        }
        return value
    }

    /// `[[[…]]]` nested `levels` deep, as JSON text.
    static func nestedArrayText(_ levels: Int) -> String {
        String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
    }
}

extension Generator where ShrinkSequence == Shrink.None<ResultValue> {
    /// A generator drawing from `Extreme` (no shrinking: failures print the whole input).
    static func extreme(_ draw: @escaping @Sendable (inout RNG) -> ResultValue) -> Generator {
        Generator(run: { rng in draw(&rng) })
    }
}
