/// `NOT NULL` in stages, without a long exclusive lock: (a backfill, then) a `CHECK (col IS NOT NULL)
/// NOT VALID`, validated in a later transaction without blocking reads or writes, then `SET NOT NULL`,
/// which the valid CHECK proves without a scan, then the helper CHECK goes.
///
/// After a backfill (in batches, see `AlterSQL.batchedBackfill`) the helper CHECK is added in a transaction
/// of its own, once no row holds NULL: added earlier, it would refuse every UPDATE of a row the backfill
/// has not reached yet. The backfill then runs once more, for rows written with NULL while it ran (code
/// deployed before the migration may still write NULL); from the CHECK on, no new NULL can be written.
enum NotNullStages {
    static func add(table: String, tableName: String, column: String, columnName: String, backfill: MigrationStatement?,
                    to builder: inout UnitBuilder) {
        let helper = AlterSQL.notNullCheckName(table: tableName, column: columnName)
        let check = MigrationStatement(AlterSQL.addCheckNotValid(table, helper, "\(column) IS NOT NULL"),
                                       comments: ["NOT NULL in stages: this CHECK, validated later, lets SET NOT NULL skip its scan."])
        if let backfill {
            builder.backfills.append(backfill)
            builder.backfillChecks.append(check)
        } else {
            builder.main.append(check)
        }
        builder.validations.append(MigrationStatement(AlterSQL.validate(table, helper)))
        builder.notNulls.append(MigrationStatement(AlterSQL.setNotNull(table, column)))
        builder.notNulls.append(MigrationStatement(AlterSQL.dropConstraint(table, helper),
                                                   comments: ["The helper CHECK has done its work: NOT NULL holds now."],
                                                   squawkIgnores: ["ban-drop-constraint"]))
    }
}
