/// The checklist item about tenant isolation, read from the rendered DDL: a tenant-scoped table has its tenant
/// key column, row-level security enabled and forced (and not switched off again), the tenant policy for reads
/// and writes and no other permissive policy (permissive policies are OR-ed: one more would let other tenants'
/// rows through), and unique indexes that lead with the key. The history table of such an entity (`history:
/// true`) is held to the same: the tenant key copied, row-level security enabled and forced, the same policy.
enum TenantIsolationRules {
    static func tenantIsolation(_ subject: LintSubject) -> LintOutcome {
        let entity = subject.entity
        guard let key = entity.traits.tenantKey else {
            return LintOutcome([], "not tenant-scoped")
        }
        var findings: [LintFinding] = []
        let sqlKey = Naming.sqlIdentifier(key)
        let expectedColumn = "\(sqlKey) \(TenancyDDL.keyType) NOT NULL DEFAULT \(TenancyDDL.currentTenant)"
        let column = subject.createTable?.elements.first { $0.hasPrefix(sqlKey + " ") }
        if column?.uppercased() != expectedColumn.uppercased() {
            findings.append(subject.finding("the DDL declares the tenant key as `\(column ?? "nothing")`, not `\(expectedColumn)`"))
        }
        findings += rowSecurityFindings(subject, table: entity.tableName, key: key, statements: subject.tableStatements)
        if entity.traits.history {
            let history = HistoryNames.table(of: entity.tableName)
            let positions = subject.ddl.positions(naming: history)
            let statements = positions.map { subject.ddl.statements[$0] }
            let prefix = "CREATE TABLE \(Naming.sqlIdentifier(history)) (".uppercased()
            let create = positions.first { subject.ddl.uppercased[$0].hasPrefix(prefix) }.map { DDLTable(subject.ddl.statements[$0]) }
            let expected = "\(sqlKey) \(TenancyDDL.keyType) NULL"
            let copied = create?.elements.first { $0.hasPrefix(sqlKey + " ") }
            if copied.map({ $0.split(whereSeparator: \.isWhitespace).joined(separator: " ").uppercased() }) != expected.uppercased() {
                findings.append(subject.finding("the DDL declares the tenant key of history table '\(history)' as `\(copied ?? "nothing")`, not `\(expected)`: its entries would not carry their tenant"))
            }
            findings += rowSecurityFindings(subject, table: history, key: key, statements: statements)
        }
        for index in entity.indexes where index.isUnique && index.columns.first != key {
            findings.append(LintFinding("unique index '\(index.name)' does not lead with the tenant key '\(key)': it is unique across tenants",
                                        at: index.location))
        }
        return LintOutcome(findings, "\(key); row-level security enabled and forced; policy \(TenancyDDL.policyName)"
                               + (entity.traits.history ? " (table and history)" : ""))
    }

    /// What is wrong with the row-level security of `table` (the entity's table or its history) in `statements`,
    /// the DDL's statements that name it: not enabled or not forced, switched off again, the tenant policy
    /// missing, altered or dropped, or another permissive policy beside it.
    private static func rowSecurityFindings(_ subject: LintSubject, table: String, key: String,
                                            statements: [SQLScript.Statement]) -> [LintFinding] {
        var findings: [LintFinding] = []
        let sqlTable = Naming.sqlIdentifier(table)
        func alters(_ words: [String]) -> Bool {
            statements.contains { isAlterTable($0.words, of: table, then: words) }
        }
        if !alters(["ENABLE", "ROW", "LEVEL", "SECURITY"]) {
            findings.append(subject.finding("the DDL does not `\(TenancyDDL.enable(sqlTable))`: every tenant sees every row"))
        }
        if !alters(["FORCE", "ROW", "LEVEL", "SECURITY"]) {
            findings.append(subject.finding("the DDL does not `\(TenancyDDL.force(sqlTable))`: the table's owner is not held to the tenant policy"))
        }
        if alters(["DISABLE", "ROW", "LEVEL", "SECURITY"]) || alters(["NO", "FORCE", "ROW", "LEVEL", "SECURITY"]) {
            findings.append(subject.finding("the DDL switches row-level security of '\(table)' off again"))
        }
        let expectedPolicy = TenancyDDL.createPolicy(sqlTable, key: key).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var hasPolicy = false
        for statement in statements where isPolicy(statement.words, of: table) {
            let words = statement.words
            if words[0] == "DROP" || words[0] == "ALTER" {
                findings.append(subject.finding("the DDL changes or drops a policy of '\(table)' after creating it: `\(statement.normalized)`"))
            } else if statement.normalized.uppercased() == expectedPolicy.uppercased() {
                hasPolicy = true
            } else if !words.contains("RESTRICTIVE") {
                findings.append(subject.finding("policy `\(words[2])` on '\(table)' is permissive: permissive policies are OR-ed, so it can show or accept rows of other tenants"))
            }
        }
        if !hasPolicy {
            findings.append(subject.finding("'\(table)' is tenant-scoped but the DDL has no tenant policy `\(expectedPolicy)`"))
        }
        return findings
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
