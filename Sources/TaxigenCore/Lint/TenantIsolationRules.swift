/// The checklist item about tenant isolation, read from the rendered DDL: a tenant-scoped table has its tenant
/// key column, row-level security enabled and forced (and not switched off again), the tenant policy for reads
/// and writes and no other permissive policy (permissive policies are OR-ed: one more would let other tenants'
/// rows through), and unique indexes that lead with the key.
enum TenantIsolationRules {
    static func tenantIsolation(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        guard let key = entity.traits.tenantKey else {
            return LintOutcome([], "not tenant-scoped")
        }
        var findings: [LintFinding] = []
        let sqlKey = Naming.sqlIdentifier(key)
        let table = entity.sqlTableName
        let expectedColumn = "\(sqlKey) \(TenancyDDL.keyType) NOT NULL DEFAULT \(TenancyDDL.currentTenant)"
        let column = subject.createTable?.elements.first { $0.hasPrefix(sqlKey + " ") }
        if column?.uppercased() != expectedColumn.uppercased() {
            findings.append(subject.finding("the DDL declares the tenant key as `\(column ?? "nothing")`, not `\(expectedColumn)`"))
        }
        let statements = subject.tableStatements
        func alters(_ words: [String]) -> Bool {
            statements.contains { isAlterTable($0.words, of: entity.tableName, then: words) }
        }
        if !alters(["ENABLE", "ROW", "LEVEL", "SECURITY"]) {
            findings.append(subject.finding("the DDL does not `\(TenancyDDL.enable(table))`: every tenant sees every row"))
        }
        if !alters(["FORCE", "ROW", "LEVEL", "SECURITY"]) {
            findings.append(subject.finding("the DDL does not `\(TenancyDDL.force(table))`: the table's owner is not held to the tenant policy"))
        }
        if alters(["DISABLE", "ROW", "LEVEL", "SECURITY"]) || alters(["NO", "FORCE", "ROW", "LEVEL", "SECURITY"]) {
            findings.append(subject.finding("the DDL switches row-level security of '\(entity.tableName)' off again"))
        }
        let expectedPolicy = TenancyDDL.createPolicy(table, key: key).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var hasPolicy = false
        for statement in statements where isPolicy(statement.words, of: entity.tableName) {
            let words = statement.words
            if words[0] == "DROP" || words[0] == "ALTER" {
                findings.append(subject.finding("the DDL changes or drops a policy of '\(entity.tableName)' after creating it: `\(statement.normalized)`"))
            } else if statement.normalized.uppercased() == expectedPolicy.uppercased() {
                hasPolicy = true
            } else if !words.contains("RESTRICTIVE") {
                findings.append(subject.finding("policy `\(words[2])` on '\(entity.tableName)' is permissive: permissive policies are OR-ed, so it can show or accept rows of other tenants"))
            }
        }
        if !hasPolicy {
            findings.append(subject.finding("'\(entity.tableName)' is tenant-scoped but the DDL has no tenant policy `\(expectedPolicy)`"))
        }
        for index in entity.indexes where index.isUnique && index.columns.first != key {
            findings.append(LintFinding("unique index '\(index.name)' does not lead with the tenant key '\(key)': it is unique across tenants",
                                        at: index.location))
        }
        return LintOutcome(findings, "\(key); row-level security enabled and forced; policy \(TenancyDDL.policyName)")
    }

    /// Whether `words` read `ALTER TABLE <table> <then…>`.
    private static func isAlterTable(_ words: [String], of table: String, then: [String]) -> Bool {
        words.count == 3 + then.count && words[0] == "ALTER" && words[1] == "TABLE" && names(words[2], table)
            && Array(words[3...]) == then
    }

    /// Whether `words` read `CREATE|ALTER|DROP POLICY [IF EXISTS] <name> ON <table> …`.
    private static func isPolicy(_ words: [String], of table: String) -> Bool {
        guard words.count >= 5, ["CREATE", "ALTER", "DROP"].contains(words[0]), words[1] == "POLICY" else { return false }
        let rest = words[2] == "IF" && words.count >= 7 && words[3] == "EXISTS" ? Array(words[4...]) : Array(words[2...])
        return rest.count >= 3 && rest[1] == "ON" && names(rest[2], table)
    }

    /// Whether a word of a statement names `table` (bare words are uppercased, quoted ones kept).
    private static func names(_ word: String, _ table: String) -> Bool {
        word == table || word == table.uppercased()
    }
}
