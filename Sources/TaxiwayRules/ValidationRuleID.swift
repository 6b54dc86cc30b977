/// The id of a validation rule: what a `ValidationIssue` names in its `rule`, what the spec key is called, and
/// what taxigen's generated tests expect. The generator and the runtime both spell rules through this type.
public enum ValidationRuleID: String, Sendable, Hashable, CaseIterable {
    /// A text (or each text item) has at least so many characters.
    case minLength = "min_length"
    /// A text (or each text item) has at most so many characters.
    case maxLength = "max_length"
    /// A text (or each text item) matches a regular expression.
    case pattern
    /// A text is an email address or an http(s) URL.
    case format
    /// A text holds no NUL character, which PostgreSQL's text types cannot store.
    case nullCharacter = "null_character"
    /// A number (or each item) is at least a bound.
    case minimum
    /// A number (or each item) is at most a bound.
    case maximum
    /// A floating-point number, decimal, vector component or JSON number is finite.
    case finite
    /// A decimal has at most so many digits after the decimal point.
    case scale
    /// A decimal has at most so many digits before the decimal point.
    case precision
    /// An array has at least so many items.
    case minItems = "min_items"
    /// An array has at most so many items.
    case maxItems = "max_items"
    /// A vector has exactly so many dimensions.
    case dimensions
    /// A timestamp is within the range PostgreSQL's `timestamptz` stores.
    case range
    /// A JSON value nests at most so deep.
    case maxDepth = "max_depth"
}
