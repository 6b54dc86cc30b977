/// What a migration must know of an append-only table (`append_only:`): whether it is partitioned, and how.
/// Absent from the JSON of an ordinary table, so older snapshots read unchanged.
public struct AppendOnlySnapshot: Codable, Sendable, Hashable {
    /// Range partitioning by time, or nil for one plain table.
    public var partition: PartitionSnapshot?

    /// Creates the snapshot.
    public init(partition: PartitionSnapshot?) {
        self.partition = partition
    }

    /// The snapshot of an entity's trait, or nil for an ordinary entity.
    public init?(entity: Entity) {
        guard let trait = entity.traits.appendOnly else { return nil }
        partition = trait.partitioning.map {
            PartitionSnapshot(column: $0.column, interval: $0.interval.rawValue, ahead: $0.ahead)
        }
    }
}

/// How an append-only table is partitioned: by which column, one partition per which interval, and how many
/// partitions ahead its maintenance function keeps ready.
public struct PartitionSnapshot: Codable, Sendable, Hashable {
    /// The partition column (`created_at`).
    public var column: String
    /// `day`, `week` or `month`.
    public var interval: String
    /// The default of `<table>_create_partitions(ahead)`.
    public var ahead: Int

    /// Creates the snapshot.
    public init(column: String, interval: String, ahead: Int) {
        self.column = column
        self.interval = interval
        self.ahead = ahead
    }
}
