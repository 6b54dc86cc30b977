/// The upgrade of one existing table: CHECKs dropped, renames, columns dropped and added, column changes,
/// new CHECKs `NOT VALID`, comments; then indexes concurrently, validations and `SET NOT NULL`.
struct TableUpPlanner {
    let diff: TableDiff

    private var table: String { diff.new.sqlName }
    private var name: String { diff.new.name }
    private var key: String { Naming.sqlIdentifier(diff.new.primaryKey) }

    func plan(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        let dropped = diff.droppedColumnNames
        let rebuiltChecks = Set(diff.addedChecks.map(\.name))
        for check in diff.droppedChecks where !dropped.contains(check.column) {
            let rebuilt = rebuiltChecks.contains(check.name)
            up.main.append(MigrationStatement(AlterSQL.dropConstraint(table, check.name),
                                              comments: [rebuilt ? "\(check.name) gets a new body below; it was: \(check.expression)"
                                                                 : "\(check.name) is no longer asked for: \(check.expression)"],
                                              squawkIgnores: ["ban-drop-constraint"]))
            if !rebuilt { plan.summary.append("\(name): - CHECK \(check.name)") }
        }
        TenancyMigration.planRemoval(diff, &up, &plan)
        planRenames(&up, &plan)
        let afterDeploy = ZeroDowntimePlanner.dropsAfterDeploy(diff)
        for column in diff.droppedColumns where !afterDeploy.contains(column.name) {
            // A former tenant key is in the table's indexes (per-tenant uniqueness): it goes once the indexes
            // without it are built, so that a failed build leaves the table as it was.
            let isFormerTenantKey = diff.old.tenancy?.keyColumn.name == column.name && !diff.createdIndexes.isEmpty
            let drop = MigrationStatement(AlterSQL.dropColumn(table, column.sqlName),
                                          comments: ["DROPS THE VALUES of \(name).\(column.name): "
                                                     + (isFormerTenantKey ? "the table is no longer scoped by it; its indexes are built without it above."
                                                                          : "the field is no longer in the spec.")],
                                          squawkIgnores: ["ban-drop-column"])
            if isFormerTenantKey { up.afterIndexes.append(drop) } else { up.main.append(drop) }
            plan.summary.append("\(name): - column \(column.name) (drops its values)")
            plan.warnings.append("drops column \(name).\(column.name) and its values")
            plan.irreversibleReasons.append("it drops column \(name).\(column.name) and its values")
        }
        let expanded = ZeroDowntimePlanner.expandedColumns(diff)
        for column in diff.addedColumns where !expanded.contains(column.name) {
            planAddedColumn(column, &up, &plan)
        }
        for change in diff.changedColumns {
            planChangedColumn(change, &up, &plan)
        }
        ZeroDowntimePlanner(diff: diff).planUp(&up, &plan)
        TenancyMigration.planAddition(diff, &up, &plan)
        for check in diff.addedChecks {
            up.main.append(MigrationStatement(AlterSQL.addCheckNotValid(table, check.name, check.expression),
                                              comments: ["NOT VALID: new rows are checked at once; existing rows when it is validated below."]))
            up.validations.append(MigrationStatement(AlterSQL.validate(table, check.name)))
            let rebuilt = diff.droppedChecks.contains { $0.name == check.name }
            plan.summary.append("\(name): \(rebuilt ? "~" : "+") CHECK \(check.name): \(check.expression)")
            // A CHECK on a column this migration adds has nothing to find: existing rows hold NULL or the
            // column's own default there (the backfill's, or the constant one), which the spec's rule allows.
            // Nor has a values CHECK that only gains values: the rows met the one it replaces.
            let replaced = diff.droppedChecks.first { $0.name == check.name }
            if !diff.addedColumnNames.contains(check.column), !(replaced.map { Self.onlyGainsValues($0, check) } ?? false) {
                plan.warnings.append("CHECK \(check.name) is validated against existing rows: the migration stops there if one breaks it")
            }
        }
        planComments(&up, &plan)
        planIndexes(&up, &plan)
    }

    private func planRenames(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        for rename in diff.renamedColumns {
            up.main.append(MigrationStatement(
                AlterSQL.renameColumn(table, from: Naming.sqlIdentifier(rename.from), to: Naming.sqlIdentifier(rename.to)),
                comments: ["The spec says renamed_from: \(rename.from); the column keeps its values. Deploy code that reads the new name."],
                squawkIgnores: ["renaming-column"]))
            plan.summary.append("\(name): column \(rename.from) → \(rename.to) (renamed, values kept)")
        }
        for rename in diff.renamedIndexes {
            up.main.append(MigrationStatement(AlterSQL.renameIndex(from: rename.from, to: rename.to),
                                              comments: ["The index keeps its definition; its derived name follows the column."],
                                              squawkIgnores: ["renaming-object"]))
            plan.summary.append("\(name): index \(rename.from) → \(rename.to) (renamed)")
        }
        for rename in diff.renamedChecks {
            up.main.append(MigrationStatement(AlterSQL.renameConstraint(table, from: rename.from, to: rename.to),
                                              comments: ["The CHECK keeps its body; its derived name follows the column."],
                                              squawkIgnores: ["renaming-object"]))
            plan.summary.append("\(name): CHECK \(rename.from) → \(rename.to) (renamed)")
        }
    }

    private func planAddedColumn(_ column: ColumnSnapshot, _ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        if TenancyMigration.isTenantKey(column, of: diff) {
            TenancyMigration.planAddedKey(column, of: diff, &up, &plan)
            return
        }
        let sqlName = column.sqlName
        let description = "\(column.type) \(column.nullable ? "NULL" : "NOT NULL")" + (column.defaultExpression.map { " DEFAULT \($0)" } ?? "")
        plan.summary.append("\(name): + column \(column.name) \(description)")
        let volatile = column.defaultExpression.map(AlterSQL.isVolatile) ?? false
        if let expression = column.defaultExpression, !volatile {
            var ignores: [String] = []
            var comments = ["A constant default: PostgreSQL 11+ keeps it in the catalog for existing rows (no rewrite, no scan)."]
            if expression == "CURRENT_DATE" {
                comments = ["CURRENT_DATE is stable, not volatile: PostgreSQL 11+ evaluates it once and keeps it in the catalog (no rewrite)."]
                ignores = ["adding-field-with-default"]
            }
            up.main.append(MigrationStatement(AlterSQL.addColumn(table, column, notNull: !column.nullable, defaultExpression: expression),
                                              comments: comments, squawkIgnores: ignores))
            return
        }
        up.main.append(MigrationStatement(AlterSQL.addColumn(table, column, notNull: false, defaultExpression: nil),
                                          comments: column.nullable ? [] : ["Added NULL first; NOT NULL follows in stages below."]))
        var backfill: MigrationStatement?
        if let expression = column.defaultExpression {
            up.main.append(MigrationStatement(AlterSQL.setDefault(table, sqlName, expression),
                                              comments: ["A per-row default, set after the column exists so the table is not rewritten."]))
            if !column.nullable {
                backfill = MigrationStatement(AlterSQL.batchedBackfill(table, key: key, sqlName, with: expression),
                                              comments: ["Gives the existing rows the default (each row its own value), \(AlterSQL.backfillBatchSize) rows per transaction;",
                                                         "taxiway.maintenance keeps each row's version and updated_at (not a business change)."])
                plan.warnings.append("backfills \(name).\(column.name) in every existing row (in batches of \(AlterSQL.backfillBatchSize); versions unchanged)")
            }
        } else if !column.nullable {
            plan.warnings.append("\(name).\(column.name) is NOT NULL without a default: the migration stops at its validation if the table has rows")
        }
        if !column.nullable {
            NotNullStages.add(table: table, tableName: name, column: sqlName, columnName: column.name, backfill: backfill, to: &up)
        }
    }

    private func planChangedColumn(_ change: ColumnDiff, _ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        let column = change.new.sqlName
        let qualified = "\(name).\(change.new.name)"
        if let conversion = change.conversion {
            if change.old.defaultExpression != nil {
                up.main.append(MigrationStatement(AlterSQL.setDefault(table, column, nil),
                                                  comments: ["The default is set again after the type change."],
                                                  squawkIgnores: ["ban-drop-default"]))
            }
            var comments: [String] = []
            if conversion.rewritesTable {
                comments.append("REWRITES TABLE \(name) under an ACCESS EXCLUSIVE lock: \(change.old.type) → \(change.new.type).")
                plan.warnings.append("rewrites table \(name) (\(qualified): \(change.old.type) → \(change.new.type)); reads and writes wait meanwhile")
            } else {
                comments.append("\(change.old.type) → \(change.new.type): a catalog change, no rewrite.")
            }
            if conversion.mayFail {
                comments.append("Fails, changing nothing, if a stored value does not fit \(change.new.type).")
                plan.warnings.append("\(qualified) becomes \(change.new.type): the migration fails if a stored value does not fit")
            }
            if conversion.using(column: column) != nil {
                comments.append("Pads every stored embedding with zeros, so no value is lost.")
            }
            up.main.append(MigrationStatement(AlterSQL.alterType(table, column, to: change.new.type, using: conversion.using(column: column)),
                                              comments: comments, squawkIgnores: ["changing-column-type"]))
            if let expression = change.new.defaultExpression {
                up.main.append(MigrationStatement(AlterSQL.setDefault(table, column, expression)))
            }
            plan.summary.append("\(name): column \(change.new.name) \(change.old.type) → \(change.new.type)"
                                + (conversion.rewritesTable ? " (REWRITES THE TABLE)" : ""))
            let back = TypeConversion(from: change.new.type, to: change.old.type)
            if case .refused(let reason, _) = back.verdict {
                plan.irreversibleReasons.append("\(qualified) cannot go back from \(change.new.type) to \(change.old.type): \(reason)")
            }
        } else if change.defaultChanges {
            up.main.append(MigrationStatement(AlterSQL.setDefault(table, column, change.new.defaultExpression),
                                              comments: change.new.defaultExpression == nil ? ["The spec no longer gives the field a default."] : [],
                                              squawkIgnores: change.new.defaultExpression == nil ? ["ban-drop-default"] : []))
            plan.summary.append("\(name): column \(change.new.name) default \(change.old.defaultExpression ?? "none") → \(change.new.defaultExpression ?? "none")")
        }
        guard change.nullabilityChanges else { return }
        if change.new.nullable {
            up.main.append(MigrationStatement(AlterSQL.dropNotNull(table, column), comments: ["The spec makes the field nullable."],
                                              squawkIgnores: ["ban-drop-not-null"]))
            plan.summary.append("\(name): column \(change.new.name) NOT NULL → NULL")
            return
        }
        var backfill: MigrationStatement?
        if let expression = change.new.defaultExpression {
            backfill = MigrationStatement(AlterSQL.batchedBackfill(table, key: key, column, with: expression),
                                          comments: ["Replaces NULL with the default before NOT NULL, \(AlterSQL.backfillBatchSize) rows per transaction;",
                                                     "taxiway.maintenance keeps each row's version and updated_at (not a business change)."])
            plan.warnings.append("replaces NULL in \(qualified) with its default \(expression)")
            plan.irreversibleReasons.append("it replaces NULL in \(qualified) with the default, and a downgrade could not tell which rows were NULL")
        } else {
            plan.warnings.append("\(qualified) becomes NOT NULL: the migration stops at its validation if a row holds NULL")
        }
        NotNullStages.add(table: table, tableName: name, column: column, columnName: change.new.name, backfill: backfill, to: &up)
        plan.summary.append("\(name): column \(change.new.name) NULL → NOT NULL (in stages)")
    }

    private func planComments(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        if diff.commentChanges {
            up.main.append(MigrationStatement(AlterSQL.commentOnTable(table, diff.new.comment)))
            plan.summary.append("\(name): table comment")
        }
        for change in diff.changedColumns where change.commentChanges {
            up.main.append(MigrationStatement(AlterSQL.commentOnColumn(table, change.new.sqlName, change.new.comment)))
            plan.summary.append("\(name): comment on column \(change.new.name)")
        }
        for column in diff.addedColumns where column.comment != nil {
            up.main.append(MigrationStatement(AlterSQL.commentOnColumn(table, column.sqlName, column.comment)))
        }
    }

    private func planIndexes(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        let dropped = diff.droppedColumnNames
        if diff.new.appendOnly?.partition != nil {
            plan.warnings += PartitionedIndexes.plan(table: table, name: name, created: diff.createdIndexes, dropped: diff.droppedIndexes,
                                                     skipping: dropped, into: &up)
            for index in diff.createdIndexes { plan.summary.append("\(name): + index \(index.name) (on every partition, writes wait)") }
            return
        }
        let rebuilt = Set(diff.createdIndexes.map(\.name))
        for index in diff.droppedIndexes where dropped.isDisjoint(with: index.columns) && !rebuilt.contains(index.name) {
            up.dropIndexes.append(MigrationStatement(AlterSQL.dropIndexConcurrently(index.name),
                                                     comments: ["No longer asked for: \(index.definition)"]))
            plan.summary.append("\(name): - index \(index.name)")
        }
        // Columns this migration adds as nullable without a default hold NULL in every existing row: a unique
        // index on them alone has nothing to find.
        let emptyColumns = Set(diff.addedColumns.filter { $0.nullable && $0.defaultExpression == nil }.map(\.name))
        for column in diff.addedColumns where Self.isLookupColumn(column, of: diff) {
            let field = String(column.name.dropLast(EntityBuilder.lookupSuffix.count))
            plan.warnings.append("\(name).\(column.name) is NULL in existing rows until resealSensitiveFields writes their digests: "
                                 + "the finder of \(field) misses them until then"
                                 + (diff.new.indexes.contains { $0.unique && $0.columns == [column.name] } ? ", and they are not held unique" : ""))
        }
        for index in diff.createdIndexes {
            if index.unique, !Set(index.columns).isSubset(of: emptyColumns) {
                plan.warnings.append("unique index \(index.name) is built on existing rows: it fails if two "
                                     + (index.partial ? "active rows" : "rows (soft-deleted ones too)") + " share a value")
            }
            if let before = diff.droppedIndexes.first(where: { $0.name == index.name }) {
                IndexRebuild.add(replacing: before, with: index, to: &up)
                plan.summary.append("\(name): ~ index \(index.name): \(IndexWording.change(from: before, to: index))")
            } else {
                up.createIndexes.append(MigrationStatement(AlterSQL.createIndexConcurrently(index), comments: index.unique
                    ? ["Fails if two active rows share a value; the invalid index it leaves is dropped before a retry."] : []))
                plan.summary.append("\(name): + index \(index.name) (built CONCURRENTLY)")
            }
        }
    }

    /// Whether a values CHECK (`status IN ('a', 'b')`) replaces one on the same column with a superset of its
    /// values: every row that met the old one meets it.
    static func onlyGainsValues(_ old: CheckSnapshot, _ new: CheckSnapshot) -> Bool {
        func values(_ expression: String) -> (column: Substring, values: Set<Substring>)? {
            guard let open = expression.range(of: " IN ("), expression.hasSuffix(")") else { return nil }
            let list = expression[open.upperBound..<expression.index(before: expression.endIndex)]
            return (expression[..<open.lowerBound], Set(list.split(separator: ", ", omittingEmptySubsequences: false)))
        }
        guard old.column == new.column, let before = values(old.expression), let after = values(new.expression) else { return false }
        return before.column == after.column && before.values.isSubset(of: after.values)
    }

    /// Whether `column`, added by this migration, is the keyed lookup digest of a sealed field the table
    /// already had (`<field>_lookup`, `bytea`).
    static func isLookupColumn(_ column: ColumnSnapshot, of diff: TableDiff) -> Bool {
        guard column.type == "bytea", column.name.hasSuffix(EntityBuilder.lookupSuffix) else { return false }
        let field = String(column.name.dropLast(EntityBuilder.lookupSuffix.count))
        return diff.old.columns.contains { $0.name == field && $0.type == "bytea" }
            || diff.renamedColumns.contains { $0.to == field }
    }
}
