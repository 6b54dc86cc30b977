/// The statements that rename a table (`renamed_from:` of its entity) and everything named after it, so that
/// the database ends as a fresh one built from the new specs: the table, its key column when the entity's
/// name changed, its primary key, indexes, CHECKs and triggers; its history (table, key, index, CHECK,
/// identity sequence, guard triggers, recording function and trigger, comment); and for a partitioned
/// append-only table its maintenance functions and its partitions with their indexes. The rows stay; every
/// statement is a catalog change, in the migration's first transaction, before the table's other changes.
///
/// Other tables' `ref` fields keep working: a ref is a plain `uuid` column with an index, and no constraint
/// names the referenced table. Partitions detached before the migration are plain tables and keep their names.
struct TableRenameMigration {
    let rename: TableRename
    /// The entity of the renamed table (after the migration).
    let entity: Entity

    private var old: TableSnapshot { rename.old }
    private var new: TableSnapshot { rename.renamed }

    func planUp(_ up: inout UnitBuilder, _ plan: inout MigrationPlan) {
        let statements = Self.statements(from: old, to: new, entity: entity, direction: .up)
        for (offset, sql) in statements.enumerated() {
            let comments = offset == 0
                ? ["Entity \(entity.name) says renamed_from: \(old.name); the table keeps its rows, and every name derived from",
                   "the table's follows it. Deploy code that uses the new name."] : []
            up.main.append(MigrationStatement(sql.text, comments: comments, squawkIgnores: sql.ignores, joinsPrevious: offset > 0))
        }
        plan.summary.append("table \(old.name) → \(new.name) (renamed, rows kept)")
        plan.warnings.append("renames table \(old.name) to \(new.name): code still using the old name fails once it runs")
        let sealed = entity.columns.filter(\.isSensitive).map(\.name)
        if !sealed.isEmpty {
            plan.warnings.append("the sealed values of \(sealed.joined(separator: ", ")) are bound to the table's name: keep "
                                 + "`renamed_from: \(old.name)` in the spec until resealSensitiveFields has run, or they cannot be opened")
        }
    }

    func planDown(_ down: inout UnitBuilder) {
        let statements = Self.statements(from: new, to: old, entity: entity, direction: .down)
        for (offset, sql) in statements.enumerated() {
            down.tableRenames.append(MigrationStatement(sql.text, comments: offset == 0 ? ["Back to table \(old.name); it keeps its rows."] : [],
                                                squawkIgnores: sql.ignores, joinsPrevious: offset > 0))
        }
    }

    /// Which way the statements go: the upgrade writes the recording function and comment from the entity, the
    /// downgrade from the former table.
    enum Direction { case up, down }

    /// One statement and the squawk rules it knowingly breaks.
    struct Statement {
        let text: String
        var ignores: [String] = ["renaming-object"]
    }

    /// Renames `from` (as the database has it) to `to`.
    static func statements(from: TableSnapshot, to: TableSnapshot, entity: Entity, direction: Direction) -> [Statement] {
        var result: [Statement] = []
        let table = to.sqlName
        result.append(Statement(text: "ALTER TABLE \(from.sqlName) RENAME TO \(table)", ignores: ["renaming-table"]))
        if from.primaryKey != to.primaryKey {
            result.append(Statement(text: AlterSQL.renameColumn(table, from: Naming.sqlIdentifier(from.primaryKey),
                                                                to: Naming.sqlIdentifier(to.primaryKey)),
                                    ignores: ["renaming-column"]))
        }
        if from.primaryKeyConstraint != to.primaryKeyConstraint {
            result.append(Statement(text: AlterSQL.renameConstraint(table, from: from.primaryKeyConstraint, to: to.primaryKeyConstraint)))
        }
        for index in from.indexes {
            let after = TableRenameNames.index(index, from: from.name, to: to.name)
            guard after != index.name else { continue }
            result.append(Statement(text: AlterSQL.renameIndex(from: index.name, to: after)))
        }
        for check in from.checks {
            let after = TableRenameNames.check(check, from: from.name, to: to.name)
            guard after != check.name else { continue }
            result.append(Statement(text: AlterSQL.renameConstraint(table, from: check.name, to: after)))
        }
        result += triggerRenames(from: from, to: to)
        if from.history != nil, to.history != nil {
            result += historyRenames(from: from, to: to, entity: entity, direction: direction)
        }
        if let partition = to.appendOnly?.partition, from.appendOnly?.partition != nil {
            result += partitionRenames(from: from, to: to, entity: entity, interval: partition)
        }
        return result
    }

    private static func triggerRenames(from: TableSnapshot, to: TableSnapshot) -> [Statement] {
        var result: [Statement] = []
        let table = to.sqlName
        func rename(_ a: String, _ b: String) {
            guard a != b else { return }
            result.append(Statement(text: "ALTER TRIGGER \(Naming.sqlIdentifier(a)) ON \(table) RENAME TO \(Naming.sqlIdentifier(b))"))
        }
        rename(from.trigger, to.trigger)
        if from.appendOnly != nil {
            rename(TableRenameNames.truncateTrigger(of: from.name), TableRenameNames.truncateTrigger(of: to.name))
        }
        if from.history != nil, to.history != nil {
            rename(HistoryNames.trigger(of: from.name), HistoryNames.trigger(of: to.name))
            rename(HistoryNames.tableTruncateTrigger(of: from.name), HistoryNames.tableTruncateTrigger(of: to.name))
        }
        return result
    }

    /// The history table and its objects, then its recording function (renamed, its trigger keeps calling it,
    /// then written again for the new history table's name) and its comment.
    private static func historyRenames(from: TableSnapshot, to: TableSnapshot, entity: Entity, direction: Direction) -> [Statement] {
        let (a, b) = (from.name, to.name)
        let history = HistoryDDL.sqlTable(of: b)
        var result: [Statement] = [
            Statement(text: "ALTER TABLE \(HistoryDDL.sqlTable(of: a)) RENAME TO \(history)", ignores: ["renaming-table"]),
        ]
        if from.primaryKey != to.primaryKey {
            result.append(Statement(text: AlterSQL.renameColumn(history, from: Naming.sqlIdentifier(from.primaryKey),
                                                                to: Naming.sqlIdentifier(to.primaryKey)),
                                    ignores: ["renaming-column"]))
        }
        let renames = [
            (HistoryNames.primaryKey(of: a), HistoryNames.primaryKey(of: b), true),
            (HistoryNames.operationCheck(of: a), HistoryNames.operationCheck(of: b), true),
            (HistoryNames.keyIndex(of: a, key: from.primaryKey), HistoryNames.keyIndex(of: b, key: to.primaryKey), false),
        ]
        for (before, after, isConstraint) in renames where before != after {
            result.append(Statement(text: isConstraint ? AlterSQL.renameConstraint(history, from: before, to: after)
                                                       : AlterSQL.renameIndex(from: before, to: after)))
        }
        for (before, after) in [(HistoryNames.guardTrigger(of: a), HistoryNames.guardTrigger(of: b)),
                                (HistoryNames.truncateTrigger(of: a), HistoryNames.truncateTrigger(of: b))] where before != after {
            result.append(Statement(text: "ALTER TRIGGER \(Naming.sqlIdentifier(before)) ON \(history) RENAME TO \(Naming.sqlIdentifier(after))"))
        }
        // The identity's sequence, named by PostgreSQL after the history table when it was created.
        let sequence = ImplicitRelations.historySequence(of: b)
        result.append(Statement(text: """
            DO $rename$
            BEGIN
                EXECUTE format('ALTER SEQUENCE %s RENAME TO %I', pg_get_serial_sequence(\(SQLLiteral.string(history)), \(SQLLiteral.string(HistoryNames.idColumn))), \(SQLLiteral.string(sequence)));
            END
            $rename$
            """))
        result.append(Statement(text: "ALTER FUNCTION \(Naming.sqlIdentifier(HistoryNames.recordFunction(of: a)))() RENAME TO "
                                    + Naming.sqlIdentifier(HistoryNames.recordFunction(of: b))))
        switch direction {
        case .up:
            result.append(Statement(text: HistoryDDL.recordFunction(for: entity), ignores: []))
            result.append(Statement(text: HistoryDDL.comment(for: entity), ignores: []))
        case .down:
            let columns = orderedColumns(of: to, like: entity, renamedKey: (from.primaryKey, to.primaryKey))
            result.append(Statement(text: HistoryDDL.recordFunction(table: b, columns: columns, deletedAt: "deleted_at"), ignores: []))
            let former = entity.primaryKey.name == to.primaryKey ? entity.name
                : Naming.upperCamelCase(String(to.primaryKey.dropLast(to.primaryKey.hasSuffix("_id") ? 3 : 0)))
            result.append(Statement(text: "COMMENT ON TABLE \(history) IS " + SQLLiteral.string(
                "The history of \(b) (entity \(former)): one row per insert, update, soft delete, restore and hard delete, "
                    + "written by trigger \(HistoryNames.trigger(of: b)); append-only."), ignores: []))
        }
        return result
    }

    /// The columns of `table` (SQL names) in the entity's order where it has them (its key under the old name),
    /// then the others: the order the history's recording function names them in.
    private static func orderedColumns(of table: TableSnapshot, like entity: Entity, renamedKey: (current: String, former: String)) -> [String] {
        let order = HistoryDDL.copiedColumns(of: entity).map(\.sqlName).map { $0 == Naming.sqlIdentifier(renamedKey.current) ? Naming.sqlIdentifier(renamedKey.former) : $0 }
        let names = table.columns.map(\.sqlName)
        return order.filter(names.contains) + names.filter { !order.contains($0) }
    }

    /// A partitioned table's maintenance functions (named after it, and naming it) written again under the new
    /// name, and its partitions (`<table>_pYYYYMMDD`) and their indexes renamed.
    private static func partitionRenames(from: TableSnapshot, to: TableSnapshot, entity: Entity, interval: PartitionSnapshot) -> [Statement] {
        var result = AppendOnlyDiff.dropMaintenance(of: from).map { Statement(text: $0, ignores: ["ban-drop-function"]) }
        let target = entity.tableName == to.name ? entity : entity.withTableName(to.name)
        result += AppendOnlyDDL.maintenance(for: target).dropLast().map { Statement(text: $0, ignores: []) }
        let (a, b) = (SQLLiteral.string(from.name + "_p"), SQLLiteral.string(to.name + "_p"))
        // The partitions are renamed, each one's indexes first moved aside; then every index takes the name
        // PostgreSQL's ChooseIndexName gives an index it clones onto a partition, as a fresh database's
        // create_partitions() makes them (partitions in date order, indexes in the parent's order): makeObjectName's
        // `<partition>_<columns>_idx` or `<partition>_pkey`, the longer part cut a byte at a time to fit 63
        // bytes, and a number after the label while the name is taken. A name is not simply the partition's
        // new name plus the old suffix: a long name is cut inside the partition's name, or loses its date.
        result.append(Statement(text: """
            DO $rename$
            DECLARE
                taxigen_partition record;
                taxigen_index record;
                taxigen_label text;
                taxigen_target text;
                taxigen_pass int;
                taxigen_first int;
                taxigen_second int;
                taxigen_namespace oid := (SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = to_regclass(\(SQLLiteral.string(to.sqlName))));
            BEGIN
                -- A table left out of this database (migrate --without-vector) has no partitions to rename.
                IF taxigen_namespace IS NULL THEN
                    RETURN;
                END IF;
                FOR taxigen_partition IN
                    SELECT c.oid, c.relname::text AS name FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = \(SQLLiteral.string(to.sqlName))::regclass AND left(c.relname, length(\(a))) = \(a)
                LOOP
                    FOR taxigen_index IN
                        SELECT x.indexrelid, ic.relname::text AS name FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                        WHERE x.indrelid = taxigen_partition.oid
                    LOOP
                        EXECUTE format('ALTER INDEX %I RENAME TO %I', taxigen_index.name, 'taxigen_renamed_' || taxigen_index.indexrelid);
                    END LOOP;
                    EXECUTE format('ALTER TABLE %I RENAME TO %I', taxigen_partition.name, \(b) || substr(taxigen_partition.name, length(\(a)) + 1));
                END LOOP;
                FOR taxigen_index IN
                    SELECT x.indexrelid, c.relname::text AS partition, x.indisprimary AS is_primary,
                           (SELECT string_agg(coalesce(a.attname::text, 'expr'), '_' ORDER BY k.n)
                            FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0) AS columns
                    FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                    JOIN pg_catalog.pg_index x ON x.indrelid = c.oid
                    WHERE i.inhparent = \(SQLLiteral.string(to.sqlName))::regclass AND left(c.relname, length(\(b))) = \(b)
                    ORDER BY c.relname, (SELECT p.inhparent FROM pg_catalog.pg_inherits p WHERE p.inhrelid = x.indexrelid)
                LOOP
                    taxigen_pass := 0;
                    LOOP
                        taxigen_label := CASE WHEN taxigen_index.is_primary THEN 'pkey' ELSE 'idx' END
                                         || CASE WHEN taxigen_pass > 0 THEN taxigen_pass::text ELSE '' END;
                        taxigen_first := length(taxigen_index.partition);
                        taxigen_second := CASE WHEN taxigen_index.is_primary THEN 0 ELSE length(taxigen_index.columns) END;
                        WHILE taxigen_first + taxigen_second
                              > 62 - length(taxigen_label) - CASE WHEN taxigen_index.is_primary THEN 0 ELSE 1 END LOOP
                            IF taxigen_first > taxigen_second THEN taxigen_first := taxigen_first - 1;
                            ELSE taxigen_second := taxigen_second - 1;
                            END IF;
                        END LOOP;
                        taxigen_target := left(taxigen_index.partition, taxigen_first)
                                          || CASE WHEN taxigen_index.is_primary THEN '' ELSE '_' || left(taxigen_index.columns, taxigen_second) END
                                          || '_' || taxigen_label;
                        EXIT WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_class WHERE relname = taxigen_target AND relnamespace = taxigen_namespace)
                              AND NOT (taxigen_index.is_primary AND EXISTS (
                                  SELECT FROM pg_catalog.pg_constraint WHERE conname = taxigen_target AND connamespace = taxigen_namespace));
                        taxigen_pass := taxigen_pass + 1;
                    END LOOP;
                    EXECUTE format('ALTER INDEX %I RENAME TO %I', 'taxigen_renamed_' || taxigen_index.indexrelid, taxigen_target);
                END LOOP;
            END
            $rename$
            """))
        return result
    }
}

extension Entity {
    /// The same entity with another table name (to write a renamed table's objects under its former name).
    func withTableName(_ table: String) -> Entity {
        var entity = Entity(name: name, snakeName: snakeName, tableName: table, description: description, hasJSONData: hasJSONData,
                            specPath: specPath, location: location, columns: columns, indexes: indexes, checks: checks,
                            queries: queries, traits: traits)
        entity.formerTableNames = formerTableNames
        entity.renamedFromLocation = renamedFromLocation
        return entity
    }
}
