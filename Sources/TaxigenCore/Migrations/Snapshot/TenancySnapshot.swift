/// The tenant isolation of a table snapshot: its tenant key column, and the policy that row-level security
/// (enabled and forced) applies with the key's condition.
public struct TenancySnapshot: Codable, Sendable, Hashable {
    /// The tenant key column, unquoted.
    public var key: String
    /// The policy's name.
    public var policy: String
    /// The policy's condition (its `USING` and its `WITH CHECK`), as the DDL writes it.
    public var condition: String

    /// Creates a tenancy snapshot.
    public init(key: String, policy: String, condition: String) {
        self.key = key
        self.policy = policy
        self.condition = condition
    }

    /// The snapshot of a tenant-scoped entity's isolation; nil for another entity.
    init?(entity: Entity) {
        guard let key = entity.traits.tenantKey else { return nil }
        self.init(key: key, policy: TenancyDDL.policyName, condition: TenancyDDL.condition(key: key))
    }

    /// The key column's snapshot.
    var keyColumn: ColumnSnapshot {
        ColumnSnapshot(name: key, type: TenancyDDL.keyType, nullable: false, defaultExpression: TenancyDDL.currentTenant,
                       comment: TenancyDDL.keyComment)
    }
}
