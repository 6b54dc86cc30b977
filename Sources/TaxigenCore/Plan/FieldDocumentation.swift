import TaxiwayRules

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

    /// The column's rules in one sentence, or empty for columns without any: its ``Column/valueRules`` in their
    /// own wording (a lower and an upper bound of the same measure read as one range), leaving out what every value
    /// of its Swift type already satisfies (no NUL, finite, storable), then what its ref and uniqueness add.
    static func summary(_ column: Column) -> String {
        guard column.role == .field else { return "" }
        var parts: [String] = []
        let rules = column.valueRules
        var index = 0
        while index < rules.count {
            let rule = rules[index]
            let next = index + 1 < rules.count && rules[index + 1].eachItem == rule.eachItem ? rules[index + 1].kind : nil
            let each = rule.eachItem ? "each item " : ""
            switch (rule.kind, next) {
            case (.minLength(let min), .maxLength(let max)?):
                parts.append(each + "\(min) to " + RuleWording.count(max, "character"))
                index += 1
            case (.minItems(let min), .maxItems(let max)?):
                parts.append("\(min) to " + RuleWording.count(max, "item"))
                index += 1
            case (.minimum(let min), .maximum(let max)?):
                parts.append(each + "from \(min) to \(max)")
                index += 1
            case (.noNullCharacter, _), (.finite, _), (.timestampRange, _), (.storableJSON, _), (.positiveVersion, _):
                break
            default:
                parts.append(rule.summary)
            }
            index += 1
        }
        if case .ref(let entity) = column.type { parts.append("a key of `\(entity)` (indexed; no foreign-key constraint)") }
        if column.isUnique { parts.append("unique among active rows") }
        guard !parts.isEmpty else { return "" }
        let sentence = parts.joined(separator: "; ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
    }
}
