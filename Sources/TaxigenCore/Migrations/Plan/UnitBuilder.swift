/// Collects the statements of one direction of a migration into the units they must run in, in the
/// order that keeps locks short:
///
/// 1. one transaction with every catalog change (tables, columns, renames, types, defaults, `NOT VALID`
///    CHECKs, comments);
/// 2. each backfill in batches (`AlterSQL.batchedBackfill`: a `DO` block that commits every batch, so it
///    runs outside a transaction; row locks only), then one transaction with the NOT NULL helper CHECKs
///    the backfills make true, then each backfill once more (rows written with NULL meanwhile);
/// 3. `CREATE INDEX CONCURRENTLY`, then `DROP INDEX CONCURRENTLY`, each on its own (an index whose
///    definition changes is built under a temporary name next to the old one, which keeps serving and
///    enforcing until it is dropped);
/// 4. one transaction that gives the rebuilt indexes their names, and drops a former tenant key column (only
///    once the indexes without it exist: dropped earlier, it would take the old indexes with it, leaving the
///    table without them until the new ones are built, or for good if a build fails);
/// 5. one transaction that validates the new CHECKs (`SHARE UPDATE EXCLUSIVE`: reads and writes go on);
/// 6. one transaction that sets `NOT NULL` (instant: a validated `CHECK (col IS NOT NULL)` proves it) and
///    drops those helper CHECKs.
struct UnitBuilder {
    /// Statements of the first transaction.
    var main: [MigrationStatement] = []
    /// Batched backfills (`DO` blocks), each a unit of its own.
    var backfills: [MigrationStatement] = []
    /// The `NOT VALID` helper CHECKs the backfills make true, in one transaction after them.
    var backfillChecks: [MigrationStatement] = []
    /// `DROP INDEX CONCURRENTLY` statements.
    var dropIndexes: [MigrationStatement] = []
    /// A partitioned table's index changes (`PartitionedIndexes`): one transaction, before the concurrent builds.
    var lockingIndexes: [MigrationStatement] = []
    /// `CREATE INDEX CONCURRENTLY` statements.
    var createIndexes: [MigrationStatement] = []
    /// `ALTER INDEX … RENAME` of rebuilt indexes to their names.
    var indexRenames: [MigrationStatement] = []
    /// Drops that wait for the new indexes (a former tenant key column), in the same transaction as the renames.
    var afterIndexes: [MigrationStatement] = []
    /// `VALIDATE CONSTRAINT` statements.
    var validations: [MigrationStatement] = []
    /// `SET NOT NULL` and helper-CHECK drops.
    var notNulls: [MigrationStatement] = []
    /// A downgrade's renames of tables back to their former names, in one transaction after everything else
    /// (whose statements name the tables as the upgrade left them).
    var tableRenames: [MigrationStatement] = []
    /// Drops that must wait until the new release is deployed (deprecated columns, the old column of a finished
    /// rename and its sync trigger): one post-deploy transaction, last.
    var postDeploy: [MigrationStatement] = []

    /// Where a hand-written data step goes among `units()`: after the catalog changes and the backfills
    /// (new columns exist, with their defaults), before the indexes, validations and `SET NOT NULL` (which
    /// then hold over what it wrote).
    var dataStepPosition: Int {
        (main.isEmpty ? 0 : 1) + backfills.count + (backfillChecks.isEmpty ? 0 : 1 + backfills.count)
    }

    /// The units, empty ones left out.
    func units() -> [MigrationUnit] {
        var units: [MigrationUnit] = []
        if !main.isEmpty {
            units.append(MigrationUnit(kind: .transaction, purpose: "the catalog changes, in one transaction", statements: main))
        }
        for backfill in backfills {
            units.append(MigrationUnit(kind: .standalone,
                                       purpose: "a backfill in batches of \(AlterSQL.backfillBatchSize) rows, each its own transaction (so outside one)",
                                       statements: [backfill]))
        }
        if !backfillChecks.isEmpty {
            units.append(MigrationUnit(kind: .transaction, purpose: "the backfilled columns get their NOT NULL helper CHECKs (NOT VALID)",
                                       statements: backfillChecks))
            for backfill in backfills {
                var again = backfill
                again.comments = ["The same backfill again, for rows written with NULL while it ran; the CHECK refuses new ones."]
                units.append(MigrationUnit(kind: .standalone,
                                           purpose: "the backfill again, for rows written with NULL while it ran (outside a transaction)",
                                           statements: [again]))
            }
        }
        if !lockingIndexes.isEmpty {
            units.append(MigrationUnit(kind: .transaction,
                                       purpose: "a partitioned table's indexes, built on every partition (writes to the table wait)",
                                       statements: lockingIndexes))
        }
        for create in createIndexes {
            units.append(MigrationUnit(kind: .standalone,
                                       purpose: "outside a transaction: CREATE INDEX CONCURRENTLY cannot run inside one",
                                       statements: [create]))
        }
        for drop in dropIndexes {
            units.append(MigrationUnit(kind: .standalone,
                                       purpose: "outside a transaction: DROP INDEX CONCURRENTLY cannot run inside one",
                                       statements: [drop]))
        }
        if !indexRenames.isEmpty || !afterIndexes.isEmpty {
            units.append(MigrationUnit(kind: .transaction,
                                       purpose: afterIndexes.isEmpty ? "the rebuilt indexes take their names (a brief lock)"
                                           : "the rebuilt indexes take their names and the former tenant key goes (a brief lock)",
                                       statements: indexRenames + afterIndexes))
        }
        if !validations.isEmpty {
            units.append(MigrationUnit(kind: .transaction,
                                       purpose: "validate the new CHECK constraints (reads and writes go on meanwhile)",
                                       statements: validations))
        }
        if !notNulls.isEmpty {
            units.append(MigrationUnit(kind: .transaction,
                                       purpose: "SET NOT NULL, proven by the validated CHECKs without a table scan",
                                       statements: notNulls))
        }
        if !postDeploy.isEmpty {
            var unit = MigrationUnit(kind: .transaction, purpose: "after the deploy, once no release reads what it drops", statements: postDeploy)
            unit.phase = .postDeploy
            units.append(unit)
        }
        if !tableRenames.isEmpty {
            var unit = MigrationUnit(kind: .transaction, purpose: "the renamed tables take their former names back", statements: tableRenames)
            if !postDeploy.isEmpty { unit.phase = .postDeploy }
            units.append(unit)
        }
        return units
    }
}
