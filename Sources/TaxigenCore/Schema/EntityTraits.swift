/// What an entity's spec asks for beyond its columns: a change history, append-only storage, tenant scope and
/// an access log. Decided once by the check stage; planners only read it.
public struct EntityTraits: Sendable, Equatable {
    /// `history: true`: every insert, update, soft delete and restore is recorded in an append-only history
    /// table by a trigger, so hand-written SQL is tracked too.
    public var history = false
    /// `append_only:` for events and logs: no update, no soft delete, no version; nil for ordinary entities.
    public var appendOnly: AppendOnlyTrait?
    /// Whether the rows belong to a tenant: the project declares `tenancy:` and the entity does not opt out.
    public var tenantScoped = false
    /// `access_log: true`: reads and writes through the repository emit structured access records.
    public var accessLog = false

    /// No traits: an ordinary entity.
    public init() {}
}
