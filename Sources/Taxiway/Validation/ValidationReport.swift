import Foundation
import Synchronization
import TaxiwayRules

/// Collects violations while generated code checks a value's fields one rule at a time.
///
/// Every check takes an optional too and skips nil, so generated code reads the same for nullable fields.
public struct ValidationReport: Sendable {
    /// The violations found so far.
    public private(set) var issues: [ValidationIssue] = []

    /// Creates an empty report.
    public init() {}

    /// Records a violation.
    public mutating func add(_ field: String, _ rule: String, _ message: String) {
        issues.append(ValidationIssue(field: field, rule: rule, message: message))
    }

    /// Records a violation of one of the rules taxigen generates checks for.
    mutating func add(_ field: String, _ rule: ValidationRuleID, _ message: String) {
        add(field, rule.rawValue, message)
    }

    /// Checks a text's length in characters as PostgreSQL counts them (Unicode code points, as `char_length`
    /// and `varchar(n)` do), not in Swift's grapheme clusters: `"e\u{301}"` is two characters here.
    public mutating func checkLength(_ value: String?, of field: String, min: Int? = nil, max: Int? = nil) {
        guard let value else { return }
        let count = value.unicodeScalars.count
        if let min, count < min {
            add(field, .minLength, "must be \(RuleWording.minLength(min)) long")
        }
        if let max, count > max {
            add(field, .maxLength, "must be \(RuleWording.maxLength(max)) long")
        }
    }

    /// Checks that a text holds no NUL character (U+0000), which PostgreSQL's `text` and `varchar` cannot store.
    public mutating func checkNoNullCharacter(_ value: String?, of field: String) {
        guard let value else { return }
        if value.utf8.contains(0) {
            add(field, .nullCharacter, "must not contain the NUL character (U+0000)")
        }
    }

    /// Checks that no item of a text array holds a NUL character, reporting each bad item by index.
    public mutating func checkEachNoNullCharacter(_ value: [String]?, of field: String) {
        guard let value else { return }
        for (index, item) in value.enumerated() {
            checkNoNullCharacter(item, of: "\(field)[\(index)]")
        }
    }

    /// Checks that a decimal fits `numeric(precision, scale)` without rounding: a number (not `Decimal.nan`,
    /// rule `finite`), at most `scale` digits after the decimal point (PostgreSQL would round the rest away)
    /// and at most `precision - scale` before it (PostgreSQL would refuse the value).
    public mutating func checkDecimal(_ value: Decimal?, of field: String, precision: Int, scale: Int) {
        guard let value else { return }
        guard value.isFinite else {
            add(field, .finite, "must be a number")
            return
        }
        // A value whose exponent is at least -scale has no more fractional digits than `scale`; rounding it
        // is not needed (and NSDecimalRound misbehaves for exponents near Decimal's largest).
        var rounded = value
        if value.exponent < -scale {
            var exact = value
            NSDecimalRound(&rounded, &exact, scale, .plain)
        }
        if rounded != value {
            add(field, .scale, "must have \(RuleWording.scale(scale))")
        }
        let integerDigits = precision - scale
        if Self.integerDigitCount(value) > integerDigits {
            add(field, .precision, (integerDigits == 0 ? "must be " : "must have ") + RuleWording.precision(integerDigits: integerDigits))
        }
    }

    /// The number of digits before the decimal point of a finite decimal (0 for a magnitude below 1), read
    /// from its plain-digit description, so it is exact for every `Decimal` up to its 10^165.
    static func integerDigitCount(_ value: Decimal) -> Int {
        let integerPart = value.magnitude.description.prefix { $0 != "." }
        return integerPart == "0" ? 0 : integerPart.count
    }

    /// Checks that a whole text matches a regular expression (ICU syntax).
    public mutating func checkPattern(_ value: String?, of field: String, pattern: String) {
        guard let value else { return }
        if !TextPatterns.matches(value, pattern: pattern) {
            add(field, .pattern, "must match the pattern \(pattern)")
        }
    }

    /// Checks a text's format.
    public mutating func checkFormat(_ value: String?, of field: String, _ format: TextPatterns.Format) {
        guard let value else { return }
        if !TextPatterns.matches(value, pattern: format.pattern) {
            add(field, .format, "must be \(RuleWording.format(format.rawValue))")
        }
    }

    /// Checks that a number is within bounds.
    public mutating func checkRange<Number: Comparable>(_ value: Number?, of field: String, min: Number? = nil,
                                                        max: Number? = nil) {
        guard let value else { return }
        if let min, value < min {
            add(field, .minimum, "must be \(RuleWording.minimum("\(min)"))")
        }
        if let max, value > max {
            add(field, .maximum, "must be \(RuleWording.maximum("\(max)"))")
        }
    }

    /// Checks an array's number of items.
    public mutating func checkItemCount<Item>(_ value: [Item]?, of field: String, min: Int? = nil, max: Int? = nil) {
        guard let value else { return }
        if let min, value.count < min {
            add(field, .minItems, "must have \(RuleWording.minItems(min))")
        }
        if let max, value.count > max {
            add(field, .maxItems, "must have \(RuleWording.maxItems(max))")
        }
    }

    /// Checks every item's length, reporting each bad item by index.
    public mutating func checkEachLength(_ value: [String]?, of field: String, min: Int? = nil, max: Int? = nil) {
        guard let value else { return }
        for (index, item) in value.enumerated() {
            checkLength(item, of: "\(field)[\(index)]", min: min, max: max)
        }
    }

    /// Checks that every item matches a regular expression.
    public mutating func checkEachPattern(_ value: [String]?, of field: String, pattern: String) {
        guard let value else { return }
        for (index, item) in value.enumerated() {
            checkPattern(item, of: "\(field)[\(index)]", pattern: pattern)
        }
    }

    /// Checks that every item is within bounds.
    public mutating func checkEachRange<Number: Comparable>(_ value: [Number]?, of field: String, min: Number? = nil,
                                                            max: Number? = nil) {
        guard let value else { return }
        for (index, item) in value.enumerated() {
            checkRange(item, of: "\(field)[\(index)]", min: min, max: max)
        }
    }

    /// Checks a vector's number of dimensions, and that every component is finite (pgvector refuses NaN and
    /// infinity; rule `finite`, reported by index).
    public mutating func checkDimensions(_ value: [Float]?, of field: String, count: Int) {
        guard let value else { return }
        if value.count != count {
            add(field, .dimensions, "must have \(RuleWording.dimensions(count))")
        }
        for (index, component) in value.enumerated() where !component.isFinite {
            add("\(field)[\(index)]", .finite, "must be a finite number")
        }
    }
}

/// The regular expressions behind the spec's `pattern` and `format` rules.
public enum TextPatterns {
    /// The formats a text field can be required to have.
    public enum Format: String, Sendable, CaseIterable {
        case email, url

        /// The expression a value must match as a whole. taxigen checks spec defaults with the same one.
        public var pattern: String {
            switch self {
            case .email: #"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"#
            case .url: #"^https?://[^\s/$.?#][^\s]*$"#
            }
        }
    }

    private static let cache = ExpressionCache()

    /// ICU progress reports (each after roughly 10,000 steps of its matcher) one match may take, about
    /// 10 ms: a client's text that takes longer does not match, so no input can hold a request in a
    /// backtracking pattern.
    public static let stepBudget = 64

    /// ICU progress reports all the matches of one validation may take together (a request, or every
    /// request of a bulk create), about 40 ms: many slow items cannot add up to a long hold either. A value
    /// checked after the budget is spent does not match. Ordinary values take no report at all.
    public static let validationStepBudget = 256

    /// Whether the whole of `text` matches `pattern`, within ``stepBudget`` and what is left of the current
    /// validation's ``validationStepBudget``; false past either.
    public static func matches(_ text: String, pattern: String) -> Bool {
        guard let expression = cache.expression(for: pattern) else { return false }
        let shared = PatternBudget.current
        let allowed = min(stepBudget, shared?.remaining ?? stepBudget)
        guard allowed > 0 else { return false }
        let range = NSRange(text.startIndex..., in: text)
        var first: NSRange?
        var ticks = 0
        // As `firstMatch(in:range:)`, with progress reports: the block is called with a nil result at each
        // ICU time tick and stops the search once the budget is spent.
        expression.enumerateMatches(in: text, options: [.reportProgress], range: range) { result, _, stop in
            if let result {
                first = result.range
                stop.pointee = true
            } else {
                ticks += 1
                if ticks >= allowed { stop.pointee = true }
            }
        }
        shared?.spend(ticks)
        return first == range
    }

    /// Runs `validation` with one ``validationStepBudget`` for all its pattern matches (the one already
    /// running, when `validation` is part of a larger one).
    @usableFromInline
    static func withValidationBudget<Result>(_ validation: () throws -> Result) rethrows -> Result {
        if PatternBudget.current != nil { return try validation() }
        return try PatternBudget.$current.withValue(PatternBudget(), operation: validation)
    }

    /// Compiled expressions, shared across tasks.
    private final class ExpressionCache: @unchecked Sendable {
        private let lock = NSLock()
        private var expressions: [String: NSRegularExpression] = [:]

        func expression(for pattern: String) -> NSRegularExpression? {
            lock.lock()
            defer { lock.unlock() }
            if let expression = expressions[pattern] { return expression }
            let expression = try? NSRegularExpression(pattern: pattern)
            expressions[pattern] = expression
            return expression
        }
    }
}

/// What the pattern matches of one validation may still spend, in ICU progress reports.
final class PatternBudget: Sendable {
    /// The budget of the validation running on this task, if any.
    @TaskLocal static var current: PatternBudget?

    private let left = Mutex(TextPatterns.validationStepBudget)

    /// The progress reports left.
    var remaining: Int { left.withLock { $0 } }

    /// Takes `ticks` progress reports off the budget.
    func spend(_ ticks: Int) {
        guard ticks > 0 else { return }
        left.withLock { $0 = max(0, $0 - ticks) }
    }
}
