/// The checklist item about validation: the create and patch types exist, and every rule a spec states is
/// checked by them. (The response type is the model's `EntityResponse`, declared with the model.)
enum ValidationSchemaRules {
    /// The planned files include `<Entity>Create.swift` (which declares the create request and, unless the
    /// entity is append-only, the patch), and the create type's validation calls cover every rule of every
    /// writable column.
    static func validationSchemas(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        let file = "\(entity.name)\(GeneratedTypeSuffix.create).swift"
        if !subject.plannedFileNames.contains(file) {
            findings.append(subject.finding("no \(entity.name)\(GeneratedTypeSuffix.create) is generated"))
        }
        // An append-only entity has no patch: its rows are never changed.
        let suffixes = entity.traits.appendOnly == nil
            ? [GeneratedTypeSuffix.create, GeneratedTypeSuffix.patch]
            : [GeneratedTypeSuffix.create]
        var ruleCount = 0
        for column in entity.writableColumns {
            let calls = ValidationPlanner.checks(for: column, value: "value").joined(separator: "\n")
            for (rule, call) in expectedCalls(column) {
                ruleCount += 1
                if !calls.contains("report.\(call)(") {
                    findings.append(LintFinding("validation does not check \(rule) of '\(column.name)' (no \(call))", at: column.location))
                }
            }
        }
        let types = suffixes.map { entity.name + $0 }.joined(separator: ", ")
        return LintOutcome(findings, "\(types); \(ruleCount) rule\(ruleCount == 1 ? "" : "s") validated")
    }

    /// The rules of a column and the `ValidationReport` call that checks each.
    private static func expectedCalls(_ column: Column) -> [(String, String)] {
        let rules = column.rules
        var calls: [(String, String)] = []
        let isArray = if case .array = column.type { true } else { false }
        let minLength = (rules.minLength ?? 0) > 0
        switch column.type {
        case .string:
            calls.append(("the length bounds", "checkLength"))
        case .text, .sealed:
            if minLength || rules.maxLength != nil { calls.append(("the length bounds", "checkLength")) }
        case .array:
            if minLength || rules.maxLength != nil { calls.append(("the item length bounds", "checkEachLength")) }
        default:
            break
        }
        if rules.pattern != nil { calls.append(("pattern", isArray ? "checkEachPattern" : "checkPattern")) }
        if rules.format != nil { calls.append(("format", "checkFormat")) }
        if rules.minimum != nil || rules.maximum != nil {
            calls.append(("minimum/maximum", isArray ? "checkEachRange" : "checkRange"))
        }
        if (rules.minItems ?? 0) > 0 || rules.maxItems != nil { calls.append(("min_items/max_items", "checkItemCount")) }
        if case .vector = column.type { calls.append(("dimensions", "checkDimensions")) }
        return calls
    }
}
