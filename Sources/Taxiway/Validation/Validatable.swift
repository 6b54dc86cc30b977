/// A value whose spec rules are generated; `validate(adding:)` runs them plus any business rules.
public protocol Validatable: Sendable {
    /// Every violation of the spec's rules, in field order (empty when the value is valid).
    func validationIssues() -> [ValidationIssue]
}

extension Validatable {
    /// Every violation of the spec's rules and of `rules`, in that order.
    public func allIssues(adding rules: [ValidationRule<Self>] = []) -> [ValidationIssue] {
        TextPatterns.withValidationBudget { validationIssues() + rules.flatMap { $0.check(self) } }
    }

    /// Throws `ValidationError` listing every violation of the spec's rules and of `rules`.
    public func validate(adding rules: [ValidationRule<Self>] = []) throws(ValidationError) {
        let issues = allIssues(adding: rules)
        if !issues.isEmpty {
            throw ValidationError(issues: issues)
        }
    }
}

extension Array where Element: Validatable {
    /// Every violation of every element's spec rules and of `rules`, each field prefixed with its element's
    /// index (`[3].email`). All the pattern matches share one ``TextPatterns/validationStepBudget``, so a
    /// bulk request of many slow values cannot add up to a long hold.
    public func allIssues(adding rules: [ValidationRule<Element>] = []) -> [ValidationIssue] {
        TextPatterns.withValidationBudget {
            var issues: [ValidationIssue] = []
            for (index, element) in enumerated() {
                issues += element.allIssues(adding: rules).map {
                    ValidationIssue(field: "[\(index)].\($0.field)", rule: $0.rule, message: $0.message)
                }
            }
            return issues
        }
    }
}

/// A business rule written by hand for a generated type, without editing generated files.
///
/// ```swift
/// let notOnWeekends = ValidationRule<OrderCreate>(field: "placed_on", rule: "weekday") { order in
///     order.placedOn.isWeekday ? nil : "orders cannot be placed on weekends"
/// }
/// try request.validate(adding: [notOnWeekends])
/// ```
public struct ValidationRule<Subject>: Sendable {
    /// Returns the violations of the rule for a value.
    public let check: @Sendable (Subject) -> [ValidationIssue]

    /// A rule that may report several issues.
    public init(_ check: @escaping @Sendable (Subject) -> [ValidationIssue]) {
        self.check = check
    }

    /// A rule about one field: the closure returns a message when the value breaks it, or nil.
    public init(field: String, rule: String, _ message: @escaping @Sendable (Subject) -> String?) {
        self.check = { subject in
            message(subject).map { [ValidationIssue(field: field, rule: rule, message: $0)] } ?? []
        }
    }
}
