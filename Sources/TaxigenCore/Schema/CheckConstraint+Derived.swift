extension CheckConstraint {
    /// The CHECK rules SQL states for a column, each with the suffix of its constraint name
    /// (`ck_<table>_<column>_<suffix>`), derived from the column's ``Column/valueRules``: an enum's values, text
    /// lengths, number ranges, array item counts and item ranges, a positive version.
    ///
    /// Left out are the rules the column's SQL type already states (a `varchar(n)`'s length, a `numeric(p, s)`'s
    /// digits, a `vector(n)`'s dimensions), the rules only Swift can check (patterns, formats, NUL characters,
    /// finite numbers, item lengths) and any length of a sealed field, whose column holds ciphertext.
    public static func derived(from column: Column) -> [(suffix: String, rule: Rule)] {
        var minLength: Int?, maxLength: Int?, minimum: NumberLiteral?, maximum: NumberLiteral?
        var minItems: Int?, maxItems: Int?, itemMinimum: NumberLiteral?, itemMaximum: NumberLiteral?
        var derived: [(suffix: String, rule: Rule)] = []
        for rule in column.valueRules {
            switch (rule.kind, rule.eachItem) {
            case (.oneOf(let values), false): derived.append(("values", .oneOf(values)))
            case (.minLength(let count), false): minLength = count
            case (.maxLength(let count), false): maxLength = count
            case (.minimum(let bound), false): minimum = bound
            case (.maximum(let bound), false): maximum = bound
            case (.minimum(let bound), true): itemMinimum = bound
            case (.maximum(let bound), true): itemMaximum = bound
            case (.minItems(let count), _): minItems = count
            case (.maxItems(let count), _): maxItems = count
            default: break
            }
        }
        switch column.type {
        case .sealed:
            break
        case .string:
            // `varchar(n)` states the most.
            if let minLength { derived.append(("length", .length(min: minLength, max: nil))) }
        default:
            if minLength != nil || maxLength != nil { derived.append(("length", .length(min: minLength, max: maxLength))) }
        }
        if minimum != nil || maximum != nil { derived.append(("range", .range(min: minimum, max: maximum))) }
        if minItems != nil || maxItems != nil { derived.append(("items", .itemCount(min: minItems, max: maxItems))) }
        if itemMinimum != nil || itemMaximum != nil {
            derived.append(("item_range", .itemRange(min: itemMinimum, max: itemMaximum)))
        }
        if column.valueRules.contains(where: { $0.kind == .positiveVersion }) { derived.append(("positive", .positiveVersion)) }
        return derived
    }
}
