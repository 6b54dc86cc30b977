/// Reads typed values out of one YAML mapping, reporting unknown keys and values of the wrong type.
///
/// Every getter reports its own problems into the shared log and returns nil, so the checker can go on
/// and report every problem of a spec in one run.
struct MappingReader {
    /// The mapping being read.
    let mapping: SyntaxMapping
    /// What the mapping is, for messages ("field 'email'").
    let subject: String

    /// Reports every key that is not in `known`, with a "did you mean" hint, and refuses `forbidden` keys
    /// with their own message.
    ///
    /// What other tools call a key (``KeySynonyms``) names taxigen's key in the hint when no known key is a
    /// likely typo of it.
    func checkKeys(known: [String], forbidden: [String: (message: String, hint: String)] = [:],
                   synonyms: [String: String] = [:], into log: inout DiagnosticLog) {
        for entry in mapping.entries where !known.contains(entry.key.text) {
            if let refusal = forbidden[entry.key.text] {
                log.error(refusal.message, at: entry.key.location, hint: refusal.hint)
                continue
            }
            let hint = Suggestion.hint(for: entry.key.text, in: known)
                ?? KeySynonyms.hint(for: entry.key.text, in: synonyms, known: known)
                ?? "known keys are \(known.map { "'\($0)'" }.joined(separator: ", "))"
            log.error("unknown key '\(entry.key.text)' in \(subject)", at: entry.key.location, hint: hint)
        }
    }

    /// The location of a key's value, or of the mapping when the key is absent.
    func location(of key: String) -> SourceLocation {
        mapping[key]?.location ?? mapping.location
    }

    /// The location of a key itself, or of the mapping when the key is absent.
    func keyLocation(of key: String) -> SourceLocation {
        mapping.entry(key)?.key.location ?? mapping.location
    }

    /// Whether the key is present.
    func has(_ key: String) -> Bool { mapping[key] != nil }

    /// A scalar string (quoted or plain, but not null).
    func string(_ key: String, required: Bool = false, into log: inout DiagnosticLog) -> String? {
        guard let node = value(key, required: required, expected: "a string", into: &log) else { return nil }
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            log.error("'\(key)' in \(subject) must be a string, not \(node.kindDescription)", at: node.location, hint: "write `\(key): some text` (quote it if it looks like a number, a boolean or null)")
            return nil
        }
        return scalar.text
    }

    /// A boolean.
    func bool(_ key: String, into log: inout DiagnosticLog) -> Bool? {
        guard let node = mapping[key] else { return nil }
        guard case .scalar(let scalar) = node, let value = scalar.bool else {
            log.error("'\(key)' in \(subject) must be true or false, not \(node.kindDescription)", at: node.location, hint: "write `\(key): true` or `\(key): false`, unquoted")
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    func integer(_ key: String, in range: ClosedRange<Int>, into log: inout DiagnosticLog) -> Int? {
        guard let node = mapping[key] else { return nil }
        guard case .scalar(let scalar) = node, let value = scalar.integer else {
            log.error("'\(key)' in \(subject) must be a whole number, not \(node.kindDescription)", at: node.location, hint: "write a whole number, unquoted, e.g. `\(key): 10`")
            return nil
        }
        guard range.contains(value) else {
            log.error("'\(key)' in \(subject) must be between \(range.lowerBound) and \(range.upperBound), not \(value)",
                      at: node.location, hint: "use a value from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A number, kept as written.
    func number(_ key: String, into log: inout DiagnosticLog) -> NumberLiteral? {
        guard let node = mapping[key] else { return nil }
        guard case .scalar(let scalar) = node, let value = scalar.number else {
            log.error("'\(key)' in \(subject) must be a number, not \(node.kindDescription)", at: node.location, hint: "write a number, unquoted, e.g. `\(key): 0`")
            return nil
        }
        return value
    }

    /// A list of strings, each with its location.
    func stringList(_ key: String, required: Bool = false,
                    into log: inout DiagnosticLog) -> [(text: String, location: SourceLocation)]? {
        guard let node = value(key, required: required, expected: "a list", into: &log) else { return nil }
        guard case .sequence(let sequence) = node else {
            log.error("'\(key)' in \(subject) must be a list, not \(node.kindDescription)", at: node.location, hint: "write a list, e.g. `\(key): [a, b]`")
            return nil
        }
        var items: [(text: String, location: SourceLocation)] = []
        for item in sequence.items {
            guard case .scalar(let scalar) = item, !scalar.isNull else {
                log.error("each item of '\(key)' in \(subject) must be a string, not \(item.kindDescription)",
                          at: item.location, hint: "write each item as a plain name or a quoted string")
                continue
            }
            items.append((scalar.text, scalar.location))
        }
        return items
    }

    /// One of a fixed set of words.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, as type: Choice.Type, required: Bool = false,
                                                         into log: inout DiagnosticLog) -> Choice?
        where Choice.RawValue == String {
        guard let text = string(key, required: required, into: &log) else { return nil }
        if let value = Choice(rawValue: text) { return value }
        let names = Choice.allCases.map(\.rawValue)
        log.error("'\(text)' is not a valid '\(key)' in \(subject)", at: location(of: key),
                  hint: Suggestion.hint(for: text, in: names)
                      ?? "use one of \(names.map { "'\($0)'" }.joined(separator: ", "))")
        return nil
    }

    private func value(_ key: String, required: Bool, expected: String, into log: inout DiagnosticLog) -> SyntaxNode? {
        if let node = mapping[key] { return node }
        if required {
            log.error("\(subject) has no '\(key)'", at: mapping.location, hint: "add '\(key):' with \(expected)")
        }
        return nil
    }
}
