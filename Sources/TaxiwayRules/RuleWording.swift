/// How each rule reads, in one place: generated documentation, generated test titles and the runtime's
/// validation messages all say a bound the same way ("at least 1 character", "at most 5 items").
public enum RuleWording {
    /// `1 character`, `2 characters`.
    public static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `at least 3 characters`.
    public static func minLength(_ count: Int) -> String { "at least " + Self.count(count, "character") }

    /// `at most 120 characters`.
    public static func maxLength(_ count: Int) -> String { "at most " + Self.count(count, "character") }

    /// `at least 0`.
    public static func minimum(_ bound: some CustomStringConvertible) -> String { "at least \(bound)" }

    /// `at most 100`.
    public static func maximum(_ bound: some CustomStringConvertible) -> String { "at most \(bound)" }

    /// `at least 1 item`.
    public static func minItems(_ count: Int) -> String { "at least " + Self.count(count, "item") }

    /// `at most 5 items`.
    public static func maxItems(_ count: Int) -> String { "at most " + Self.count(count, "item") }

    /// `at most 2 digits after the decimal point`.
    public static func scale(_ digits: Int) -> String { "at most " + count(digits, "digit") + " after the decimal point" }

    /// `at most 6 digits before the decimal point`, or `less than 1 in magnitude` when none may be.
    public static func precision(integerDigits digits: Int) -> String {
        digits == 0 ? "less than 1 in magnitude" : "at most " + count(digits, "digit") + " before the decimal point"
    }

    /// `exactly 3 dimensions`.
    public static func dimensions(_ count: Int) -> String { "exactly " + Self.count(count, "dimension") }

    /// `no NUL character`.
    public static let noNullCharacter = "no NUL character"

    /// `a valid email`, `a valid url`.
    public static func format(_ name: String) -> String { "a valid \(name)" }
}
