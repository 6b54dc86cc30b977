/// How a tenant-scoped table is spelled in SQL: its tenant key column, its row-level security and its policy.
///
/// The key column is `uuid NOT NULL` with a default read from the caller's tenant (`taxiway.tenant`, which
/// Taxiway sets for every statement and transaction), so inserts through any path take the caller's tenant.
/// Row-level security is enabled and forced (the table's owner is held to it too), with one policy that
/// compares the key with the setting for reads (`USING`) and writes (`WITH CHECK`): without a tenant the
/// comparison is NULL, so no row is visible and every insert is refused.
enum TenancyDDL {
    /// The setting that holds the caller's tenant (Taxiway's `Caller.tenantSetting`).
    static let tenantSetting = "taxiway.tenant"
    /// The caller's tenant as SQL: NULL when the setting is missing or empty.
    static let currentTenant = "NULLIF(current_setting('\(tenantSetting)', true), '')::uuid"
    /// The policy's name (policy names are per table).
    static let policyName = "tenant_isolation"
    /// The SQL type of the key column.
    static let keyType = "uuid"
    /// The key column's comment.
    static let keyComment = "The tenant the row belongs to, set from the caller's tenant (taxiway.tenant) on insert; row-level security shows and changes only the caller's tenant's rows."

    /// The tenant key column of a tenant-scoped entity as the DDL declares it: name, type, NOT NULL, default.
    static func keyColumn(of entity: Entity) -> (sqlName: String, type: String, nullable: Bool, defaultExpression: String)? {
        entity.traits.tenantKey.map { (Naming.sqlIdentifier($0), keyType, false, currentTenant) }
    }

    /// The condition of the policy: the key equals the caller's tenant.
    static func condition(key: String) -> String {
        "\(Naming.sqlIdentifier(key)) = \(currentTenant)"
    }

    /// `ALTER TABLE t ENABLE ROW LEVEL SECURITY`.
    static func enable(_ table: String) -> String { "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY" }
    /// `ALTER TABLE t FORCE ROW LEVEL SECURITY`: the owner is held to the policy too.
    static func force(_ table: String) -> String { "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY" }
    /// `CREATE POLICY tenant_isolation ON t USING (…) WITH CHECK (…)`, on three lines.
    static func createPolicy(_ table: String, key: String) -> String {
        let condition = condition(key: key)
        return "CREATE POLICY \(policyName) ON \(table)\n    USING (\(condition))\n    WITH CHECK (\(condition))"
    }
    /// `DROP POLICY IF EXISTS tenant_isolation ON t`.
    static func dropPolicy(_ table: String) -> String { "DROP POLICY IF EXISTS \(policyName) ON \(table)" }
    /// `ALTER TABLE t NO FORCE ROW LEVEL SECURITY`.
    static func noForce(_ table: String) -> String { "ALTER TABLE \(table) NO FORCE ROW LEVEL SECURITY" }
    /// `ALTER TABLE t DISABLE ROW LEVEL SECURITY`.
    static func disable(_ table: String) -> String { "ALTER TABLE \(table) DISABLE ROW LEVEL SECURITY" }

    /// The statements that isolate a tenant-scoped table, each ending with `;` (none for other tables).
    static func rowSecurity(for entity: Entity) -> [String] {
        guard let key = entity.traits.tenantKey else { return [] }
        let table = entity.sqlTableName
        return [enable(table) + ";", force(table) + ";", createPolicy(table, key: key) + ";"]
    }

    /// `COMMENT ON COLUMN t.<key> IS …;` for a tenant-scoped table, else nil.
    static func keyComment(for entity: Entity) -> String? {
        guard let key = entity.traits.tenantKey else { return nil }
        return "COMMENT ON COLUMN \(entity.sqlTableName).\(Naming.sqlIdentifier(key)) IS \(SQLLiteral.string(keyComment));"
    }
}
