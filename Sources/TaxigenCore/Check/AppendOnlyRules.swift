/// The check stage's rules for append-only entities (`append_only:`): the unique indexes a partitioned table
/// cannot enforce, and the derived names of partitioned tables, which PostgreSQL would truncate past 63 bytes.
enum AppendOnlyRules {
    /// The hint on every refusal of a unique index on a partitioned table.
    static let partitionedUniqueHint = "PostgreSQL enforces uniqueness on a partitioned table only when the index holds the partition key (created_at), which would make the value unique per instant, not per table; remove `unique` (index the field instead), or drop `partition:` to keep one table"

    /// Reports every combination an append-only entity cannot have.
    static func check(_ draft: EntityDraft, columns: [Column], indexes: [Index], into log: inout DiagnosticLog) {
        // `history: true` with `append_only` is refused by HistoryRules (an append-only table is its own history).
        guard let trait = draft.traits.appendOnly else { return }
        guard trait.partitioning != nil else { return }
        for column in columns where column.isUnique {
            log.error("field '\(column.name)' of a partitioned append-only entity cannot be unique", at: column.location,
                      hint: partitionedUniqueHint)
        }
        for index in indexes where index.isUnique && index.origin == .declared {
            log.error("a partitioned append-only entity cannot have a unique index", at: index.location, hint: partitionedUniqueHint)
        }
        for name in [DerivedNames.createPartitionsFunction(table: draft.tableName),
                     DerivedNames.detachPartitionsFunction(table: draft.tableName),
                     DerivedNames.partitionExample(table: draft.tableName)]
            where name.utf8.count > Naming.maxIdentifierBytes {
            log.error("the partitioned table '\(draft.tableName)' would need the name '\(name)' (\(name.utf8.count) bytes), longer than PostgreSQL's \(Naming.maxIdentifierBytes)",
                      at: trait.location,
                      hint: "its maintenance functions are `<table>_create_partitions` and `<table>_detach_partitions`, and its partitions `<table>_pYYYYMMDD`: set a `table:` of at most \(Naming.maxIdentifierBytes - 18) bytes")
            break
        }
    }
}

/// The names of what an append-only table adds.
extension DerivedNames {
    /// `trg_<table>_append_only`: the trigger that refuses every UPDATE and DELETE of an append-only table.
    public static func appendOnlyTrigger(table: String) -> String {
        fit("trg_\(table)_append_only")
    }

    /// `<table>_create_partitions`: the maintenance function that creates a partitioned table's partitions ahead.
    public static func createPartitionsFunction(table: String) -> String {
        "\(table)_create_partitions"
    }

    /// `<table>_detach_partitions`: the maintenance function that detaches a partitioned table's old partitions.
    public static func detachPartitionsFunction(table: String) -> String {
        "\(table)_detach_partitions"
    }

    /// The name of a partition, `<table>_pYYYYMMDD` (its first day, UTC), with an example date.
    static func partitionExample(table: String) -> String {
        "\(table)_p20260101"
    }
}
