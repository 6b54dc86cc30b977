/// Renames in progress under `zero_downtime`: expand, then contract in a later migration.
///
/// The expand adds the new column beside the old one, and a trigger keeps the two in step both ways (the
/// release still running writes the old column, the new release the new one), so the snapshot after it
/// keeps the old column, marked `replaced_by` the new one. While a rename is in progress both columns have
/// no `DEFAULT` (the generated code writes every field on insert, and the trigger fills the column the
/// writer did not know; a column left to its default could not be told from one written); the new column
/// gets the spec's default with the contract, which drops the old column, the trigger and its function
/// (`migrate new --contract`), after the deploy.
enum PendingRenames {
    /// The trigger function that keeps `column` and the column it replaces in step: `taxigen_sync_<table>_<column>`.
    static func functionName(table: String, column: String) -> String {
        DerivedNames.fit("taxigen_sync_\(table)_\(column)")
    }

    /// Its trigger: `trg_<table>_sync_<column>`.
    static func triggerName(table: String, column: String) -> String {
        DerivedNames.fit("trg_\(table)_sync_\(column)")
    }

    /// The renames in progress in a table of a snapshot (old column → the one replacing it).
    static func inProgress(_ table: TableSnapshot) -> [Rename] {
        table.columns.compactMap { column in column.replacedBy.map { Rename(from: column.name, to: $0) } }
    }

    /// The table a migration leads to: the specs' table, plus for each rename in progress (`renames`, whose old
    /// columns are in `old`) the old column with its indexes and CHECKs, and both columns without a default.
    static func target(old: TableSnapshot, spec: TableSnapshot, renames: [Rename]) -> TableSnapshot {
        guard !renames.isEmpty else { return spec }
        var columns = spec.columns
        var indexes = spec.indexes
        var checks = spec.checks
        for rename in renames {
            guard let before = old.column(named: rename.from), let position = columns.firstIndex(where: { $0.name == rename.to }) else { continue }
            columns[position].defaultExpression = nil
            var kept = before
            kept.replacedBy = rename.to
            kept.defaultExpression = nil
            kept.deprecated = false
            kept.nullable = before.nullable || columns[position].nullable
            columns.append(kept)
            indexes += old.indexes.filter { $0.columns.contains(rename.from) && spec.index(named: $0.name) == nil }
            checks += old.checks.filter { $0.column == rename.from && spec.check(named: $0.name) == nil }
        }
        var table = spec
        table = TableSnapshot(name: spec.name, comment: spec.comment, primaryKey: spec.primaryKey,
                              primaryKeyConstraint: spec.primaryKeyConstraint, trigger: spec.trigger, columns: columns,
                              checks: checks, indexes: indexes, tenancy: spec.tenancy, history: spec.history)
        table.appendOnly = spec.appendOnly
        return table
    }

    /// The body of the trigger function: on INSERT the column the writer set fills the other (the new one wins
    /// when both are set; a NOT NULL column left NULL by both, by hand-written SQL, gets `defaultExpression`, the old column's default); on UPDATE the column
    /// that changed is copied to the other (the new one wins when both changed).
    static func function(table: String, old: ColumnSnapshot, new: ColumnSnapshot, defaultExpression: String?) -> String {
        let name = Naming.sqlIdentifier(functionName(table: table, column: new.name))
        let (o, n) = ("NEW.\(old.sqlName)", "NEW.\(new.sqlName)")
        var insert = """
                    IF \(n) IS NULL THEN
                        \(n) := \(o);
                    ELSE
                        \(o) := \(n);
                    END IF;
            """
        if let defaultExpression, !new.nullable {
            insert += """

                    IF \(n) IS NULL THEN
                        \(n) := \(defaultExpression);
                        \(o) := \(n);
                    END IF;
            """
        }
        return """
            CREATE OR REPLACE FUNCTION \(name)() RETURNS trigger
            LANGUAGE plpgsql AS $sync$
            BEGIN
                IF TG_OP = 'INSERT' THEN
            \(insert)
                ELSIF \(n) IS DISTINCT FROM OLD.\(new.sqlName) THEN
                    \(o) := \(n);
                ELSIF \(o) IS DISTINCT FROM OLD.\(old.sqlName) THEN
                    \(n) := \(o);
                END IF;
                RETURN NEW;
            END
            $sync$
            """
    }

    /// `CREATE TRIGGER … BEFORE INSERT OR UPDATE … EXECUTE FUNCTION …`.
    static func createTrigger(table: TableSnapshot, column: String) -> String {
        "CREATE TRIGGER \(Naming.sqlIdentifier(triggerName(table: table.name, column: column))) BEFORE INSERT OR UPDATE ON \(table.sqlName) "
            + "FOR EACH ROW EXECUTE FUNCTION \(Naming.sqlIdentifier(functionName(table: table.name, column: column)))()"
    }

    /// `DROP TRIGGER IF EXISTS … ON …`.
    static func dropTrigger(table: TableSnapshot, column: String) -> String {
        "DROP TRIGGER IF EXISTS \(Naming.sqlIdentifier(triggerName(table: table.name, column: column))) ON \(table.sqlName)"
    }

    /// `DROP FUNCTION IF EXISTS …()`.
    static func dropFunction(table: TableSnapshot, column: String) -> String {
        AlterSQL.dropFunction(Naming.sqlIdentifier(functionName(table: table.name, column: column)))
    }
}

extension SchemaDiff {
    /// The schema a migration leaves, for its `snapshot.json`: the specs' snapshot, each altered table as
    /// its diff leads to it, and each other table with its renames in progress carried on (`old` is the last
    /// migration's snapshot). Without renames in progress it is the specs' snapshot.
    public func resultingSnapshot(from old: SchemaSnapshot, to schema: Schema, spec: SchemaSnapshot? = nil) -> SchemaSnapshot {
        let spec = spec ?? SchemaSnapshot(schema: schema)
        let altered = Dictionary(alteredTables.map { ($0.new.name, $0.new) }, uniquingKeysWith: { first, _ in first })
        let tables = spec.tables.map { table -> TableSnapshot in
            if let after = altered[table.name] { return after }
            guard let before = old.table(named: table.name) else { return table }
            return PendingRenames.target(old: before, spec: table, renames: PendingRenames.inProgress(before))
        }
        return SchemaSnapshot(extensions: spec.extensions, functions: spec.functions, tables: tables)
    }
}
