import Foundation
import TaxigenCore
import Taxiway

/// Valid values that generated test fixtures build from a number, within a field's rules.
///
/// The derivations are taxigen's own (`FixtureVariants`), so the checker that refuses a unique field without
/// enough distinct values computes exactly the values the tests write.
public enum TestValues {
    /// Text for `seed` and `n`, padded or cut to fit the length bounds (`name-42`).
    public static func text(_ seed: String, _ n: Int, minLength: Int = 0, maxLength: Int? = nil) -> String {
        var value = "\(seed)-\(n)"
        if let maxLength, value.count > maxLength {
            let suffix = String(n)
            value = suffix.count >= maxLength ? String(suffix.suffix(maxLength)) : String(seed.prefix(maxLength - suffix.count)) + suffix
        }
        if value.count < minLength {
            value += String(repeating: "x", count: minLength - value.count)
        }
        return value
    }

    /// An email address unique for `n`.
    public static func email(_ n: Int) -> String { "user\(n)@example.com" }

    /// An http(s) URL unique for `n`.
    public static func url(_ n: Int) -> String { "https://example.com/\(n)" }

    /// The variant of `example` numbered `n` (0 is the example itself) that satisfies the pattern, the length
    /// bounds and the format: characters of the example replaced, position by position, by ones that keep
    /// every rule, distinct for distinct `n` as far as the rules allow (then wrapping around).
    public static func variant(of example: String, _ n: Int, pattern: String? = nil, minLength: Int = 0,
                               maxLength: Int? = nil, format: String? = nil) -> String {
        let rules = FixtureVariants.TextRules(minLength: minLength, maxLength: maxLength, pattern: pattern, format: format)
        return FixtureVariants.text(n, base: example, rules)
    }

    /// The integer numbered `n` within `minimum ... maximum`, counting from `start` (never overflowing).
    public static func integer(_ n: Int, minimum: Int64, maximum: Int64, start: Int64) -> Int64 {
        FixtureVariants.integer(n, minimum: minimum, maximum: maximum, start: start)
    }

    /// The double numbered `n` within the bounds, counting from `start`.
    public static func double(_ n: Int, minimum: Double, maximum: Double, start: Double) -> Double {
        FixtureVariants.double(n, minimum: minimum, maximum: maximum, start: start)
    }

    /// The decimal numbered `n`: `start`, then `up` steps upwards, then `down` steps below `start`.
    public static func decimal(_ n: Int, start: Decimal, step: Decimal, up: Int, down: Int) -> Decimal {
        FixtureVariants.decimal(n, FixtureVariants.DecimalSteps(start: start, step: step, up: up, down: down))
    }

    /// The day numbered `n`, counting from 2000-01-01 (a million days, then wrapping around).
    public static func date(_ n: Int) -> CalendarDate {
        CalendarDate(daysSince2000: Int32(n.magnitude % 1_000_000))!
    }

    /// The instant numbered `n`, in whole seconds from 2023-11-14 (a billion of them, then wrapping around).
    public static func timestamp(_ n: Int) -> Date {
        Date(timeIntervalSince1970: 1_700_000_000 + Double(n.magnitude % 1_000_000_000))
    }

    /// Whether `bytes` hold the UTF-8 of `text` anywhere.
    public static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard !needle.isEmpty else { return true }
        guard needle.count <= bytes.count else { return false }
        return (0...(bytes.count - needle.count)).contains { start in bytes[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
