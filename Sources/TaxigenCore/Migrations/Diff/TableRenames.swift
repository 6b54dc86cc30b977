/// A table renamed through its entity's `renamed_from` (the entity renamed, or its `table:` changed).
///
/// `old` is the table as the last snapshot has it; `renamed` is the same table with every name derived from the
/// table name (primary key, indexes, CHECKs, triggers, the history's objects, and the key column when the
/// entity's name changed) following the new name, which is what the rename statements leave behind. The rest of
/// the migration is planned from `renamed` to the specs, as for any table that keeps its name.
public struct TableRename: Sendable {
    /// The table before.
    public let old: TableSnapshot
    /// The table once renamed, nothing else changed.
    public let renamed: TableSnapshot
}

/// Finds the table renames `renamed_from` asks for, refusing the ambiguous ones, and translates the last
/// snapshot's tables to their new names.
enum TableRenames {
    /// The renames from `old` to the schema; problems go to `log` (errors and warnings at `renamed_from`).
    static func resolve(old: SchemaSnapshot, schema: Schema, into log: inout DiagnosticLog) -> [TableRename] {
        var renames: [TableRename] = []
        let current = Set(schema.entities.map(\.tableName))
        for entity in schema.entities where !entity.formerTableNames.isEmpty && old.table(named: entity.tableName) == nil {
            let location = entity.renamedFromLocation ?? entity.location
            let listed = entity.formerTableNames
            guard let previous = listed.first(where: { old.table(named: $0) != nil }) else {
                let names = listed.map { "'\($0)'" }.joined(separator: ", ")
                log.warning("entity '\(entity.name)' is renamed_from \(names), but the last migration has no such table",
                            at: location, hint: "table '\(entity.tableName)' is created as a new, empty one; remove `renamed_from` if that is right, or name the table the last migration has")
                continue
            }
            if current.contains(previous) {
                let other = schema.entities.first { $0.tableName == previous }
                log.error("entity '\(entity.name)' is renamed_from '\(previous)', but table '\(previous)' still exists (entity '\(other?.name ?? previous)')",
                          at: location, hint: "only a table that no entity has any more can be renamed; rename or remove entity '\(other?.name ?? previous)' first")
                continue
            }
            if let earlier = renames.first(where: { $0.old.name == previous }) {
                log.error("tables '\(earlier.renamed.name)' and '\(entity.tableName)' are both renamed_from '\(previous)'", at: location,
                          hint: "only one entity can take over table '\(previous)' and its rows; remove `renamed_from` from the other")
                continue
            }
            let table = old.table(named: previous)!
            let inProgress = PendingRenames.inProgress(table)
            if let first = inProgress.first {
                // The sync function and trigger are named after the table: contract keeps their names apart from it.
                let columns = inProgress.map { "'\($0.from)' → '\($0.to)'" }.joined(separator: ", ")
                log.error("entity '\(entity.name)' is renamed_from '\(previous)', which has \(inProgress.count == 1 ? "a rename" : "renames") in progress (\(columns)): a table cannot be renamed between a rename's expand and its contract",
                          at: location, hint: "finish the rename of '\(first.from)' first (`taxigen migrate new -m \"…\" --contract`, once no release reads '\(first.from)'), then rename the entity")
                // Still taken as the rename it asks for, so the table is not also reported as dropped and created.
            }
            let key = entity.primaryKey.name
            if key != table.primaryKey, table.column(named: key) != nil {
                log.error("entity '\(entity.name)' is renamed_from '\(previous)', whose column '\(key)' would collide with the renamed key '\(table.primaryKey)' → '\(key)'",
                          at: location, hint: "rename or remove field '\(key)' of '\(previous)' in an earlier migration, then rename the entity")
                continue
            }
            renames.append(TableRename(old: table, renamed: table.renamed(to: entity.tableName, primaryKey: entity.primaryKey.name)))
        }
        return renames
    }

    /// The last snapshot with the renamed tables under their new names.
    static func apply(_ renames: [TableRename], to old: SchemaSnapshot) -> SchemaSnapshot {
        guard !renames.isEmpty else { return old }
        let renamed = Set(renames.map(\.old.name))
        return SchemaSnapshot(extensions: old.extensions, functions: old.functions,
                              tables: old.tables.filter { !renamed.contains($0.name) } + renames.map(\.renamed))
    }
}

extension TableSnapshot {
    /// The table renamed to `name`, its key column to `primaryKey`: every name derived from the old table name
    /// becomes the one derived from the new; names given in the spec (`name:` of an index) stay.
    func renamed(to name: String, primaryKey newKey: String) -> TableSnapshot {
        let old = self.name
        let keyName: (String) -> String = { $0 == primaryKey ? newKey : $0 }
        let columns = self.columns.map {
            ColumnSnapshot(name: keyName($0.name), type: $0.type, nullable: $0.nullable, defaultExpression: $0.defaultExpression,
                           comment: $0.comment, deprecated: $0.deprecated, replacedBy: $0.replacedBy.map(keyName))
        }
        let indexes = self.indexes.map { index in
            let newName = TableRenameNames.index(index, from: old, to: name)
            let columns = index.columns.map(keyName)
            var definition = index.definition
            let head = "INDEX \(Naming.sqlIdentifier(index.name)) ON \(Naming.sqlIdentifier(old)) "
            if let range = definition.range(of: head) {
                definition.replaceSubrange(range, with: "INDEX \(Naming.sqlIdentifier(newName)) ON \(Naming.sqlIdentifier(name)) ")
            }
            if newKey != primaryKey {
                definition = definition.replacingOccurrences(of: "(\(Naming.sqlIdentifier(primaryKey))", with: "(\(Naming.sqlIdentifier(newKey))")
                    .replacingOccurrences(of: ", \(Naming.sqlIdentifier(primaryKey))", with: ", \(Naming.sqlIdentifier(newKey))")
            }
            return IndexSnapshot(name: newName, columns: columns, unique: index.unique, method: index.method,
                                 operatorClass: index.operatorClass, partial: index.partial, definition: definition)
        }
        let checks = self.checks.map {
            CheckSnapshot(name: TableRenameNames.check($0, from: old, to: name), column: keyName($0.column), expression: $0.expression)
        }
        var table = TableSnapshot(
            name: name, comment: comment, primaryKey: newKey,
            primaryKeyConstraint: primaryKeyConstraint == DerivedNames.primaryKeyConstraint(table: old)
                ? DerivedNames.primaryKeyConstraint(table: name) : primaryKeyConstraint,
            trigger: TableRenameNames.trigger(trigger, from: old, to: name),
            columns: columns, checks: checks, indexes: indexes, tenancy: tenancy,
            history: history.map { _ in
                HistorySnapshot(table: HistoryNames.table(of: name), function: HistoryNames.recordFunction(of: name),
                                trigger: HistoryNames.trigger(of: name))
            })
        table.appendOnly = appendOnly
        return table
    }
}

/// How the names derived from a table name follow a rename of the table.
enum TableRenameNames {
    /// The rule suffixes of derived CHECK names (`ck_<table>_<column>_<suffix>`).
    static let checkSuffixes = ["values", "length", "range", "items", "item_range", "positive"]

    /// An index's name under the new table name: derived names (`ix_`/`ux_<table>_<columns>`) follow it.
    static func index(_ index: IndexSnapshot, from old: String, to new: String) -> String {
        var candidates = [index.columns]
        if index.columns.count > 1 { candidates.append(Array(index.columns.dropFirst())) }   // a tenant-scoped index
        for columns in candidates {
            if index.name == DerivedNames.index(table: old, columns: columns) { return DerivedNames.index(table: new, columns: columns) }
            if index.name == DerivedNames.uniqueIndex(table: old, columns: columns) {
                return DerivedNames.uniqueIndex(table: new, columns: columns)
            }
        }
        return index.name
    }

    /// A CHECK's name under the new table name.
    static func check(_ check: CheckSnapshot, from old: String, to new: String) -> String {
        let prefix = "ck_\(old)_\(check.column)_"
        if check.name.hasPrefix(prefix), check.name == DerivedNames.check(table: old, column: check.column, rule: String(check.name.dropFirst(prefix.count))) {
            return DerivedNames.check(table: new, column: check.column, rule: String(check.name.dropFirst(prefix.count)))
        }
        for suffix in checkSuffixes where check.name == DerivedNames.check(table: old, column: check.column, rule: suffix) {
            return DerivedNames.check(table: new, column: check.column, rule: suffix)
        }
        return check.name
    }

    /// The touch trigger's or the append-only trigger's name under the new table name.
    static func trigger(_ name: String, from old: String, to new: String) -> String {
        if name == DerivedNames.touchTrigger(table: old) { return DerivedNames.touchTrigger(table: new) }
        if name == DerivedNames.appendOnlyTrigger(table: old) { return DerivedNames.appendOnlyTrigger(table: new) }
        return name
    }

    /// The append-only table's TRUNCATE trigger, named after its row trigger.
    static func truncateTrigger(of table: String) -> String {
        DerivedNames.fit(DerivedNames.appendOnlyTrigger(table: table) + "_truncate")
    }
}
