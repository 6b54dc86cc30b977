/// Compares the last migration's snapshot with the checked specs and says what a migration must change.
///
/// It refuses, as errors at the spec's locations, what would lose data silently: a field dropped and a
/// compatible one added in the same table without `renamed_from`, a table dropped and one with the same
/// fields created without `renamed_from`, and type changes that would round, truncate or reinterpret values.
///
/// Tables renamed through an entity's `renamed_from` are renamed first (`TableRenames`): the rest of the diff
/// compares the last snapshot with those tables under their new names.
public enum SchemaDiffer {
    /// The diff from `last` to the schema (whose snapshot is `snapshot`, when the caller has made it);
    /// refusals go to `log` as errors.
    public static func diff(from last: SchemaSnapshot, to schema: Schema, snapshot: SchemaSnapshot? = nil,
                            into log: inout DiagnosticLog) -> SchemaDiff {
        let new = snapshot ?? SchemaSnapshot(schema: schema)
        let entityByTable = Dictionary(schema.entities.map { ($0.tableName, $0) }, uniquingKeysWith: { first, _ in first })
        var diff = SchemaDiff()
        diff.renamedTables = TableRenames.resolve(old: last, schema: schema, into: &log)
        let old = TableRenames.apply(diff.renamedTables, to: last)
        diff.addedExtensions = new.extensions.filter { !old.extensions.contains($0) }
        diff.removedExtensions = old.extensions.filter { !new.extensions.contains($0) }
        diff.addedFunctions = new.functions.filter { !old.functions.contains($0) }
        diff.removedFunctions = old.functions.filter { !new.functions.contains($0) }
        for table in new.tables {
            let entity = entityByTable[table.name]!
            if let before = old.table(named: table.name) {
                let tableDiff = TableDiffer(old: before, new: table, entity: entity, policy: schema.migrationPolicy).diff(into: &log)
                if !tableDiff.isEmpty { diff.alteredTables.append(tableDiff) }
            } else {
                diff.createdTables.append(table)
            }
        }
        diff.droppedTables = old.tables.filter { new.table(named: $0.name) == nil }
        diff.history = HistoryDiff(old: old, new: new, altered: diff.alteredTables)
        diff.renamedEnumValues = EnumValueRenameDiff.renames(in: diff.alteredTables, schema: schema, into: &log)
        refuseUnannotatedTableRenames(diff, schema: schema, into: &log)
        AppendOnlyDiff.refuseInPlaceChanges(old: old, new: new, schema: schema, into: &log)
        return diff
    }

    /// A table dropped while another with exactly the same fields is created looks like a renamed entity or
    /// `table:` without `renamed_from`: refuse rather than drop the rows.
    private static func refuseUnannotatedTableRenames(_ diff: SchemaDiff, schema: Schema, into log: inout DiagnosticLog) {
        for created in diff.createdTables {
            let createdFields = fieldShape(of: created)
            guard !createdFields.isEmpty else { continue }
            for dropped in diff.droppedTables where fieldShape(of: dropped) == createdFields {
                let entity = schema.entities.first { $0.tableName == created.name }
                log.error("table '\(created.name)' is created and table '\(dropped.name)', with the same fields, is dropped in one migration: is it a rename?",
                          at: entity?.location ?? .file("specs"),
                          hint: "if it is, add `renamed_from: \(dropped.name)` to entity '\(entity?.name ?? created.name)' (the table is renamed and keeps its rows); to really drop '\(dropped.name)' and start '\(created.name)' empty, remove the old entity in one migration and add the new one in the next")
            }
        }
    }

    /// The declared columns of a table (name and type), without the key and the audit columns.
    private static func fieldShape(of table: TableSnapshot) -> Set<String> {
        let implicit: Set<String> = [table.primaryKey, "created_at", "updated_at", "deleted_at", "version"]
        return Set(table.columns.filter { !implicit.contains($0.name) }.map { "\($0.name) \($0.type)" })
    }
}
