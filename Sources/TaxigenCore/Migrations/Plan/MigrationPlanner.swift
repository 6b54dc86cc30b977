/// Plans a migration from a diff: the upgrade's units, the downgrade's (or why there is none), a summary
/// and warnings. Statements for new tables and the touch function come from `schema.sql` itself
/// (`FreshDDL`); changes to existing objects are written the safe way (see `UnitBuilder`).
public struct MigrationPlanner: Sendable {
    /// The changes.
    public let diff: SchemaDiff
    /// The checked specs the diff leads to.
    public let schema: Schema
    /// `schema.sql`'s statements.
    public let ddl: FreshDDL

    /// Creates a planner.
    public init(diff: SchemaDiff, schema: Schema, ddl: FreshDDL) {
        self.diff = diff
        self.schema = schema
        self.ddl = ddl
    }

    /// The plan.
    public func plan() throws -> MigrationPlan {
        var plan = MigrationPlan()
        var up = UnitBuilder()
        var down = UnitBuilder()
        try planUp(&up, &plan)
        try planDown(&down)
        plan.up = up.units()
        plan.dataStepPosition = up.dataStepPosition
        plan.down = plan.isReversible ? down.units() : []
        // A change only the snapshot records (a field deprecated) still makes a migration with one unit.
        if plan.up.isEmpty, !diff.isEmpty { plan.up = [Self.recordOnly] }
        if plan.isReversible, plan.down.isEmpty, !diff.isEmpty { plan.down = [Self.recordOnly] }
        return plan
    }

    /// The unit of a migration that changes nothing in the database (a field deprecated: only the snapshot
    /// says so, for the migration that later drops it).
    static let recordOnly = MigrationUnit(kind: .transaction, purpose: "nothing changes in the database; the snapshot records the change", statements: [
        MigrationStatement("SELECT 1", comments: ["The database does not change: the migration's snapshot records what the specs changed (a field deprecated)."]),
    ])

    private func planUp(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) throws {
        for name in diff.addedExtensions {
            up.main.append(MigrationStatement(AlterSQL.createExtension(name), comments: ["pgvector, for the vector columns."]))
            plan.summary.append("+ extension \(name)")
        }
        for name in diff.addedFunctions where name == SQLStatements.touchFunction {
            up.main.append(MigrationStatement(try ddl.touchFunction(),
                                              comments: ["Keeps updated_at and version right on every UPDATE (as in schema.sql)."]))
            plan.summary.append("+ function \(name)()")
        }
        for name in diff.addedFunctions where name == AppendOnlyDDL.refuseFunction {
            up.main.append(MigrationStatement(AppendOnlyDDL.refuseFunctionStatement, comments: AppendOnlyDDL.refuseFunctionComments))
            plan.summary.append("+ function \(name)()")
        }
        for rename in diff.renamedTables {
            guard let entity = schema.entities.first(where: { $0.tableName == rename.renamed.name }) else { continue }
            TableRenameMigration(rename: rename, entity: entity).planUp(&up, &plan)
        }
        for table in diff.droppedTables {
            up.main.append(MigrationStatement(AlterSQL.dropTable(table.sqlName),
                                              comments: ["DROPS TABLE \(table.name) AND ITS ROWS: its entity is no longer in the specs."],
                                              squawkIgnores: ["ban-drop-table"]))
            for statement in AppendOnlyDiff.dropMaintenance(of: table) {
                up.main.append(MigrationStatement(statement, comments: [], squawkIgnores: ["ban-drop-function"]))
            }
            plan.summary.append("- table \(table.name) (drops its rows)")
            plan.warnings.append("drops table \(table.name) and every row in it")
            plan.irreversibleReasons.append("it drops table \(table.name) and its rows")
        }
        for table in diff.alteredTables {
            TableUpPlanner(diff: table).plan(&up, &plan)
        }
        EnumValueRenameMigration(renames: diff.renamedEnumValues).planUp(&up, &plan)
        EnumValueRenameMigration.warnRemovedValues(diff.renamedEnumValues, diff: diff, &plan)
        if !up.backfills.isEmpty {
            try planMaintenanceAwareTouch(&up, &plan)
        }
        let created = Set(diff.createdTables.map(\.name))
        let entities = schema.entities.filter { created.contains($0.tableName) }
        let statementsByTable = try ddl.tableStatements(for: entities)
        let entityByTable = Dictionary(entities.map { ($0.tableName, $0) }, uniquingKeysWith: { first, _ in first })
        for table in diff.createdTables {
            guard let entity = entityByTable[table.name], let statements = statementsByTable[table.name] else { continue }
            let kinds = statements.map(Self.kind(of:))
            for (offset, sql) in statements.enumerated() {
                let comments = offset == 0 ? ["New table \(table.name) for \(entity.name) (\(entity.specPath)), as in schema.sql."] : []
                let sameKind = offset > 0 && kinds[offset] == kinds[offset - 1]
                up.main.append(MigrationStatement(sql, comments: comments, joinsPrevious: sameKind))
            }
            plan.summary.append("+ table \(table.name) (\(table.columns.count) columns, \(table.indexes.count) indexes, \(table.checks.count) CHECKs)")
        }
        HistoryMigration(diff: diff, schema: schema).planUp(&up, &plan)
        let renamed = diff.renamedTables.map(\.renamed) + diff.alteredTables.filter { !$0.renamedColumns.isEmpty }.map(\.new)
        if !renamed.isEmpty {
            up.main.append(MigrationStatement(AlterSQL.renameNotNullConstraints(Self.withHistories(renamed)),
                                              comments: ["PostgreSQL 18 names NOT NULL constraints after the table and column: the renamed ones follow."]))
        }
        for name in diff.removedFunctions {
            up.main.append(MigrationStatement(AlterSQL.dropFunction(name), comments: ["No table uses the touch function any more."],
                                              squawkIgnores: ["ban-drop-function"]))
            plan.summary.append("- function \(name)()")
        }
        for name in diff.removedExtensions {
            up.main.append(MigrationStatement(AlterSQL.dropExtension(name),
                                              comments: ["No vector column is left. Fails, changing nothing, if something else still uses the extension."],
                                              squawkIgnores: ["ban-drop-extension"]))
            plan.summary.append("- extension \(name)")
        }
    }

    /// A backfill sets `taxiway.maintenance` so that the touch trigger keeps each row's `version` and
    /// `updated_at`; a database created before the trigger function honoured the setting gets the function
    /// of `schema.sql` again first (`CREATE OR REPLACE`, idempotent). A project template whose function
    /// ignores the setting is warned about: its backfills bump every row's version.
    private func planMaintenanceAwareTouch(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) throws {
        let function = try ddl.touchFunction()
        if !diff.addedFunctions.contains(SQLStatements.touchFunction) {
            up.main.insert(MigrationStatement(function, comments: [
                "The touch function as schema.sql has it: it leaves version and updated_at alone while \(AlterSQL.maintenanceSetting) is on,",
                "as the backfills below set it (a database created by an older taxigen has a function that does not).",
            ]), at: 0)
        }
        if !function.contains(AlterSQL.maintenanceSetting) {
            plan.warnings.append("the touch function of the project's schema.sql template ignores \(AlterSQL.maintenanceSetting): the backfills bump every row's version and updated_at")
        }
    }

    private func planDown(_ down: inout UnitBuilder) throws {
        for name in diff.removedExtensions {
            down.main.append(MigrationStatement(AlterSQL.createExtension(name)))
        }
        for name in diff.removedFunctions where name == SQLStatements.touchFunction {
            down.main.append(MigrationStatement(try ddl.touchFunction()))
        }
        for name in diff.removedFunctions where name == AppendOnlyDDL.refuseFunction {
            down.main.append(MigrationStatement(AppendOnlyDDL.refuseFunctionStatement))
        }
        for table in diff.createdTables.reversed() {
            down.main.append(MigrationStatement(AlterSQL.dropTable(table.sqlName),
                                                comments: ["Drops table \(table.name), which the upgrade created, with the rows written since."],
                                                squawkIgnores: ["ban-drop-table"]))
            for statement in AppendOnlyDiff.dropMaintenance(of: table) {
                down.main.append(MigrationStatement(statement, comments: [], squawkIgnores: ["ban-drop-function"]))
            }
        }
        for table in diff.alteredTables.reversed() {
            TableDownPlanner(diff: table).plan(&down)
        }
        EnumValueRenameMigration(renames: diff.renamedEnumValues).planDown(&down)
        HistoryMigration(diff: diff, schema: schema).planDown(&down)
        for rename in diff.renamedTables.reversed() {
            guard let entity = schema.entities.first(where: { $0.tableName == rename.renamed.name }) else { continue }
            TableRenameMigration(rename: rename, entity: entity).planDown(&down)
        }
        // NOT NULL constraint names follow the renames back: in the last unit for a table renamed back there, else
        // after the column renames of the first.
        let renamedBack = Set(diff.renamedTables.map(\.renamed.name))
        let columnsOnly = diff.alteredTables.filter { !$0.renamedColumns.isEmpty && !renamedBack.contains($0.new.name) }.map(\.old)
        if !columnsOnly.isEmpty {
            down.main.append(MigrationStatement(AlterSQL.renameNotNullConstraints(Self.withHistories(columnsOnly))))
        }
        if !diff.renamedTables.isEmpty {
            down.tableRenames.append(MigrationStatement(AlterSQL.renameNotNullConstraints(Self.withHistories(diff.renamedTables.map(\.old)))))
        }
        for name in diff.addedFunctions {
            down.main.append(MigrationStatement(AlterSQL.dropFunction(name), squawkIgnores: ["ban-drop-function"]))
        }
        for name in diff.addedExtensions {
            down.main.append(MigrationStatement(AlterSQL.dropExtension(name),
                                                comments: ["Fails, changing nothing, if something else still uses the extension."],
                                                squawkIgnores: ["ban-drop-extension"]))
        }
    }

    /// The tables' names, each followed by its history table's when it has one.
    private static func withHistories(_ tables: [TableSnapshot]) -> [String] {
        var seen: Set<String> = []
        return tables.flatMap { [$0.name] + ($0.history == nil ? [] : [HistoryNames.table(of: $0.name)]) }.filter { seen.insert($0).inserted }
    }

    /// The first two words of a statement (`CREATE INDEX`, `COMMENT ON`), to keep a new table's indexes and
    /// comments together as `schema.sql` does.
    private static func kind(of statement: String) -> String {
        var words: [Substring] = []
        for word in statement.utf8.prefix(40).split(whereSeparator: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            let word = Substring(word)
            guard word != "UNIQUE" else { continue }
            words.append(word)
            if words.count == 2 { break }
        }
        return words.joined(separator: " ")
    }
}
