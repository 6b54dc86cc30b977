/// Writes the documentation of a generated property: the spec's description, then its rules in one sentence,
/// so every generated property says what values it takes.
enum FieldDocumentation {
    /// The documentation lines of a column (without comment markers).
    static func lines(for column: Column) -> [String] {
        var lines = DocLines.of(column.description)
        let summary = self.summary(column)
        if !summary.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines.append(summary)
        }
        return lines
    }

    /// The column's rules in one sentence, or empty for columns without any.
    static func summary(_ column: Column) -> String {
        guard column.role == .field else { return "" }
        var parts: [String] = []
        let rules = column.rules
        switch column.type {
        case .string(let max):
            parts.append(lengthPhrase(min: rules.minLength, max: max))
        case .text, .sealed:
            if rules.minLength != nil || rules.maxLength != nil {
                parts.append(lengthPhrase(min: rules.minLength, max: rules.maxLength))
            }
        case .int, .bigint, .double, .decimal:
            if let phrase = rangePhrase(min: rules.minimum, max: rules.maximum) { parts.append(phrase) }
        case .array:
            if let max = rules.maxItems { parts.append("At most \(max) item\(max == 1 ? "" : "s")") }
            if let min = rules.minItems, min > 0 { parts.append("at least \(min) item\(min == 1 ? "" : "s")") }
            if rules.minLength != nil || rules.maxLength != nil {
                parts.append("each item " + lengthPhrase(min: rules.minLength, max: rules.maxLength).lowercased())
            }
            if let phrase = rangePhrase(min: rules.minimum, max: rules.maximum) { parts.append("each item " + phrase.lowercased()) }
        case .vector(let dimensions, _):
            parts.append("Exactly \(dimensions) dimensions")
        case .enumeration(let enumType):
            parts.append("One of " + enumType.values.map { "`\($0)`" }.joined(separator: ", "))
        case .ref(let entity):
            parts.append("A key of `\(entity)` (indexed; no foreign-key constraint)")
        default:
            break
        }
        if let pattern = rules.pattern { parts.append("matches `\(pattern)`") }
        if let format = rules.format { parts.append(format == .email ? "an email address" : "an http(s) URL") }
        if column.isUnique { parts.append("unique among active rows") }
        guard !parts.isEmpty else { return "" }
        var sentence = parts.joined(separator: "; ")
        sentence = sentence.prefix(1).uppercased() + sentence.dropFirst()
        return sentence + "."
    }

    private static func lengthPhrase(min: Int?, max: Int?) -> String {
        let min = min.flatMap { $0 > 0 ? $0 : nil }
        switch (min, max) {
        case let (min?, max?): return "\(min) to \(max) characters"
        case let (nil, max?): return "At most \(max) characters"
        case let (min?, nil): return "At least \(min) character\(min == 1 ? "" : "s")"
        case (nil, nil): return ""
        }
    }

    private static func rangePhrase(min: NumberLiteral?, max: NumberLiteral?) -> String? {
        switch (min, max) {
        case let (min?, max?): "From \(min) to \(max)"
        case let (min?, nil): "At least \(min)"
        case let (nil, max?): "At most \(max)"
        case (nil, nil): nil
        }
    }
}
