/// What an entity's spec asks for beyond its columns: a change history, append-only storage, tenant scope and
/// an access log. Decided once by the check stage; planners only read it.
public struct EntityTraits: Sendable, Equatable {
    /// `history: true`: every insert, update, soft delete and restore is recorded in an append-only history
    /// table by a trigger, so hand-written SQL is tracked too.
    public var history = false
    /// The spec says `history: false` in so many words: the entity is known to need no history, and lint's
    /// change-tracking item does not ask for one (see `HistoryLint`).
    public var historyDeclinedExplicitly = false
    /// `append_only:` for events and logs: no update, no soft delete, no version; nil for ordinary entities.
    public var appendOnly: AppendOnlyTrait?
    /// Whether the rows belong to a tenant: the project declares `tenancy:` and the entity does not opt out.
    public var tenantScoped = false
    /// The tenant key column of a tenant-scoped entity (the project's `tenancy: { key: … }`); nil otherwise.
    /// It is not one of the entity's `columns`: the model never carries it (see `TenancyDDL`).
    public var tenantKey: String?
    /// `access_log: true`: reads and writes through the repository emit structured access records.
    public var accessLog = false

    /// No traits: an ordinary entity.
    public init() {}
}
