/// What a migration does when a table's tenant isolation changes: a table that becomes tenant-scoped gets its
/// tenant key column, row-level security (enabled and forced) and its policy; one that stops being scoped
/// loses the policy and row-level security (its key column is dropped like any column). A new table gets all
/// of it from `schema.sql` itself (`FreshDDL`).
///
/// The key column of an existing table is added NULL with its default (the caller's tenant), then made
/// NOT NULL in stages. Rows that exist before the migration have no tenant, and taxigen cannot know whose
/// they are: before the `NOT NULL` helper CHECK is validated, a guard stops the migration, with a hint, while
/// any row has none (the owner sets them, e.g. in a data step, and `migrate apply` resumes there). On an
/// empty table the migration simply runs through.
enum TenancyMigration {
    /// Whether `column`, added by the diff, is the new tenant key of the table.
    static func isTenantKey(_ column: ColumnSnapshot, of diff: TableDiff) -> Bool {
        diff.new.tenancy?.key == column.name && diff.old.tenancy?.key != column.name
    }

    /// Before the columns change: the old policy goes (it names the old key, which may be dropped), and row-level
    /// security is switched off when the table is no longer tenant-scoped.
    static func planRemoval(_ diff: TableDiff, _ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        guard let old = diff.old.tenancy, diff.old.tenancy != diff.new.tenancy else { return }
        let table = diff.new.sqlName
        up.main.append(MigrationStatement(TenancyDDL.dropPolicy(table),
                                          comments: ["The tenant policy on \(old.key) \(diff.new.tenancy == nil ? "goes: the table is no longer tenant-scoped" : "is replaced below")."]))
        guard diff.new.tenancy == nil else { return }
        up.main.append(MigrationStatement(TenancyDDL.noForce(table)))
        up.main.append(MigrationStatement(TenancyDDL.disable(table), joinsPrevious: true))
        plan.summary.append("\(diff.new.name): - tenant isolation (row-level security off)")
        plan.warnings.append("\(diff.new.name) is no longer tenant-scoped: every tenant's rows become visible to every caller")
    }

    /// The new tenant key column of an existing table: NULL, its default, then NOT NULL in stages behind a guard.
    static func planAddedKey(_ column: ColumnSnapshot, of diff: TableDiff, _ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        let table = diff.new.sqlName
        let name = diff.new.name
        plan.summary.append("\(name): + column \(column.name) \(column.type) NOT NULL DEFAULT the caller's tenant (tenant key)")
        up.main.append(MigrationStatement(AlterSQL.addColumn(table, column, notNull: false, defaultExpression: nil),
                                          comments: ["The tenant key, added NULL: the rows already here have no tenant yet."]))
        if let expression = column.defaultExpression {
            up.main.append(MigrationStatement(AlterSQL.setDefault(table, column.sqlName, expression),
                                              comments: ["New rows take the caller's tenant (taxiway.tenant)."]))
        }
        up.validations.append(MigrationStatement(guardStatement(table: table, tableName: name, key: column.sqlName),
                                                 comments: ["Stops here while a row has no tenant (taxigen cannot know whose it is)."]))
        plan.warnings.append("\(name) becomes tenant-scoped: the migration stops before NOT NULL while a row that existed before it has no \(column.name); set them as the table's owner, then apply again")
        NotNullStages.add(table: table, tableName: name, column: column.sqlName, columnName: column.name, backfill: nil, to: &up)
    }

    /// After the columns change: row-level security on (when the table was not scoped) and the policy.
    static func planAddition(_ diff: TableDiff, _ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        guard let new = diff.new.tenancy, diff.old.tenancy != new else { return }
        let table = diff.new.sqlName
        if diff.old.tenancy == nil {
            up.main.append(MigrationStatement(TenancyDDL.enable(table),
                                              comments: ["Tenant isolation: row-level security, forced so that the owner is held to it too."]))
            up.main.append(MigrationStatement(TenancyDDL.force(table), joinsPrevious: true))
        }
        up.main.append(MigrationStatement(TenancyDDL.createPolicy(table, key: new.key),
                                          comments: ["Each caller sees and changes only the rows of its tenant (taxiway.tenant); without one, none."]))
        plan.summary.append("\(diff.new.name): + tenant isolation on \(new.key) (row-level security forced, policy \(new.policy))")
    }

    /// The downgrade, before the columns are put back: the new policy goes, the old one (if any) returns, and
    /// row-level security is switched back to what it was.
    static func planDown(_ diff: TableDiff, _ down: inout UnitBuilder) {
        guard diff.old.tenancy != diff.new.tenancy else { return }
        let table = diff.new.sqlName
        if diff.new.tenancy != nil {
            down.main.append(MigrationStatement(TenancyDDL.dropPolicy(table)))
        }
        if let old = diff.old.tenancy {
            if diff.new.tenancy == nil {
                down.main.append(MigrationStatement(TenancyDDL.enable(table)))
                down.main.append(MigrationStatement(TenancyDDL.force(table), joinsPrevious: true))
            }
            down.main.append(MigrationStatement(TenancyDDL.createPolicy(table, key: old.key)))
        } else {
            down.main.append(MigrationStatement(TenancyDDL.noForce(table)))
            down.main.append(MigrationStatement(TenancyDDL.disable(table), joinsPrevious: true))
        }
    }

    /// A `DO` block that refuses to go on while the migration's role does not bypass row-level security (it would
    /// see no row of a forced table) or while a row has no tenant.
    static func guardStatement(table: String, tableName: String, key: String) -> String {
        """
        DO $tenancy$
        BEGIN
            IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
                RAISE EXCEPTION 'taxigen: migrations of tenant-scoped tables run as a role that bypasses row-level security'
                    USING HINT = 'run migrate apply as the tables'' owner with BYPASSRLS: FORCE ROW LEVEL SECURITY holds the owner to the tenant policy too';
            END IF;
            IF EXISTS (SELECT 1 FROM \(table) WHERE \(key) IS NULL) THEN
                RAISE EXCEPTION 'taxigen: table \(tableName) has rows without a tenant, so it cannot become tenant-scoped yet'
                    USING HINT = 'as the table''s owner, set \(key) of every such row (UPDATE \(table) SET \(key) = ... WHERE \(key) IS NULL, or in a data step of this migration), then run migrate apply again: it resumes here';
            END IF;
        END
        $tenancy$
        """
    }
}
