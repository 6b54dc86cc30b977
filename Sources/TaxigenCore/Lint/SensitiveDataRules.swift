/// The checklist item about encryption at rest: sealed fields stay sealed, and fields whose names say they
/// hold secrets or personal identifiers are sealed.
///
/// What counts: credentials (`password`, `api_key`, `otp`), government and tax identifiers (`ssn`,
/// `passport_number`, `tax_id`, `license_number`), financial identifiers (`iban`, `card_number`, `cvv`),
/// phone numbers and dates of birth. What does not, on purpose: `email` and `address`, personal data too but
/// operational in nearly every table (logins, shipping), where a failing lint would be noise; seal them with
/// `sensitive: true` (and `lookup:` to find them) where policy asks for it.
enum SensitiveDataRules {
    /// Name parts that mark a secret or a personal identifier on their own (`password`, `api_secret`,
    /// `user_pin`, `home_phone`, `dob`).
    static let sensitiveWords: Set<String> = [
        "password", "passwd", "passphrase", "secret", "ssn", "iban", "cvv", "cvc", "cvv2", "pin", "token", "otp",
        "phone", "telephone", "cellphone", "msisdn", "passport", "dob", "birthdate", "birthday", "itin", "aadhaar",
    ]
    /// Runs of name parts that mark a secret or a personal identifier (`tax_number`, `card_number`,
    /// `date_of_birth`): words that are ordinary alone (`tax_rate`, `card_brand`, `mobile_platform`,
    /// `license_url`) but not together.
    static let sensitivePhrases: [[String]] = [
        ["tax", "number"], ["tax", "id"], ["tax", "code"], ["tax", "identifier"], ["tax", "no"],
        ["vat", "number"], ["vat", "id"], ["card", "number"], ["card", "pan"], ["credit", "card"], ["debit", "card"],
        ["security", "code"], ["api", "key"], ["private", "key"], ["secret", "key"], ["license", "key"],
        ["social", "security"], ["social", "insurance"], ["national", "insurance"], ["national", "id"],
        ["passport", "number"], ["id", "card"], ["identity", "card"], ["account", "number"], ["bank", "account"],
        ["routing", "number"], ["sort", "code"], ["license", "number"], ["licence", "number"], ["license", "no"],
        ["licence", "no"], ["driver", "license"], ["drivers", "license"], ["driving", "license"], ["driving", "licence"],
        ["license", "plate"], ["licence", "plate"], ["mobile", "number"], ["mobile", "no"], ["cell", "number"],
        ["date", "of", "birth"], ["birth", "date"], ["birth", "place"], ["place", "of", "birth"],
        ["medical", "record"], ["health", "insurance"], ["recovery", "code"],
    ]
    /// Whole names that mark a personal identifier only when they are the entire name (`mobile`, `cell`).
    static let sensitiveNames: Set<String> = ["mobile", "cell"]

    /// Whether a field name reads as sensitive data.
    static func looksSensitive(_ name: String) -> Bool {
        if sensitiveNames.contains(name) { return true }
        let parts = name.split(separator: "_").map(String.init)
        if parts.contains(where: sensitiveWords.contains) { return true }
        return sensitivePhrases.contains { contains(parts, $0) }
    }

    /// Whether a field name reads as a date of birth, which a `date` or `timestamp` field cannot seal.
    static func looksLikeBirthDate(_ name: String) -> Bool {
        let parts = name.split(separator: "_").map(String.init)
        return parts.contains { ["dob", "birthdate", "birthday"].contains($0) }
            || contains(parts, ["date", "of", "birth"]) || contains(parts, ["birth", "date"])
    }

    /// Whether `parts` holds `phrase` as consecutive words.
    private static func contains(_ parts: [String], _ phrase: [String]) -> Bool {
        parts.count >= phrase.count && (0...(parts.count - phrase.count)).contains { Array(parts[$0..<($0 + phrase.count)]) == phrase }
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
            case .date where looksLikeBirthDate(column.name), .timestamp where looksLikeBirthDate(column.name):
                findings.append(LintFinding("field '\(column.name)' looks like a date of birth, stored in plaintext; a \(column.type.keyword) cannot be sealed: store it as `type: string` with `sensitive: true` (ISO 8601 text)",
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
        let names = sealed.map { $0.lookup == nil ? $0.name : "\($0.name) (keyed lookup)" }.joined(separator: ", ")
        return LintOutcome(findings, sealed.isEmpty ? "no field holds sensitive data" : "sealed (AES-GCM, bytea): \(names)")
    }
}

extension Linter {
    /// Whether lint reads a field name as sensitive data (its words, e.g. `password`, `api_key`, `tax_number`,
    /// `phone`, `license_number`, `date_of_birth`).
    public static func looksSensitive(_ name: String) -> Bool {
        SensitiveDataRules.looksSensitive(name)
    }
}
