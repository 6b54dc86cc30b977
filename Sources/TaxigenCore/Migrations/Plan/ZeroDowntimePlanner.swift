/// The statements of `zero_downtime` changes to one table, and of drops that wait for the deploy:
///
/// - an **expand** (a `renamed_from` under `zero_downtime`): the new column added NULL without a default,
///   the sync trigger and its function (see `PendingRenames`), a batched backfill from the old column, and
///   NOT NULL in stages when the spec asks for it; its indexes (`CONCURRENTLY`), CHECKs (`NOT VALID`, then
///   validated) and comment come from the generic planner, as for any added column. All pre-deploy.
/// - a **contract** (`migrate new --contract`): the sync trigger, its function and the old column dropped,
///   in the post-deploy unit.
/// - a **deprecated column dropped** (the field removed from the spec after a migration had it
///   `deprecated: true`): in the post-deploy unit.
struct ZeroDowntimePlanner {
    let diff: TableDiff

    private var table: String { diff.new.sqlName }
    private var name: String { diff.new.name }
    private var key: String { Naming.sqlIdentifier(diff.new.primaryKey) }

    /// The columns whose drop waits for the deploy (the generic planner leaves them out).
    static func dropsAfterDeploy(_ diff: TableDiff) -> Set<String> {
        Set(diff.droppedColumns.filter { $0.deprecated || $0.replacedBy != nil }.map(\.name))
    }

    /// The columns an expand adds (the generic planner leaves them out: they are added here).
    static func expandedColumns(_ diff: TableDiff) -> Set<String> {
        Set(diff.expandedColumns.map(\.to))
    }

    func planUp(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        for rename in diff.expandedColumns {
            guard let before = diff.old.column(named: rename.from), let column = diff.new.column(named: rename.to) else { continue }
            let kept = diff.new.column(named: rename.from) ?? before
            up.main.append(MigrationStatement(AlterSQL.addColumn(table, column, notNull: false, defaultExpression: nil),
                                              comments: ["Expand: \(rename.to) replaces \(rename.from) (renamed_from, zero_downtime). Added NULL and without a default:",
                                                         "the release still running writes \(rename.from), the new one \(rename.to); the trigger below fills the other."]))
            up.main.append(MigrationStatement(PendingRenames.function(table: name, old: kept, new: column, defaultExpression: before.defaultExpression),
                                              comments: ["Keeps \(rename.from) and \(rename.to) in step on INSERT and UPDATE, both ways, until the contract drops \(rename.from)."]))
            up.main.append(MigrationStatement(PendingRenames.createTrigger(table: diff.new, column: rename.to)))
            let backfill = MigrationStatement(AlterSQL.batchedBackfill(table, key: key, column.sqlName, with: kept.sqlName),
                                              comments: ["Copies \(rename.from) into \(rename.to) in every existing row, \(AlterSQL.backfillBatchSize) rows per transaction;",
                                                         "taxiway.maintenance keeps each row's version and updated_at (not a business change)."])
            if column.nullable {
                up.backfills.append(backfill)
            } else {
                NotNullStages.add(table: table, tableName: name, column: column.sqlName, columnName: column.name, backfill: backfill, to: &up)
            }
            plan.summary.append("\(name): column \(rename.from) → \(rename.to) (expand: \(rename.to) added, kept in step with \(rename.from) by a trigger and backfilled; `migrate new --contract` drops \(rename.from) later)")
            plan.warnings.append("backfills \(name).\(rename.to) from \(rename.from) in every existing row (in batches of \(AlterSQL.backfillBatchSize); versions unchanged)")
        }
        for rename in diff.contractedColumns {
            up.postDeploy.append(MigrationStatement(PendingRenames.dropTrigger(table: diff.old, column: rename.to),
                                                    comments: ["Contract of the rename \(rename.from) → \(rename.to): no release reads \(rename.from) any more."]))
            up.postDeploy.append(MigrationStatement(PendingRenames.dropFunction(table: diff.old, column: rename.to), squawkIgnores: ["ban-drop-function"]))
            plan.summary.append("\(name): contract of \(rename.from) → \(rename.to): sync trigger dropped (after the deploy)")
        }
        for column in diff.droppedColumns where column.deprecated || column.replacedBy != nil {
            let why = column.replacedBy.map { "its values live on in \($0)" } ?? "the field was deprecated, and is no longer in the spec"
            up.postDeploy.append(MigrationStatement(AlterSQL.dropColumn(table, column.sqlName),
                                                    comments: ["After the deploy: DROPS \(name).\(column.name) (\(why))."],
                                                    squawkIgnores: ["ban-drop-column"]))
            plan.summary.append("\(name): - column \(column.name) (after the deploy; \(why))")
            if column.replacedBy == nil { plan.warnings.append("drops column \(name).\(column.name) and its values (after the deploy)") }
            plan.irreversibleReasons.append("it drops column \(name).\(column.name)" + (column.replacedBy == nil ? " and its values" : " (the contract of its rename)"))
        }
        for column in diff.deprecationChanges {
            plan.summary.append("\(name): column \(column.name) " + (column.deprecated
                ? "deprecated (the generated code no longer reads or writes it; removing the field later drops it after the deploy)"
                : "no longer deprecated"))
        }
    }

    /// The sync trigger goes before the generic downgrade drops the new column.
    func planDown(_ down: inout UnitBuilder) {
        for rename in diff.expandedColumns {
            down.main.append(MigrationStatement(PendingRenames.dropTrigger(table: diff.new, column: rename.to),
                                                comments: ["Undoes the expand of \(rename.from) → \(rename.to): \(rename.from) kept every value."]))
            down.main.append(MigrationStatement(PendingRenames.dropFunction(table: diff.new, column: rename.to), squawkIgnores: ["ban-drop-function"]))
        }
    }

}
