/// The statements a migration writes for changes to existing objects. Names come quoted where needed
/// (the snapshots' `sqlName`); types, defaults and CHECK bodies come from the snapshots, which the DDL
/// helpers wrote.
enum AlterSQL {
    /// `ALTER TABLE t ADD COLUMN c type NULL|NOT NULL [DEFAULT x]`.
    static func addColumn(_ table: String, _ column: ColumnSnapshot, notNull: Bool, defaultExpression: String?) -> String {
        var sql = "ALTER TABLE \(table) ADD COLUMN \(column.sqlName) \(column.type) " + (notNull ? "NOT NULL" : "NULL")
        if let defaultExpression { sql += " DEFAULT \(defaultExpression)" }
        return sql
    }

    /// `ALTER TABLE t DROP COLUMN c`.
    static func dropColumn(_ table: String, _ column: String) -> String {
        "ALTER TABLE \(table) DROP COLUMN \(column)"
    }

    /// `ALTER TABLE t RENAME COLUMN a TO b`.
    static func renameColumn(_ table: String, from: String, to: String) -> String {
        "ALTER TABLE \(table) RENAME COLUMN \(from) TO \(to)"
    }

    /// `ALTER TABLE t ALTER COLUMN c TYPE type [USING expression]`.
    static func alterType(_ table: String, _ column: String, to type: String, using: String?) -> String {
        "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(type)" + (using.map { " USING \($0)" } ?? "")
    }

    /// `ALTER TABLE t ALTER COLUMN c SET DEFAULT x`, or `DROP DEFAULT` for nil.
    static func setDefault(_ table: String, _ column: String, _ expression: String?) -> String {
        guard let expression else { return "ALTER TABLE \(table) ALTER COLUMN \(column) DROP DEFAULT" }
        return "ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT \(expression)"
    }

    /// `ALTER TABLE t ALTER COLUMN c SET NOT NULL`.
    static func setNotNull(_ table: String, _ column: String) -> String {
        "ALTER TABLE \(table) ALTER COLUMN \(column) SET NOT NULL"
    }

    /// `ALTER TABLE t ALTER COLUMN c DROP NOT NULL`.
    static func dropNotNull(_ table: String, _ column: String) -> String {
        "ALTER TABLE \(table) ALTER COLUMN \(column) DROP NOT NULL"
    }

    /// How many rows one batch of a backfill updates (one transaction each).
    static let backfillBatchSize = 1000

    /// The setting that tells the touch trigger a statement is maintenance, not a business change: while it
    /// is `on` (`SET LOCAL`, one transaction), `taxiway_touch_row()` keeps each row's `version` and `updated_at`.
    public static let maintenanceSetting = "taxiway.maintenance"

    /// The backfill `UPDATE t SET c = x WHERE c IS NULL`, in batches of `backfillBatchSize` rows by key
    /// (`key > last`, the primary key's index), each batch its own transaction (a `DO` block that commits
    /// after each, so it runs outside a transaction), with `taxiway.maintenance` on in each: the touch
    /// trigger leaves `version` and `updated_at` alone. It starts at the first row still NULL, so run again
    /// after a failure (or after `statement_timeout`, which counts the whole block as one statement), it
    /// keeps the batches already committed and fills the rest.
    static func batchedBackfill(_ table: String, key: String, _ column: String, with expression: String) -> String {
        let setMaintenance = "PERFORM set_config('\(maintenanceSetting)', 'on', true);"
        return """
            DO $backfill$
            DECLARE
                taxigen_last \(table).\(key)%TYPE;
                taxigen_batch_last \(table).\(key)%TYPE;
            BEGIN
                \(setMaintenance)
                SELECT \(key) INTO taxigen_last FROM \(table) WHERE \(column) IS NULL ORDER BY \(key) LIMIT 1;
                IF taxigen_last IS NULL THEN
                    RETURN;
                END IF;
                UPDATE \(table) SET \(column) = \(expression) WHERE \(key) = taxigen_last AND \(column) IS NULL;
                LOOP
                    WITH taxigen_batch AS (
                        SELECT \(key) FROM \(table) WHERE \(key) > taxigen_last ORDER BY \(key) LIMIT \(backfillBatchSize)
                    ), taxigen_filled AS (
                        UPDATE \(table) SET \(column) = \(expression) FROM taxigen_batch
                        WHERE \(table).\(key) = taxigen_batch.\(key) AND \(table).\(column) IS NULL
                    )
                    SELECT \(key) INTO taxigen_batch_last FROM taxigen_batch ORDER BY \(key) DESC LIMIT 1;
                    EXIT WHEN taxigen_batch_last IS NULL;
                    taxigen_last := taxigen_batch_last;
                    COMMIT;
                    \(setMaintenance)
                END LOOP;
            END
            $backfill$
            """
    }

    /// `ALTER TABLE t ADD CONSTRAINT name CHECK (…) NOT VALID`: new rows are checked at once, existing ones by `validate`.
    static func addCheckNotValid(_ table: String, _ name: String, _ expression: String) -> String {
        "ALTER TABLE \(table) ADD CONSTRAINT \(Naming.sqlIdentifier(name)) CHECK (\(expression)) NOT VALID"
    }

    /// `ALTER TABLE t VALIDATE CONSTRAINT name`.
    static func validate(_ table: String, _ name: String) -> String {
        "ALTER TABLE \(table) VALIDATE CONSTRAINT \(Naming.sqlIdentifier(name))"
    }

    /// `ALTER TABLE t DROP CONSTRAINT name`.
    static func dropConstraint(_ table: String, _ name: String) -> String {
        "ALTER TABLE \(table) DROP CONSTRAINT \(Naming.sqlIdentifier(name))"
    }

    /// `ALTER TABLE t RENAME CONSTRAINT a TO b`.
    static func renameConstraint(_ table: String, from: String, to: String) -> String {
        "ALTER TABLE \(table) RENAME CONSTRAINT \(Naming.sqlIdentifier(from)) TO \(Naming.sqlIdentifier(to))"
    }

    /// `ALTER INDEX a RENAME TO b`.
    static func renameIndex(from: String, to: String) -> String {
        "ALTER INDEX \(Naming.sqlIdentifier(from)) RENAME TO \(Naming.sqlIdentifier(to))"
    }

    /// The DDL's `CREATE [UNIQUE] INDEX name …` as `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS name …`,
    /// or under another name.
    static func createIndexConcurrently(_ index: IndexSnapshot, named name: String? = nil) -> String {
        for prefix in ["CREATE UNIQUE INDEX ", "CREATE INDEX "] where index.definition.hasPrefix(prefix) {
            var rest = String(index.definition.dropFirst(prefix.count))
            if let name, rest.hasPrefix(Naming.sqlIdentifier(index.name) + " ") {
                rest = Naming.sqlIdentifier(name) + rest.dropFirst(Naming.sqlIdentifier(index.name).count)
            }
            return prefix + "CONCURRENTLY IF NOT EXISTS " + rest
        }
        return index.definition
    }

    /// On PostgreSQL 18 and later, which names each NOT NULL constraint (`<table>_<column>_not_null`) when it
    /// makes it and keeps the name through `RENAME`: gives the NOT NULL constraints of `tables` the names a fresh
    /// database gives them, after a table or column rename. The name is `ChooseConstraintName`'s:
    /// `makeObjectName` (the longer of table and column cut a byte at a time to fit 63 bytes with the label),
    /// the label numbered while the name is taken, columns in table order. Earlier servers have no such
    /// constraints, and the block does nothing there.
    static func renameNotNullConstraints(_ tables: [String]) -> String {
        let names = tables.map(SQLLiteral.string).joined(separator: ", ")
        return """
            DO $notnull$
            DECLARE
                taxigen_table text;
                taxigen_constraint record;
                taxigen_label text;
                taxigen_target text;
                taxigen_pass int;
                taxigen_first int;
                taxigen_second int;
            BEGIN
                IF current_setting('server_version_num')::int < 180000 THEN
                    RETURN;
                END IF;
                FOREACH taxigen_table IN ARRAY ARRAY[\(names)]::text[] LOOP
                    -- A table left out of this database (migrate --without-vector) has nothing to rename.
                    CONTINUE WHEN to_regclass(quote_ident(taxigen_table)) IS NULL;
                    FOR taxigen_constraint IN
                        SELECT con.oid, con.conname::text AS name FROM pg_catalog.pg_constraint con
                        WHERE con.conrelid = quote_ident(taxigen_table)::regclass AND con.contype = 'n'
                    LOOP
                        EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', taxigen_table, taxigen_constraint.name,
                                       'taxigen_not_null_' || taxigen_constraint.oid);
                    END LOOP;
                    FOR taxigen_constraint IN
                        SELECT con.oid, con.connamespace, a.attname::text AS column_name FROM pg_catalog.pg_constraint con
                        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
                        WHERE con.conrelid = quote_ident(taxigen_table)::regclass AND con.contype = 'n' ORDER BY a.attnum
                    LOOP
                        taxigen_pass := 0;
                        LOOP
                            taxigen_label := 'not_null' || CASE WHEN taxigen_pass > 0 THEN taxigen_pass::text ELSE '' END;
                            taxigen_first := length(taxigen_table);
                            taxigen_second := length(taxigen_constraint.column_name);
                            WHILE taxigen_first + taxigen_second > 61 - length(taxigen_label) LOOP
                                IF taxigen_first > taxigen_second THEN taxigen_first := taxigen_first - 1;
                                ELSE taxigen_second := taxigen_second - 1;
                                END IF;
                            END LOOP;
                            taxigen_target := left(taxigen_table, taxigen_first) || '_' || left(taxigen_constraint.column_name, taxigen_second)
                                              || '_' || taxigen_label;
                            EXIT WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_constraint
                                                  WHERE conname = taxigen_target AND connamespace = taxigen_constraint.connamespace);
                            taxigen_pass := taxigen_pass + 1;
                        END LOOP;
                        EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT %I TO %I', taxigen_table,
                                       'taxigen_not_null_' || taxigen_constraint.oid, taxigen_target);
                    END LOOP;
                END LOOP;
            END
            $notnull$
            """
    }

    /// `DROP INDEX CONCURRENTLY IF EXISTS name`.
    static func dropIndexConcurrently(_ name: String) -> String {
        "DROP INDEX CONCURRENTLY IF EXISTS \(Naming.sqlIdentifier(name))"
    }

    /// `DROP TABLE t`.
    static func dropTable(_ table: String) -> String {
        "DROP TABLE \(table)"
    }

    /// `COMMENT ON TABLE t IS …` (NULL removes it).
    static func commentOnTable(_ table: String, _ text: String?) -> String {
        "COMMENT ON TABLE \(table) IS " + (text.map(SQLLiteral.string) ?? "NULL")
    }

    /// `COMMENT ON COLUMN t.c IS …` (NULL removes it).
    static func commentOnColumn(_ table: String, _ column: String, _ text: String?) -> String {
        "COMMENT ON COLUMN \(table).\(column) IS " + (text.map(SQLLiteral.string) ?? "NULL")
    }

    /// `CREATE EXTENSION IF NOT EXISTS name`.
    static func createExtension(_ name: String) -> String {
        "CREATE EXTENSION IF NOT EXISTS \(name)"
    }

    /// `DROP EXTENSION IF EXISTS name` (without CASCADE: it fails while anything uses the extension).
    static func dropExtension(_ name: String) -> String {
        "DROP EXTENSION IF EXISTS \(name)"
    }

    /// `DROP FUNCTION IF EXISTS name()`.
    static func dropFunction(_ name: String) -> String {
        "DROP FUNCTION IF EXISTS \(name)()"
    }

    /// The name of the helper CHECK that proves a column holds no NULL before `SET NOT NULL`:
    /// `ck_<table>_<column>_not_null`, or a shortened name with a digest when that passes 63 bytes.
    static func notNullCheckName(table: String, column: String) -> String {
        let name = "ck_\(table)_\(column)_not_null"
        guard name.utf8.count > Naming.maxIdentifierBytes else { return name }
        let digest = SHA256.hex(of: Array(name.utf8)).prefix(10)
        return "ck_nn_" + String(name.dropFirst(3).prefix(Naming.maxIdentifierBytes - 17)) + "_" + digest
    }

    /// Whether a default expression gives each row its own value (so adding it would rewrite the table).
    static func isVolatile(_ expression: String) -> Bool {
        expression.contains("gen_random_uuid()")
    }
}
