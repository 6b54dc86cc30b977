import TaxiwayRules

/// One rule a column's values obey, normalised once from the spec's keys and the column's type: the single
/// model that the CHECK constraints, the generated validation, the generated bound tests and the generated
/// documentation all derive from (``Column/valueRules``).
///
/// Normalising settles once what used to be settled in each of those places: a `min_length` of 0 is no rule,
/// a `string(n)`'s length bound comes from its type, a sealed field is never checked for NUL (its ciphertext may
/// hold any byte), an array's item rules hold for each item.
public struct ColumnRule: Sendable, Hashable {
    /// What the rule requires.
    public enum Kind: Sendable, Hashable {
        /// At least so many characters (Unicode code points, as `char_length` counts).
        case minLength(Int)
        /// At most so many characters.
        case maxLength(Int)
        /// The whole text matches this regular expression.
        case pattern(String)
        /// The text has this format.
        case format(ValidationRules.Format)
        /// No NUL character.
        case noNullCharacter
        /// At least this number.
        case minimum(NumberLiteral)
        /// At most this number.
        case maximum(NumberLiteral)
        /// A finite number (no NaN or infinity).
        case finite
        /// A decimal of at most `precision` significant digits, `scale` of them after the decimal point.
        case decimalDigits(precision: Int, scale: Int)
        /// At least so many items.
        case minItems(Int)
        /// At most so many items.
        case maxItems(Int)
        /// Exactly so many dimensions, each component finite.
        case dimensions(Int)
        /// A timestamp within PostgreSQL's range.
        case timestampRange
        /// JSON that PostgreSQL stores as it is: no NUL, finite numbers, bounded nesting.
        case storableJSON
        /// One of these values (an enum).
        case oneOf([String])
        /// The optimistic-lock version is positive.
        case positiveVersion
    }

    /// What the rule requires.
    public let kind: Kind
    /// Whether the rule holds for each item of an array rather than for the whole value.
    public let eachItem: Bool

    /// A rule of `kind`, for the whole value or for each item.
    public init(_ kind: Kind, eachItem: Bool = false) {
        self.kind = kind
        self.eachItem = eachItem
    }

    /// The ids a violation of the rule is reported with (`ValidationIssue.rule`); empty for rules the Swift
    /// type already guarantees (an enum's values, the server-managed version).
    public var ids: [ValidationRuleID] {
        switch kind {
        case .minLength: [.minLength]
        case .maxLength: [.maxLength]
        case .pattern: [.pattern]
        case .format: [.format]
        case .noNullCharacter: [.nullCharacter]
        case .minimum: [.minimum]
        case .maximum: [.maximum]
        case .finite: [.finite]
        case .decimalDigits: [.finite, .scale, .precision]
        case .minItems: [.minItems]
        case .maxItems: [.maxItems]
        case .dimensions: [.dimensions, .finite]
        case .timestampRange: [.range]
        case .storableJSON: [.maxDepth, .nullCharacter, .finite]
        case .oneOf, .positiveVersion: []
        }
    }

    /// The rule in a few words, as documentation and test titles say it: `at least 1 character`,
    /// `each item at most 20 characters`.
    public var summary: String {
        let phrase: String
        switch kind {
        case .minLength(let count): phrase = RuleWording.minLength(count)
        case .maxLength(let count): phrase = RuleWording.maxLength(count)
        case .pattern(let pattern): phrase = "matches `\(pattern)`"
        case .format(let format): phrase = format == .email ? "an email address" : "an http(s) URL"
        case .noNullCharacter: phrase = RuleWording.noNullCharacter
        case .minimum(let bound): phrase = RuleWording.minimum(bound)
        case .maximum(let bound): phrase = RuleWording.maximum(bound)
        case .finite: phrase = "a finite number"
        case .decimalDigits(let precision, let scale):
            let integerDigits = precision - scale
            phrase = integerDigits == 0
                ? "less than 1 in magnitude, " + RuleWording.scale(scale)
                : "at most " + RuleWording.count(integerDigits, "digit") + " before and \(scale) after the decimal point"
        case .minItems(let count): phrase = RuleWording.minItems(count)
        case .maxItems(let count): phrase = RuleWording.maxItems(count)
        case .dimensions(let count): phrase = RuleWording.dimensions(count)
        case .timestampRange: phrase = "within PostgreSQL's timestamp range"
        case .storableJSON: phrase = "JSON PostgreSQL stores as it is"
        case .oneOf(let values): phrase = "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
        case .positiveVersion: phrase = "at least 1"
        }
        guard eachItem else { return phrase }
        return kind == .noNullCharacter ? "no NUL character in any item" : "each item " + phrase
    }
}

extension ColumnRule {
    /// The rules of a column of `type` and `role` with the spec's `rules`, in a fixed order: the order the
    /// generated validation checks them and the generated tests and docs list them.
    static func normalise(type: FieldType, role: Column.Role, rules: ValidationRules) -> [ColumnRule] {
        var list: [ColumnRule] = []
        func add(_ kind: Kind, each: Bool = false) { list.append(ColumnRule(kind, eachItem: each)) }
        let minLength = rules.minLength.flatMap { $0 > 0 ? $0 : nil }
        switch type {
        case .string, .text, .sealed:
            let maxLength: Int? = if case .string(let max) = type { max } else { rules.maxLength }
            if let minLength { add(.minLength(minLength)) }
            if let maxLength { add(.maxLength(maxLength)) }
            if let pattern = rules.pattern { add(.pattern(pattern)) }
            if let format = rules.format { add(.format(format)) }
            // A sealed field is stored as ciphertext (`bytea`), which may hold any character.
            if case .sealed = type {} else { add(.noNullCharacter) }
        case .int, .bigint, .double, .decimal:
            if type == .double { add(.finite) }
            if let minimum = rules.minimum { add(.minimum(minimum)) }
            if let maximum = rules.maximum { add(.maximum(maximum)) }
            if case .decimal(let precision, let scale) = type { add(.decimalDigits(precision: precision, scale: scale)) }
        case .array(let item):
            if let minItems = rules.minItems, minItems > 0 { add(.minItems(minItems)) }
            if let maxItems = rules.maxItems { add(.maxItems(maxItems)) }
            if let minLength { add(.minLength(minLength), each: true) }
            if let maxLength = rules.maxLength { add(.maxLength(maxLength), each: true) }
            if item == .string || item == .text { add(.noNullCharacter, each: true) }
            if item == .double { add(.finite, each: true) }
            if let pattern = rules.pattern { add(.pattern(pattern), each: true) }
            if let minimum = rules.minimum { add(.minimum(minimum), each: true) }
            if let maximum = rules.maximum { add(.maximum(maximum), each: true) }
        case .vector(let dimensions, _):
            add(.dimensions(dimensions))
        case .timestamp:
            add(.timestampRange)
        case .json:
            add(.storableJSON)
        case .enumeration(let enumType):
            add(.oneOf(enumType.values))
        case .bool, .date, .uuid, .ref, .primaryKey:
            // Every `Bool`, `UUID` and key is storable; a `CalendarDate` holds years 1…9999 only, well inside
            // what `date` stores.
            break
        }
        if role == .version { add(.positiveVersion) }
        return list
    }
}
