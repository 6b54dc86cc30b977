/// The part of a migration that rewrites the rows of renamed enum values (`renamed_values:`).
///
/// The column's values CHECK is a rebuilt CHECK like any other (`TableUpPlanner`): dropped and added again
/// `NOT VALID` in the first transaction, validated last. Between the two, the rows holding a former value are
/// rewritten in batches by key, each batch its own transaction (a backfill unit), with `taxiway.maintenance`
/// on: the touch trigger keeps each row's `version` and `updated_at`, and a history records no entry (a
/// renamed value is not a business change). History tables keep the former values: they record what was.
/// The new CHECK refuses the former values from the first transaction on, so rows the previous release writes
/// meanwhile fail rather than slip past the rewrite. The downgrade rewrites the rows back, unless a value
/// became one that already existed, or two values became the same one (the rows cannot be told apart).
///
/// The rewrites run before the migration's other backfills: those rewrite rows too, and a row still holding
/// a former value would fail the new CHECK (a NOT NULL column's backfill in the same migration, say).
struct EnumValueRenameMigration {
    let renames: [EnumValueRename]

    func planUp(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        for (offset, rename) in renames.enumerated() {
            let pairs = rename.values.map { "\($0.from) → \($0.to)" }.joined(separator: ", ")
            up.backfills.insert(MigrationStatement(Self.rewrite(rename, column: rename.column, rename.values),
                                                   comments: ["renamed_values of \(rename.table).\(rename.column): \(pairs). Rewrites the rows in batches of \(AlterSQL.backfillBatchSize),",
                                                              "taxiway.maintenance keeps each row's version and updated_at; history rows keep the former values."]),
                                at: offset)
            plan.summary.append("\(rename.table): column \(rename.column) values \(pairs) (rows rewritten)")
            plan.warnings.append("rewrites the rows of \(rename.table).\(rename.column) holding \(rename.values.map { "'\($0.from)'" }.joined(separator: ", ")) (in batches; versions unchanged)")
            if !rename.isReversible {
                plan.irreversibleReasons.append("\(rename.table).\(rename.column): \(pairs) merges values, and a downgrade could not tell the rows apart")
            }
        }
    }

    func planDown(_ down: inout UnitBuilder) {
        for (offset, rename) in renames.filter(\.isReversible).enumerated() {
            // The downgrade's first transaction has given the column its former name back; the table keeps its
            // new name until the downgrade's last unit.
            down.backfills.insert(MigrationStatement(Self.rewrite(rename, column: rename.oldColumn,
                                                                  rename.values.map { Rename(from: $0.to, to: $0.from) })),
                                  at: offset)
        }
    }

    /// Warnings for enum values a migration removes without `renamed_values`: rows holding one stop it.
    static func warnRemovedValues(_ renames: [EnumValueRename], diff: SchemaDiff, _ plan: inout MigrationPlan) {
        for table in diff.alteredTables {
            let renamedColumns = Dictionary(uniqueKeysWithValues: table.renamedColumns.map { ($0.to, $0.from) })
            for check in table.new.checks {
                let before = renamedColumns[check.column] ?? check.column
                guard let newValues = EnumValueRenameDiff.values(of: check, column: check.column),
                      let oldValues = table.old.checks.lazy.compactMap({ EnumValueRenameDiff.values(of: $0, column: before) }).first
                else { continue }
                let renamed = renames.first { $0.table == table.table && $0.column == check.column }?.values.map(\.from) ?? []
                let removed = oldValues.filter { !newValues.contains($0) && !renamed.contains($0) }
                guard !removed.isEmpty else { continue }
                plan.warnings.append("\(table.table).\(check.column) no longer allows \(removed.map { "'\($0)'" }.joined(separator: ", ")): the migration stops at the CHECK's validation if a row holds one (rename a value with renamed_values to keep its rows)")
            }
        }
    }

    /// The batched `UPDATE t SET c = CASE c WHEN 'old' THEN 'new' … END WHERE c IN (…)`, by key, committing after
    /// each batch (so outside a transaction); run again, it finds only the rows still to rewrite.
    static func rewrite(_ rename: EnumValueRename, column name: String, _ values: [Rename]) -> String {
        let table = Naming.sqlIdentifier(rename.table)
        let key = Naming.sqlIdentifier(rename.key)
        let column = Naming.sqlIdentifier(name)
        let formers = values.map { SQLLiteral.string($0.from) }.joined(separator: ", ")
        let cases = values.map { "WHEN \(SQLLiteral.string($0.from)) THEN \(SQLLiteral.string($0.to))" }.joined(separator: " ")
        let setMaintenance = "PERFORM set_config('\(AlterSQL.maintenanceSetting)', 'on', true);"
        return """
            DO $rename$
            DECLARE
                taxigen_last \(table).\(key)%TYPE;
                taxigen_batch_last \(table).\(key)%TYPE;
            BEGIN
                \(setMaintenance)
                LOOP
                    WITH taxigen_batch AS (
                        SELECT \(key) FROM \(table) WHERE \(column) IN (\(formers)) AND (taxigen_last IS NULL OR \(key) > taxigen_last)
                        ORDER BY \(key) LIMIT \(AlterSQL.backfillBatchSize)
                    ), taxigen_renamed AS (
                        UPDATE \(table) SET \(column) = CASE \(column) \(cases) END FROM taxigen_batch
                        WHERE \(table).\(key) = taxigen_batch.\(key) AND \(table).\(column) IN (\(formers))
                    )
                    SELECT \(key) INTO taxigen_batch_last FROM taxigen_batch ORDER BY \(key) DESC LIMIT 1;
                    EXIT WHEN taxigen_batch_last IS NULL;
                    taxigen_last := taxigen_batch_last;
                    COMMIT;
                    \(setMaintenance)
                END LOOP;
            END
            $rename$
            """
    }
}
