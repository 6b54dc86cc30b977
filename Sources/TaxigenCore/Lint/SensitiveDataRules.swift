/// The checklist item about encryption at rest: sealed fields stay sealed, and text fields whose names
/// say they hold secrets or personal identifiers are sealed.
enum SensitiveDataRules {
    /// Name parts that mark a secret on their own (`password`, `api_secret`, `user_pin`).
    static let sensitiveWords: Set<String> = [
        "password", "passwd", "passphrase", "secret", "ssn", "iban", "cvv", "cvc", "pin", "token", "otp",
    ]
    /// Runs of name parts that mark a secret or a personal identifier (`tax_number`, `card_number`).
    static let sensitivePhrases: [[String]] = [
        ["tax", "number"], ["tax", "id"], ["card", "number"], ["credit", "card"], ["api", "key"],
        ["private", "key"], ["secret", "key"], ["social", "security"], ["passport", "number"],
        ["account", "number"], ["bank", "account"], ["routing", "number"], ["national", "id"],
    ]

    /// Whether a field name reads as sensitive data.
    static func looksSensitive(_ name: String) -> Bool {
        let parts = name.split(separator: "_").map(String.init)
        if parts.contains(where: sensitiveWords.contains) { return true }
        return sensitivePhrases.contains { phrase in
            parts.count >= phrase.count && (0...(parts.count - phrase.count)).contains { Array(parts[$0..<($0 + phrase.count)]) == phrase }
        }
    }

    /// Text fields named like secrets are `sensitive`; sealed columns are `bytea` in the DDL, in no index
    /// and without a default.
    static func sensitiveData(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        var findings: [LintFinding] = []
        for column in entity.fields where looksSensitive(column.name) {
            switch column.type {
            case .string, .text, .array(of: .string), .array(of: .text), .json:
                findings.append(LintFinding("field '\(column.name)' looks sensitive but is stored in plaintext; add `sensitive: true` to seal it at rest",
                                            at: column.location))
            default:
                break
            }
        }
        let sealed = entity.columns.filter(\.isSensitive)
        let table = subject.createTable
        for column in sealed {
            if let type = table?.type(of: column), type.lowercased() != "bytea" {
                findings.append(LintFinding("sensitive field '\(column.name)' is declared as \(type), not bytea ciphertext", at: column.location))
            }
            if column.defaultValue != nil {
                findings.append(LintFinding("sensitive field '\(column.name)' has a default, which the DDL would hold in plaintext", at: column.location))
            }
            if let index = entity.indexes.first(where: { $0.columns.contains(column.name) }) {
                findings.append(LintFinding("sensitive field '\(column.name)' is in index '\(index.name)'", at: column.location))
            }
        }
        let names = sealed.map(\.name).joined(separator: ", ")
        return LintOutcome(findings, sealed.isEmpty ? "no field holds sensitive data" : "sealed (AES-GCM, bytea): \(names)")
    }
}

extension Linter {
    /// Whether lint reads a field name as sensitive data (its words, e.g. `password`, `api_key`, `tax_number`).
    public static func looksSensitive(_ name: String) -> Bool {
        SensitiveDataRules.looksSensitive(name)
    }
}
