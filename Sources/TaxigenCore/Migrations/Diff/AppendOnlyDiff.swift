/// What a migration may and may not do to an append-only table (`append_only:`).
///
/// A new append-only table (plain or partitioned) is created as `schema.sql` creates it. An existing table
/// is never turned append-only or ordinary, partitioned or not, in place: it would drop or add the audit
/// columns and triggers under the rows' feet, and PostgreSQL cannot partition a table that has rows (the rows
/// must be copied into a new partitioned table while writes are stopped). Such changes are refused at the
/// spec's `append_only:` with the way to do it. (A partitioned table's indexes do change: see
/// `PartitionedIndexes`.)
enum AppendOnlyDiff {
    /// Refuses every in-place change of an existing table's append-only settings.
    static func refuseInPlaceChanges(old: SchemaSnapshot, new: SchemaSnapshot, schema: Schema, into log: inout DiagnosticLog) {
        for table in new.tables {
            guard let before = old.table(named: table.name), before.appendOnly != nil || table.appendOnly != nil,
                  let entity = schema.entities.first(where: { $0.tableName == table.name }) else { continue }
            let location = entity.traits.appendOnly?.location ?? entity.location
            switch (before.appendOnly, table.appendOnly) {
            case (nil, nil):
                continue
            case (nil, .some):
                log.error("table '\(table.name)' exists and is not append-only: a migration cannot make it append-only in place",
                          at: location,
                          hint: "it would drop updated_at, deleted_at and version with their values; add a new append-only entity (its own `table:`), copy the rows into it, then remove this one in a later migration")
            case (.some, nil):
                log.error("table '\(table.name)' is append-only: a migration cannot make it an ordinary table in place", at: location,
                          hint: "add a new entity (its own `table:`), copy the rows into it, then remove this one in a later migration; or keep `append_only:`")
            case (.some(let was), .some(let now)) where was.partition != now.partition:
                let what = was.partition == nil ? "partition it" : now.partition == nil ? "stop partitioning it"
                    : was.partition?.ahead != now.partition?.ahead && was.partition?.interval == now.partition?.interval
                        && was.partition?.column == now.partition?.column ? "change its `ahead`" : "change its partitioning"
                let hint = what == "change its `ahead`"
                    ? "`ahead` is the default of \(DerivedNames.createPartitionsFunction(table: table.name))(ahead); keep \(was.partition?.ahead ?? 0) in the spec and pass the count you want to the function from your scheduled job"
                    : "PostgreSQL cannot partition (or unpartition) a table that has rows in place: add a new entity with the partitioning you want (its own `table:`), copy the rows into it, then remove this one in a later migration"
                log.error("table '\(table.name)' exists: a migration cannot \(what)", at: location, hint: hint)
            default:
                break
            }
        }
    }

    /// The statements that drop a partitioned table's maintenance functions (with the table, when it is dropped).
    static func dropMaintenance(of table: TableSnapshot) -> [String] {
        guard table.appendOnly?.partition != nil else { return [] }
        return [
            "DROP FUNCTION IF EXISTS \(Naming.sqlIdentifier(DerivedNames.createPartitionsFunction(table: table.name)))(integer)",
            "DROP FUNCTION IF EXISTS \(Naming.sqlIdentifier(DerivedNames.detachPartitionsFunction(table: table.name)))(timestamptz)",
        ]
    }
}
