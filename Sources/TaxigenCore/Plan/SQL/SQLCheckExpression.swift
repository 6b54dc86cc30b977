/// The boolean expression inside each `CHECK (...)`: the SQL spelling of a `CheckConstraint.Rule`.
enum SQLCheckExpression {
    /// The expression for a rule on a column (`column` is its SQL spelling, quoted where needed).
    static func expression(_ rule: CheckConstraint.Rule, column: String) -> String {
        switch rule {
        case .oneOf(let values):
            return "\(column) IN (" + values.map(SQLLiteral.string).joined(separator: ", ") + ")"
        case .length(let min, let max):
            return bounds("char_length(\(column))", min: min.map(String.init), max: max.map(String.init))
        case .range(let min, let max):
            return bounds(column, min: min?.description, max: max?.description)
        case .itemCount(let min, let max):
            return bounds("cardinality(\(column))", min: min.map(String.init), max: max.map(String.init))
        case .itemRange(let min, let max):
            let parts = [min.map { "\($0.description) <= ALL (\(column))" }, max.map { "\($0.description) >= ALL (\(column))" }]
            return joined(parts.compactMap { $0 })
        case .positiveVersion:
            return "\(column) >= 1"
        }
    }

    /// `value >= min AND value <= max`, with only the bounds that are present.
    private static func bounds(_ value: String, min: String?, max: String?) -> String {
        joined([min.map { "\(value) >= \($0)" }, max.map { "\(value) <= \($0)" }].compactMap { $0 })
    }

    /// The parts joined with `AND`; `true` when there is none (the checker never makes such a rule).
    private static func joined(_ parts: [String]) -> String {
        parts.isEmpty ? "true" : parts.joined(separator: " AND ")
    }
}
