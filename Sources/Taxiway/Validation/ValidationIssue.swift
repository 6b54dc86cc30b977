/// One violated rule: which field (a path such as `tags[2]`), which rule, and a message for people.
///
/// Messages never contain the offending value, so a sensitive field's value cannot leak through them.
public struct ValidationIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The field path, as named in the spec (`email`, `tags[2]`).
    public let field: String
    /// The rule's spec key (`max_length`, `minimum`, `format`, …) or a custom rule's name.
    public let rule: String
    /// What is wrong, for people.
    public let message: String

    /// Creates an issue.
    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}

/// Thrown when a request fails validation; lists every violated rule at once.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every violation, in field order, then custom rules.
    public let issues: [ValidationIssue]

    /// Creates the error.
    public init(issues: [ValidationIssue]) {
        self.issues = issues
    }

    /// One line per issue.
    public var description: String {
        "validation failed: " + issues.map(\.description).joined(separator: "; ")
    }
}
