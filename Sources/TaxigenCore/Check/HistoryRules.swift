/// The check stage's rules for `history: true`: the history table's own columns must not collide with the
/// entity's (nor with the project's tenant key, which a tenant-scoped entity's history copies), its table must
/// hold the copied row, and append-only entities (whose rows never change) are refused.
enum HistoryRules {
    /// Checks an entity that asks for a history, given its columns.
    static func check(_ draft: EntityDraft, columns: [Column], into log: inout DiagnosticLog) {
        guard draft.traits.history else { return }
        let history = HistoryNames.table(of: draft.tableName)
        for column in columns where HistoryNames.metadataColumns.contains(column.name) {
            let location = column.role == .primaryKey ? draft.nameLocation : column.location
            let what = column.role == .primaryKey ? "the key column '\(column.name)'" : "field '\(column.name)'"
            log.error("\(what) of entity '\(draft.name)' has the name of a column of its history table '\(history)'",
                      at: location,
                      hint: "the history table has its own columns \(HistoryNames.metadataColumns.joined(separator: ", ")) before the row's; "
                          + (column.role == .primaryKey ? "rename the entity" : "rename the field"))
        }
        if let key = draft.traits.tenantKey, HistoryNames.metadataColumns.contains(key) {
            log.error("the project's tenant key '\(key)' has the name of a column of the history table '\(history)' of entity '\(draft.name)'",
                      at: draft.nameLocation,
                      hint: "a tenant-scoped entity's history copies the tenant key beside its own columns \(HistoryNames.metadataColumns.joined(separator: ", ")); "
                          + "rename the tenant key in taxigen.yaml, drop `history: true`, or opt the entity out with `tenant_scoped: false`")
        }
        let copied = columns.count + (draft.traits.tenantKey == nil ? 0 : 1)
        if copied + HistoryNames.metadataColumns.count > PostgresNames.maxColumns {
            log.error("the history table '\(history)' of entity '\(draft.name)' would have \(copied + HistoryNames.metadataColumns.count) columns, more than PostgreSQL's \(PostgresNames.maxColumns)",
                      at: draft.nameLocation, hint: "the history copies every column of the table (the tenant key included) and adds 4; split the entity or drop `history: true`")
        }
        if draft.traits.appendOnly != nil {
            log.error("entity '\(draft.name)' is append_only and asks for a history: an append-only row never changes, so it is its own history",
                      at: draft.nameLocation, hint: "remove `history: true` (or `append_only`)")
        }
    }

    /// The relations `history: true` adds to the schema's namespace: the history table, its key's index, its
    /// entity index and the identity sequence PostgreSQL makes for `history_id`.
    static func relations(of entity: Entity, location: SourceLocation) -> [PostgresNames.Relation] {
        guard entity.traits.history else { return [] }
        let table = HistoryNames.table(of: entity.tableName)
        let hint = "the history table is named after the entity's table; set another `table:`"
        return [
            PostgresNames.Relation(name: table, kind: .historyTable, owner: entity.name, location: location, hint: hint),
            PostgresNames.Relation(name: HistoryNames.primaryKey(of: entity.tableName), kind: .historyPrimaryKey, owner: table,
                                   location: location, hint: hint),
            PostgresNames.Relation(name: HistoryNames.keyIndex(of: entity.tableName, key: entity.primaryKey.name),
                                   kind: .historyIndex, owner: table, location: location, hint: hint),
            PostgresNames.Relation(name: ImplicitRelations.historySequence(of: entity.tableName), kind: .historySequence,
                                   owner: table, location: location, hint: hint),
        ]
    }
}
