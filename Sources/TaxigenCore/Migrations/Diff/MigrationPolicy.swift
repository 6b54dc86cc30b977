/// How `migrate new` treats renames and drops, from the project's config and the command's flags.
public struct MigrationPolicy: Sendable, Hashable {
    /// `migrations: { zero_downtime: true }`: `renamed_from` becomes an expand (the new column added beside the
    /// old one, kept in step by a trigger both ways, backfilled in batches), and a field may be removed only
    /// after a migration that had it `deprecated: true`.
    public var zeroDowntime = false
    /// `migrate new --contract`: the renames in progress (expanded by an earlier migration) are finished: the
    /// old column, its sync trigger and function are dropped, after the deploy (post-deploy units).
    /// Without it they are carried on unchanged.
    public var contract = false

    /// The default policy: renames in place, drops at once, nothing contracted.
    public init(zeroDowntime: Bool = false, contract: Bool = false) {
        self.zeroDowntime = zeroDowntime
        self.contract = contract
    }
}
