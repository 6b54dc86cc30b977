/// The downgrade of one existing table: the upgrade's changes undone in reverse order. What cannot be
/// undone (dropped columns, type changes back that would lose values) is recorded by the upgrade's
/// planner as a reason; this one then writes nothing that is used.
struct TableDownPlanner {
    let diff: TableDiff

    private var table: String { diff.new.sqlName }
    private var name: String { diff.new.name }

    func plan(_ down: inout UnitBuilder) {
        let added = diff.addedColumnNames
        ZeroDowntimePlanner(diff: diff).planDown(&down)
        TenancyMigration.planDown(diff, &down)
        if diff.commentChanges {
            down.main.append(MigrationStatement(AlterSQL.commentOnTable(table, diff.old.comment)))
        }
        for change in diff.changedColumns where change.commentChanges {
            down.main.append(MigrationStatement(AlterSQL.commentOnColumn(table, change.new.sqlName, change.old.comment)))
        }
        for check in diff.addedChecks where !added.contains(check.column) {
            down.main.append(MigrationStatement(AlterSQL.dropConstraint(table, check.name), squawkIgnores: ["ban-drop-constraint"]))
        }
        for change in diff.changedColumns.reversed() {
            planChangedColumn(change, &down)
        }
        for column in diff.addedColumns {
            down.main.append(MigrationStatement(AlterSQL.dropColumn(table, column.sqlName),
                                                comments: ["Drops \(name).\(column.name), which the upgrade added, with the values written since."],
                                                squawkIgnores: ["ban-drop-column"]))
        }
        for rename in diff.renamedChecks.reversed() {
            down.main.append(MigrationStatement(AlterSQL.renameConstraint(table, from: rename.to, to: rename.from),
                                                squawkIgnores: ["renaming-object"]))
        }
        for rename in diff.renamedIndexes.reversed() {
            down.main.append(MigrationStatement(AlterSQL.renameIndex(from: rename.to, to: rename.from), squawkIgnores: ["renaming-object"]))
        }
        for rename in diff.renamedColumns.reversed() {
            down.main.append(MigrationStatement(
                AlterSQL.renameColumn(table, from: Naming.sqlIdentifier(rename.to), to: Naming.sqlIdentifier(rename.from)),
                comments: ["Back to the column's old name; it keeps its values."], squawkIgnores: ["renaming-column"]))
        }
        let dropped = diff.droppedColumnNames
        for check in diff.droppedChecks where !dropped.contains(check.column) {
            down.main.append(MigrationStatement(AlterSQL.addCheckNotValid(table, check.name, check.expression)))
            down.validations.append(MigrationStatement(AlterSQL.validate(table, check.name)))
        }
        if diff.old.appendOnly?.partition != nil {
            // The upgrade's index changes undone the same way: what it built goes, what it dropped comes back.
            _ = PartitionedIndexes.plan(table: table, name: name, created: diff.droppedIndexes.filter { dropped.isDisjoint(with: $0.columns) },
                                        dropped: diff.createdIndexes, skipping: added, into: &down)
            return
        }
        let rebuilt = Set(diff.createdIndexes.map(\.name)).intersection(diff.droppedIndexes.map(\.name))
        for index in diff.createdIndexes where added.isDisjoint(with: index.columns) && !rebuilt.contains(index.name) {
            down.dropIndexes.append(MigrationStatement(AlterSQL.dropIndexConcurrently(index.name)))
        }
        for index in diff.droppedIndexes where dropped.isDisjoint(with: index.columns) {
            if rebuilt.contains(index.name), let current = diff.createdIndexes.first(where: { $0.name == index.name }) {
                IndexRebuild.add(replacing: current, with: index, to: &down)
            } else {
                down.createIndexes.append(MigrationStatement(AlterSQL.createIndexConcurrently(index)))
            }
        }
    }

    private func planChangedColumn(_ change: ColumnDiff, _ down: inout UnitBuilder) {
        let column = change.new.sqlName
        if change.nullabilityChanges {
            if change.new.nullable {
                NotNullStages.add(table: table, tableName: name, column: column, columnName: change.new.name, backfill: nil, to: &down)
            } else {
                down.main.append(MigrationStatement(AlterSQL.dropNotNull(table, column), squawkIgnores: ["ban-drop-not-null"]))
            }
        }
        if change.typeChanges {
            let back = TypeConversion(from: change.new.type, to: change.old.type)
            if change.new.defaultExpression != nil {
                down.main.append(MigrationStatement(AlterSQL.setDefault(table, column, nil), squawkIgnores: ["ban-drop-default"]))
            }
            var comments = back.rewritesTable ? ["REWRITES TABLE \(name) under an ACCESS EXCLUSIVE lock: \(change.new.type) → \(change.old.type)."] : []
            if back.mayFail { comments.append("Fails, changing nothing, if a value written since does not fit \(change.old.type).") }
            down.main.append(MigrationStatement(AlterSQL.alterType(table, column, to: change.old.type, using: back.using(column: column)),
                                                comments: comments, squawkIgnores: ["changing-column-type"]))
            if let expression = change.old.defaultExpression {
                down.main.append(MigrationStatement(AlterSQL.setDefault(table, column, expression)))
            }
        } else if change.defaultChanges {
            down.main.append(MigrationStatement(AlterSQL.setDefault(table, column, change.old.defaultExpression),
                                                squawkIgnores: change.old.defaultExpression == nil ? ["ban-drop-default"] : []))
        }
    }
}
