import Foundation

/// Compiled regular expressions (ICU syntax), by pattern, shared by every check of a run: a pattern or
/// format used by many fields is compiled once.
///
/// Matching is bounded: a spec's pattern is evaluated on the spec's own defaults and examples, and a
/// pattern such as `(a+)+$` takes exponential time on text it does not match. ICU reports progress every
/// 10,000 or so steps of its matcher; evaluation stops after `tickBudget` such reports and the text is
/// reported as too slow to check rather than hanging the run. Patterns and texts are capped in length.
enum RegexCache {
    /// The longest pattern taxigen compiles, in characters.
    static let maximumPatternLength = 1_000
    /// The longest text checked against a pattern, in characters.
    static let maximumTextLength = 10_000
    /// Progress reports (of roughly 10,000 matcher steps each) one evaluation may take: about 10 ms.
    static let tickBudget = 64
    /// Progress reports all evaluations of one pattern may take together; past it the pattern is slow.
    static let patternTickBudget = 4 * tickBudget

    private static let cache = Cache()

    /// The result of matching a text against a pattern, bounded.
    enum Outcome: Sendable, Hashable {
        /// The whole text matches.
        case match
        /// It does not (or the pattern is invalid).
        case mismatch
        /// Matching was stopped at the step bound.
        case tooSlow
        /// The text is longer than `maximumTextLength`; it was not checked.
        case tooLong
    }

    /// The compiled expression, or nil when `pattern` is not a valid regular expression or is too long.
    static func expression(for pattern: String) -> NSRegularExpression? {
        guard pattern.count <= maximumPatternLength else { return nil }
        return cache.expression(for: pattern)
    }

    /// Why a spec's pattern is refused (message after "'pattern' of field 'x' ", and a hint); nil when
    /// it is usable.
    static func problem(with pattern: String) -> (message: String, hint: String)? {
        if pattern.count > maximumPatternLength {
            return ("is \(pattern.count) characters long; at most \(maximumPatternLength) are allowed",
                    "a field's pattern describes a short value; shorten it")
        }
        guard expression(for: pattern) != nil else {
            return ("is not a valid regular expression", "patterns use ICU syntax (NSRegularExpression)")
        }
        if let group = PatternShape.nestedRepetition(in: pattern) {
            return ("repeats a group that repeats by itself, '\(group)': matching it takes exponential time on text that does not match",
                    "repeat the inner part once, e.g. `(a+)+` → `a+`, `(\\w+\\s?)*` → `[\\w\\s]*`")
        }
        return nil
    }

    /// Whether the whole of `text` matches `pattern`, bounded; `.mismatch` when the pattern is invalid.
    static func evaluate(_ text: String, pattern: String) -> Outcome {
        guard text.count <= maximumTextLength else { return .tooLong }
        guard let expression = expression(for: pattern) else { return .mismatch }
        if cache.isSlow(pattern) { return .tooSlow }
        let range = NSRange(text.startIndex..., in: text)
        let (first, ticks) = firstMatch(expression, in: text)
        if ticks > 0 { cache.spend(ticks, on: pattern) }
        if let first { return first == range ? .match : .mismatch }
        return ticks >= tickBudget ? .tooSlow : .mismatch
    }

    /// The range of the first match of `expression` in `text`, as `firstMatch(in:range:)` finds it (so the
    /// checker agrees with Taxiway's validation), and the ICU progress reports the search took: the block
    /// is called with a nil result at every ICU time tick, and the search stops at `tickBudget` of them.
    static func firstMatch(_ expression: NSRegularExpression, in text: String) -> (range: NSRange?, ticks: Int) {
        var first: NSRange?
        var ticks = 0
        expression.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) {
            result, _, stop in
            if let result {
                first = result.range
                stop.pointee = true
            } else {
                ticks += 1
                if ticks >= tickBudget { stop.pointee = true }
            }
        }
        return (first, ticks)
    }

    /// Whether the whole of `text` matches `pattern`; false when the pattern is invalid, the text too long
    /// or the match too slow.
    static func wholeMatch(_ text: String, pattern: String) -> Bool {
        evaluate(text, pattern: pattern) == .match
    }

    /// `NSRegularExpression` is immutable and safe to share between threads; the dictionaries are locked.
    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var expressions: [String: NSRegularExpression?] = [:]
        private var spent: [String: Int] = [:]

        func expression(for pattern: String) -> NSRegularExpression? {
            lock.withLock {
                if let known = expressions[pattern] { return known }
                let compiled = try? NSRegularExpression(pattern: pattern)
                expressions[pattern] = .some(compiled)
                return compiled
            }
        }

        func isSlow(_ pattern: String) -> Bool {
            lock.withLock { spent[pattern, default: 0] >= RegexCache.patternTickBudget }
        }

        func spend(_ ticks: Int, on pattern: String) {
            lock.withLock { spent[pattern, default: 0] += ticks }
        }
    }
}
