import Foundation
import Taxiway

/// Valid values that generated test fixtures build from a number, within a field's rules.
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

    /// A variant of `example` for `n` that still matches `pattern` and the length bounds: the example with
    /// `n` appended, or its tail replaced by `n`'s digits or letters; the example itself when none fits.
    public static func variant(of example: String, _ n: Int, pattern: String, minLength: Int = 0,
                               maxLength: Int? = nil) -> String {
        let digits = String(n)
        // Each decimal digit of |n| as a letter (0 → a … 9 → j); a minus sign has none.
        let letters = String(String(n.magnitude).unicodeScalars.map {
            Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(truncatingIfNeeded: $0.value - 48)))
        })
        var candidates: [String] = []
        for tail in [digits, letters, letters.uppercased()] {
            candidates.append(example + tail)
            if example.count > tail.count {
                candidates.append(String(example.dropLast(tail.count)) + tail)
            }
        }
        for candidate in candidates {
            let fits = candidate.count >= minLength && candidate.count <= (maxLength ?? .max)
            if fits, TextPatterns.matches(candidate, pattern: pattern) {
                return candidate
            }
        }
        return example
    }
}
