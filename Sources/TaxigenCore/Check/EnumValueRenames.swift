/// Reads `renamed_values:` of an enum field: a mapping from each former value to the value it became,
/// `renamed_values: { closed: archived }`. A migration rewrites the rows that hold a former value the last
/// migration's CHECK still allows; the spec keeps the mapping as long as it likes (it does nothing once
/// applied), like a field's `renamed_from`.
enum EnumValueRenames {
    /// The renames (former value → current value), or nil after reporting every problem.
    static func read(_ node: SyntaxNode, values: [String], field: String, into log: inout DiagnosticLog) -> [String: String]? {
        let example = "e.g. `renamed_values: { closed: \(values.first ?? "archived") }` (former value: current value)"
        guard case .mapping(let mapping) = node, !mapping.entries.isEmpty else {
            log.error("'renamed_values' of field '\(field)' must map each former value to the value it became, not \(node.kindDescription)",
                      at: node.location, hint: example)
            return nil
        }
        var renames: [String: String] = [:]
        var ok = true
        for entry in mapping.entries {
            let former = entry.key.text
            guard Naming.isSnakeCase(former) else {
                log.error("former enum value '\(former)' of field '\(field)' is not snake_case", at: entry.key.location,
                          hint: "write the value as the last migration stores it, \(example)")
                ok = false
                continue
            }
            guard renames[former] == nil else {
                log.error("'renamed_values' of field '\(field)' lists '\(former)' twice", at: entry.key.location, hint: "list each former value once")
                ok = false
                continue
            }
            if values.contains(former) {
                log.error("enum value '\(former)' of field '\(field)' is renamed, but it is still one of the field's values",
                          at: entry.key.location,
                          hint: "remove '\(former)' from `values:` (its rows become '\(current(entry.value) ?? "the new value")'), or remove it from `renamed_values`")
                ok = false
                continue
            }
            guard let target = current(entry.value) else {
                log.error("'renamed_values' of field '\(field)' must give the value '\(former)' became, not \(entry.value.kindDescription)",
                          at: entry.value.location, hint: example)
                ok = false
                continue
            }
            guard values.contains(target) else {
                let hint = Suggestion.hint(for: target, in: values) ?? "the values are \(values.map { "'\($0)'" }.joined(separator: ", "))"
                log.error("enum value '\(former)' of field '\(field)' is renamed to '\(target)', which is not one of its values",
                          at: entry.value.location, hint: hint)
                ok = false
                continue
            }
            renames[former] = target
        }
        return ok ? renames : nil
    }

    /// The value a former value became: a plain scalar.
    private static func current(_ node: SyntaxNode) -> String? {
        guard case .scalar(let scalar) = node, !scalar.isNull, !scalar.text.isEmpty else { return nil }
        return scalar.text
    }
}
