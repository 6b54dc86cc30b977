/// The part of a migration that keeps histories (`history: true`) in step with their tables: a history
/// table, recording function and trigger created when a history starts (with its table or later), dropped
/// when it ends (turned off: its rows go, which makes the migration irreversible), and, while it continues,
/// the history table's columns renamed, added, dropped and converted as its table's are, then the recording
/// function written again for the new columns. Everything runs in the migration's first transaction, after
/// the tables' own changes.
///
/// A column added to the table later is NULL in the older entries, unless existing rows get a constant
/// default: the older entries then hold that value too (a catalog change, no rewrite), so they decode.
///
/// Tenancy: a history started on a tenant-scoped table is created with its tenant key and row-level security
/// (`HistoryDDL.statements`). When a table with a history becomes tenant-scoped, its history gets the tenant
/// key (added NULL, without the table's default: the trigger copies it), row-level security enabled and forced
/// and the table's policy, and, once the table's rows all have a tenant (the tenancy guard), the older entries
/// take the tenant of their row; entries of rows deleted before that keep none, and no tenant sees them. When
/// the table stops being tenant-scoped, its history loses the policy and row-level security (and the key's
/// values, as the table does).
struct HistoryMigration {
    let diff: SchemaDiff
    let schema: Schema

    private var history: HistoryDiff { diff.history }

    func planUp(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        if history.guardAdded {
            up.main.append(MigrationStatement(HistoryDDL.guardFunction, comments: HistoryDDL.guardFunctionComments))
            plan.summary.append("+ function \(HistoryNames.guardFunction)()")
        }
        for table in history.started {
            guard let entity = schema.entities.first(where: { $0.tableName == table }) else { continue }
            for (offset, sql) in HistoryDDL.statements(for: entity).enumerated() {
                let comments = offset == 0
                    ? ["The history of \(table) (history: true): one row per change, written by its trigger; append-only."] : []
                up.main.append(MigrationStatement(sql, comments: comments, joinsPrevious: offset > 0))
            }
            plan.summary.append("+ history \(HistoryNames.table(of: table)) of table \(table)")
        }
        for tableDiff in tenancyChanged {
            guard tableDiff.old.tenancy != nil else { continue }
            let statements = tableDiff.new.tenancy == nil ? HistoryDDL.dropRowSecurity(of: tableDiff.table)
                : [TenancyDDL.dropPolicy(HistoryDDL.sqlTable(of: tableDiff.table))]
            for (offset, sql) in statements.enumerated() {
                up.main.append(MigrationStatement(sql, comments: offset == 0 ? ["The tenant policy of history \(HistoryNames.table(of: tableDiff.table)) goes with its table's."] : [],
                                                  joinsPrevious: offset > 0))
            }
        }
        for tableDiff in history.followed {
            planFollowUp(tableDiff, &up, &plan)
        }
        for tableDiff in tenancyChanged {
            guard let new = tableDiff.new.tenancy else { continue }
            let name = HistoryNames.table(of: tableDiff.table)
            let sqlTable = HistoryDDL.sqlTable(of: tableDiff.table)
            var statements = HistoryDDL.rowSecurity(of: tableDiff.table, key: new.key)
            if tableDiff.old.tenancy != nil { statements.removeFirst(2) }
            for (offset, sql) in statements.enumerated() {
                up.main.append(MigrationStatement(sql, comments: offset == 0 ? ["History \(name) is isolated like \(tableDiff.table): each caller reads only its tenant's entries."] : [],
                                                  joinsPrevious: offset > 0))
            }
            plan.summary.append("\(tableDiff.table): + tenant isolation of history \(name) on \(new.key)")
            if tableDiff.old.tenancy?.key != new.key {
                up.notNulls.append(MigrationStatement(HistoryDDL.tenantBackfill(of: tableDiff.table, key: tableDiff.new.primaryKey, tenantKey: new.key),
                                                      comments: ["The entries of \(sqlTable) written before take the tenant of their row (as the owner, with taxiway.maintenance on);",
                                                                 "entries of rows deleted before keep none, and no tenant sees them."]))
                plan.warnings.append("\(name): entries of rows of \(tableDiff.table) hard-deleted before the migration keep no tenant and become invisible to the application")
            }
        }
        for ended in history.ended {
            if !ended.tableDropped {
                up.main.append(MigrationStatement(HistoryDDL.dropTrigger(of: ended.table),
                                                  comments: ["The spec no longer asks for a history of \(ended.table)."]))
                up.main.append(MigrationStatement(HistoryDDL.dropTableTruncateTrigger(of: ended.table), joinsPrevious: true))
            }
            up.main.append(MigrationStatement(HistoryDDL.dropRecordFunction(of: ended.table), squawkIgnores: ["ban-drop-function"]))
            up.main.append(MigrationStatement(HistoryDDL.dropTable(of: ended.table),
                                              comments: ["DROPS HISTORY TABLE \(ended.history.table) AND ITS ROWS."],
                                              squawkIgnores: ["ban-drop-table"]))
            plan.summary.append("- history \(ended.history.table) of table \(ended.table) (drops its rows)")
            plan.warnings.append("drops history table \(ended.history.table) and every row in it")
            plan.irreversibleReasons.append("it drops history table \(ended.history.table) and its rows")
        }
        if history.guardRemoved {
            up.main.append(MigrationStatement(HistoryDDL.dropGuardFunction, comments: ["No table has a history any more."],
                                              squawkIgnores: ["ban-drop-function"]))
            plan.summary.append("- function \(HistoryNames.guardFunction)()")
        }
    }

    func planDown(_ down: inout UnitBuilder) {
        if history.guardRemoved {
            down.main.append(MigrationStatement(HistoryDDL.guardFunction))
        }
        for tableDiff in tenancyChanged.reversed() where tableDiff.new.tenancy != nil {
            let statements = tableDiff.old.tenancy == nil ? HistoryDDL.dropRowSecurity(of: tableDiff.table)
                : [TenancyDDL.dropPolicy(HistoryDDL.sqlTable(of: tableDiff.table))]
            for (offset, sql) in statements.enumerated() {
                down.main.append(MigrationStatement(sql, joinsPrevious: offset > 0))
            }
        }
        for tableDiff in history.followed.reversed() {
            planFollowDown(tableDiff, &down)
        }
        for tableDiff in tenancyChanged.reversed() {
            guard let old = tableDiff.old.tenancy else { continue }
            var statements = HistoryDDL.rowSecurity(of: tableDiff.table, key: old.key)
            if tableDiff.new.tenancy != nil { statements.removeFirst(2) }
            for (offset, sql) in statements.enumerated() {
                down.main.append(MigrationStatement(sql, joinsPrevious: offset > 0))
            }
        }
        let created = Set(diff.createdTables.map(\.name))
        for table in history.started.reversed() {
            if !created.contains(table) {
                down.main.append(MigrationStatement(HistoryDDL.dropTrigger(of: table)))
                down.main.append(MigrationStatement(HistoryDDL.dropTableTruncateTrigger(of: table)))
            }
            down.main.append(MigrationStatement(HistoryDDL.dropRecordFunction(of: table), squawkIgnores: ["ban-drop-function"]))
            down.main.append(MigrationStatement(HistoryDDL.dropTable(of: table),
                                                comments: ["Drops history table \(HistoryNames.table(of: table)), which the upgrade created, with its rows."],
                                                squawkIgnores: ["ban-drop-table"]))
        }
        if history.guardAdded {
            down.main.append(MigrationStatement(HistoryDDL.dropGuardFunction, squawkIgnores: ["ban-drop-function"]))
        }
    }

    /// The tables with a history before and after whose tenant isolation changes.
    private var tenancyChanged: [TableDiff] {
        diff.alteredTables.filter { $0.old.history != nil && $0.new.history != nil && $0.tenancyChanges }
    }

    /// The history table follows its table's column changes; then the recording function names the new columns.
    private func planFollowUp(_ tableDiff: TableDiff, _ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        let table = tableDiff.table
        let sqlTable = HistoryDDL.sqlTable(of: table)
        let name = HistoryNames.table(of: table)
        var first = true
        func add(_ sql: String, _ comments: [String] = [], ignores: [String] = []) {
            let heading = first ? ["History table \(name) follows the columns of \(table)."] : []
            up.main.append(MigrationStatement(sql, comments: heading + comments, squawkIgnores: ignores))
            first = false
        }
        for rename in tableDiff.renamedColumns {
            add(AlterSQL.renameColumn(sqlTable, from: Naming.sqlIdentifier(rename.from), to: Naming.sqlIdentifier(rename.to)),
                ignores: ["renaming-column"])
        }
        for column in tableDiff.droppedColumns {
            add(AlterSQL.dropColumn(sqlTable, column.sqlName), ["DROPS THE HISTORY'S VALUES of \(table).\(column.name)."],
                ignores: ["ban-drop-column"])
            plan.warnings.append("drops column \(name).\(column.name) and the history's values of it")
        }
        for column in tableDiff.addedColumns {
            let nullable = ColumnSnapshot(name: column.name, type: column.type, nullable: true, defaultExpression: nil, comment: nil)
            if TenancyMigration.isTenantKey(column, of: tableDiff) {
                add(AlterSQL.addColumn(sqlTable, nullable, notNull: false, defaultExpression: nil),
                    ["The tenant key, copied from each row by the recording trigger; older entries get theirs below."])
            } else if !column.nullable, let expression = column.defaultExpression, !AlterSQL.isVolatile(expression) {
                add(AlterSQL.addColumn(sqlTable, nullable, notNull: false, defaultExpression: expression),
                    ["Older entries hold the constant default the table's rows get (kept in the catalog, no rewrite)."],
                    ignores: expression == "CURRENT_DATE" ? ["adding-field-with-default"] : [])
                add(AlterSQL.setDefault(sqlTable, column.sqlName, nil), ["History columns have no default."], ignores: ["ban-drop-default"])
            } else {
                add(AlterSQL.addColumn(sqlTable, nullable, notNull: false, defaultExpression: nil), ["NULL in older entries."])
            }
        }
        for change in tableDiff.changedColumns {
            guard let conversion = change.conversion else { continue }
            let column = change.new.sqlName
            add(AlterSQL.alterType(sqlTable, column, to: change.new.type, using: conversion.using(column: column)),
                ["\(change.old.type) → \(change.new.type), as in \(table); fails, changing nothing, if an older entry does not fit."],
                ignores: ["changing-column-type"])
            if conversion.mayFail {
                plan.warnings.append("narrows history table \(name) too (\(change.new.name): \(change.old.type) → \(change.new.type)): the migration "
                                     + "stops there if an older entry holds a value that does not fit, and history entries are never changed; "
                                     + "to narrow such a field anyway, add a new field, copy the values over in a data step, and remove this one later")
            } else if conversion.rewritesTable {
                plan.warnings.append("rewrites history table \(name) (\(change.new.name): \(change.old.type) → \(change.new.type))")
            }
        }
        if let entity = schema.entities.first(where: { $0.tableName == table }) {
            add(HistoryDDL.recordFunction(for: entity), ["The recording function, for the new columns."])
        }
        plan.summary.append("\(table): history \(name) follows its columns")
    }

    /// The upgrade's history changes undone, then the recording function of the old columns.
    private func planFollowDown(_ tableDiff: TableDiff, _ down: inout UnitBuilder) {
        let table = tableDiff.table
        let sqlTable = HistoryDDL.sqlTable(of: table)
        for change in tableDiff.changedColumns.reversed() where change.typeChanges {
            let back = TypeConversion(from: change.new.type, to: change.old.type)
            down.main.append(MigrationStatement(AlterSQL.alterType(sqlTable, change.new.sqlName, to: change.old.type,
                                                                   using: back.using(column: change.new.sqlName)),
                                                squawkIgnores: ["changing-column-type"]))
        }
        for column in tableDiff.addedColumns {
            down.main.append(MigrationStatement(AlterSQL.dropColumn(sqlTable, column.sqlName), squawkIgnores: ["ban-drop-column"]))
        }
        for column in tableDiff.droppedColumns {
            let nullable = ColumnSnapshot(name: column.name, type: column.type, nullable: true, defaultExpression: nil, comment: nil)
            down.main.append(MigrationStatement(AlterSQL.addColumn(sqlTable, nullable, notNull: false, defaultExpression: nil)))
        }
        for rename in tableDiff.renamedColumns.reversed() {
            down.main.append(MigrationStatement(AlterSQL.renameColumn(sqlTable, from: Naming.sqlIdentifier(rename.to),
                                                                      to: Naming.sqlIdentifier(rename.from)),
                                                squawkIgnores: ["renaming-column"]))
        }
        down.main.append(MigrationStatement(HistoryDDL.recordFunction(table: table, columns: tableDiff.old.columns.map(\.sqlName),
                                                                      deletedAt: "deleted_at")))
    }
}
