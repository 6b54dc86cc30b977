import Foundation

/// The values generated tests write, derived from a field's rules: one derivation shared by the test planner
/// (which writes calls to it), the checker (which refuses a unique field that cannot yield enough distinct
/// values) and `TaxiwayTesting.TestValues` (which the generated tests call at run time).
///
/// Every derivation is deterministic: the value for a number `n` depends only on `n` and the rules, and
/// distinct numbers below the derivation's capacity give distinct values.
public enum FixtureVariants {
    /// How many distinct valid values a unique field must yield: generated tests number the rows of one
    /// entity 1, 2, 3, … (about 30 per test run), so every one of them differs within this many.
    public static let requiredCount = 100

    /// The rules a text value must satisfy, as validation checks them.
    public struct TextRules: Sendable, Hashable {
        /// The fewest characters (Unicode code points).
        public var minLength: Int
        /// The most characters, if bounded.
        public var maxLength: Int?
        /// A regular expression the whole value must match (ICU syntax).
        public var pattern: String?
        /// `email` or `url`, if the value must have that format.
        public var format: String?

        /// Creates rules.
        public init(minLength: Int = 0, maxLength: Int? = nil, pattern: String? = nil, format: String? = nil) {
            self.minLength = minLength
            self.maxLength = maxLength
            self.pattern = pattern
            self.format = format
        }
    }

    /// Whether `text` satisfies every rule: lengths in code points, no NUL character, the pattern (bounded,
    /// as the checker matches) and the format.
    public static func isValid(_ text: String, _ rules: TextRules) -> Bool {
        let length = text.unicodeScalars.count
        guard length >= rules.minLength, length <= (rules.maxLength ?? .max), !text.utf8.contains(0) else { return false }
        if let pattern = rules.pattern, !wholeMatch(text, pattern: pattern) { return false }
        if let format = rules.format.flatMap(ValidationRules.Format.init(rawValue:)) {
            // The format expressions are linear, so long texts are matched too (RegexCache caps them).
            guard let expression = RegexCache.expression(for: TextFormat.pattern(for: format)) else { return false }
            let range = NSRange(text.startIndex..., in: text)
            guard expression.firstMatch(in: text, range: range)?.range == range else { return false }
        }
        return true
    }

    /// Whether the whole of `text` matches `pattern`, as `RegexCache.evaluate` decides (a match stopped at its
    /// step bound is no match), but without spending the pattern's shared budget: deriving variants matches a
    /// pattern hundreds of times, and must not make the checker call it too slow for a spec's own example.
    static func wholeMatch(_ text: String, pattern: String) -> Bool {
        guard text.count <= RegexCache.maximumTextLength, let expression = RegexCache.expression(for: pattern) else { return false }
        return RegexCache.firstMatch(expression, in: text).range == NSRange(text.startIndex..., in: text)
    }

    /// How many distinct valid variants of `base` there are, counted up to `limit`.
    public static func textCapacity(base: String, _ rules: TextRules, limit: Int) -> Int {
        VariantTable.shared(base: base, rules: rules).capacity(limit: limit)
    }

    /// A valid value to derive variants from when the field gives no example: the seed (a field name) cut or
    /// padded to the length bounds, or an address or URL of a fitting length; nil when none satisfies the rules.
    public static func base(seed: String, _ rules: TextRules) -> String? {
        let candidates: [String]
        switch rules.format {
        case "email": candidates = emailCandidates(rules)
        case "url": candidates = urlCandidates(rules)
        default: candidates = [plain(seed, rules), plain("a", rules), plain("1", rules)]
        }
        return candidates.first { isValid($0, rules) }
    }

    /// The variant of `base` numbered `n` (0 is `base` itself): characters of the base replaced, one position
    /// per digit of `n` in a mixed radix, by characters that keep every rule; numbers past the count of
    /// valid variants wrap around. `base` must itself be valid.
    public static func text(_ n: Int, base: String, _ rules: TextRules) -> String {
        VariantTable.shared(base: base, rules: rules).variant(Int(n.magnitude % UInt(Int.max)))
    }

    /// The first `limit` distinct valid variants of `base` (fewer when the rules leave no more).
    public static func textVariants(base: String, _ rules: TextRules, limit: Int) -> [String] {
        VariantTable.shared(base: base, rules: rules).variants(limit: limit)
    }

    private static func plain(_ seed: String, _ rules: TextRules) -> String {
        let scalars = Array(seed.unicodeScalars)
        let upper = rules.maxLength ?? max(rules.minLength, scalars.count)
        let length = min(max(scalars.count, rules.minLength), upper)
        var result = String(String.UnicodeScalarView(scalars.prefix(length)))
        result += String(repeating: "x", count: max(0, length - scalars.count))
        return result
    }

    private static func emailCandidates(_ rules: TextRules) -> [String] {
        let upper = rules.maxLength ?? .max
        return ["example.com", "ex.io", "a.io"].compactMap { domain in
            let room = upper == .max ? Int.max : upper - domain.count - 1
            guard room >= 1 else { return nil }
            let local = min(max(5, rules.minLength - domain.count - 1), room)
            return String("user1".prefix(local)) + String(repeating: "x", count: max(0, local - 5)) + "@" + domain
        }
    }

    private static func urlCandidates(_ rules: TextRules) -> [String] {
        let upper = rules.maxLength ?? .max
        var result: [String] = []
        for stem in ["https://example.com/p", "http://a"] where stem.count + 1 <= upper {
            let tail = min(max(1, rules.minLength - stem.count), upper - stem.count)
            result.append(stem + "1" + String(repeating: "x", count: max(0, tail - 1)))
        }
        if upper >= 8 { result.append("http://" + String(repeating: "a", count: max(1, min(rules.minLength, upper) - 7))) }
        return result
    }
}

/// The variants of one base under one set of rules: which characters each position may take, and the valid
/// combinations found so far, in order. Shared per process, so a test run derives each field's table once.
final class VariantTable: @unchecked Sendable {
    private static let lock = NSLock()
    private nonisolated(unsafe) static var tables: [Key: VariantTable] = [:]

    private struct Key: Hashable {
        let base: String
        let rules: FixtureVariants.TextRules
    }

    /// Candidates tried in order (valid or not) before the table counts itself complete.
    static let candidateBudget = 50_000
    /// Past this number a variant is computed directly rather than by counting valid ones.
    static let countedLimit = 20_000

    private let lock = NSLock()
    private let base: [Unicode.Scalar]
    private let rules: FixtureVariants.TextRules
    /// The positions that vary, least significant first, with the characters each may take (the base's first).
    private let digits: [(position: Int, choices: [Unicode.Scalar])]
    /// Whether every combination is valid by construction (no pattern to match).
    private let trusted: Bool
    /// The number of combinations when `trusted`, saturated at `Int.max`.
    private let trustedCapacity: Int
    private var found: [String] = []
    private var next = 0
    private var complete = false

    static func shared(base: String, rules: FixtureVariants.TextRules) -> VariantTable {
        let key = Key(base: base, rules: rules)
        lock.lock()
        defer { lock.unlock() }
        if let table = tables[key] { return table }
        let table = VariantTable(base: base, rules: rules)
        tables[key] = table
        return table
    }

    private init(base: String, rules: FixtureVariants.TextRules) {
        self.base = Array(base.unicodeScalars)
        self.rules = rules
        // Without a pattern, replacing a character of the part a person would vary (all of a plain text, an
        // address's local part, a URL's last segment) by an ASCII letter or digit keeps every rule: lengths
        // count code points, and the formats allow those characters there. Nothing needs matching then, so
        // even a text of millions of characters is varied at once.
        trusted = rules.pattern == nil
        var digits: [(Int, [Unicode.Scalar])] = []
        var capacity = 1.0
        let plain = rules.pattern == nil && rules.format == nil
        for position in Self.positions(of: self.base, format: rules.format, preferredOnly: trusted && !plain)
        where capacity < 1e9 {
            let original = self.base[position]
            var choices = [original]
            for (rank, letters) in Self.alphabets(for: original, plain: plain).enumerated() {
                // One case of letters per position (the second alphabet only where the first gave none), so
                // no two variants differ in case alone: they stay distinct where uniqueness ignores case.
                if rank == 2, choices.contains(where: { $0.properties.isAlphabetic }) { break }
                for scalar in letters where scalar != original {
                    if trusted {
                        choices.append(scalar)
                        continue
                    }
                    var candidate = self.base
                    candidate[position] = scalar
                    if FixtureVariants.isValid(String(String.UnicodeScalarView(candidate)), rules) {
                        choices.append(scalar)
                    }
                }
            }
            if choices.count > 1 {
                digits.append((position, choices))
                capacity *= Double(choices.count)
            }
        }
        self.digits = digits
        self.trustedCapacity = capacity >= Double(Int.max) ? Int.max : Int(capacity)
    }

    /// The variant numbered `n` (0 is the base).
    func variant(_ n: Int) -> String {
        if trusted, let text = candidate(n % trustedCapacity) { return text }
        if n >= Self.countedLimit, let direct = candidate(n), FixtureVariants.isValid(direct, rules) {
            return direct
        }
        let list = variants(limit: min(n, Self.countedLimit) + 1)
        if list.isEmpty { return String(String.UnicodeScalarView(base)) }
        return n < list.count ? list[n] : list[n % list.count]
    }

    /// How many distinct valid variants there are, counted up to `limit`.
    func capacity(limit: Int) -> Int {
        trusted ? min(trustedCapacity, limit) : variants(limit: limit).count
    }

    /// The first `limit` valid variants.
    func variants(limit: Int) -> [String] {
        if trusted { return (0..<min(limit, trustedCapacity)).compactMap(candidate) }
        lock.lock()
        defer { lock.unlock() }
        while found.count < limit, !complete {
            guard next < Self.candidateBudget, let text = candidate(next) else {
                complete = true
                break
            }
            next += 1
            if FixtureVariants.isValid(text, rules) { found.append(text) }
        }
        return Array(found.prefix(limit))
    }

    /// The combination numbered `k` in the mixed radix of the positions' choices; nil past the last one.
    private func candidate(_ k: Int) -> String? {
        var rest = k
        var scalars = base
        for digit in digits {
            guard rest > 0 else { break }
            scalars[digit.position] = digit.choices[rest % digit.choices.count]
            rest /= digit.choices.count
        }
        return rest == 0 ? String(String.UnicodeScalarView(scalars)) : nil
    }

    /// The positions of `base` in the order they vary: the part a person would vary first (an address's
    /// local part, a URL's last segment), then digits before letters, right to left, before anything else.
    private static func positions(of base: [Unicode.Scalar], format: String?, preferredOnly: Bool) -> [Int] {
        var preferred = 0..<base.count
        if format == "email", let at = base.firstIndex(of: "@") { preferred = 0..<at }
        if format == "url", let slash = base.lastIndex(of: "/") { preferred = (slash + 1)..<base.count }
        func rank(_ index: Int) -> Int {
            let scalar = base[index]
            let kind = ("0"..."9").contains(scalar) ? 0 : scalar.properties.isAlphabetic ? 1 : 2
            return (preferred.contains(index) ? 0 : 3) + kind
        }
        let candidates = preferredOnly ? Array(preferred.reversed().prefix(4096)) : Array(base.indices.reversed().prefix(4096))
        return candidates.sorted { rank($0) < rank($1) }.prefix(32).map { $0 }
    }

    private static let digitsAlphabet = Array("0123456789".unicodeScalars)
    private static let upperAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
    private static let lowerAlphabet = Array("abcdefghijklmnopqrstuvwxyz".unicodeScalars)
    /// Letters beyond ASCII, tried only where nothing but the length constrains the value.
    private static let extendedAlphabet = Array("αβγδεζηθικλμνξοπρστυφχψωабвгдежзийклмнопрстуфхцчшщэюя".unicodeScalars)

    /// The characters that may replace `scalar`, in three groups: its own class first (digits for a digit,
    /// capitals for a capital, small letters otherwise, and other letters where the value is plain text), then
    /// digits or capitals, then the other case, tried only where the groups before gave no letter.
    private static func alphabets(for scalar: Unicode.Scalar, plain: Bool) -> [[Unicode.Scalar]] {
        // Only ASCII letters and digits (and, in plain text, other letters) replace a character, never NUL.
        if digitsAlphabet.contains(scalar) {
            return [digitsAlphabet, upperAlphabet, lowerAlphabet]
        } else if upperAlphabet.contains(scalar) {
            return [upperAlphabet, digitsAlphabet, lowerAlphabet]
        }
        return [lowerAlphabet + (plain ? extendedAlphabet : []), digitsAlphabet, upperAlphabet]
    }
}
