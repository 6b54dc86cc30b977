import Foundation

/// Compiled regular expressions (ICU syntax), by pattern, shared by every check of a run: a pattern or
/// format used by many fields is compiled once.
enum RegexCache {
    private static let cache = Cache()

    /// The compiled expression, or nil when `pattern` is not a valid regular expression.
    static func expression(for pattern: String) -> NSRegularExpression? {
        cache.expression(for: pattern)
    }

    /// Whether the whole of `text` matches `pattern`; false when the pattern is invalid.
    static func wholeMatch(_ text: String, pattern: String) -> Bool {
        guard let expression = expression(for: pattern) else { return false }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, range: range) else { return false }
        return match.range == range
    }

    /// `NSRegularExpression` is immutable and safe to share between threads; the dictionary is locked.
    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var expressions: [String: NSRegularExpression?] = [:]

        func expression(for pattern: String) -> NSRegularExpression? {
            lock.withLock {
                if let known = expressions[pattern] { return known }
                let compiled = try? NSRegularExpression(pattern: pattern)
                expressions[pattern] = .some(compiled)
                return compiled
            }
        }
    }
}
