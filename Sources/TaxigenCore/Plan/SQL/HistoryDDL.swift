/// The SQL of `history: true`, written once for `schema.sql` and for migrations: the history table, its index,
/// the entity's recording function and trigger, the guard triggers and the shared guard function.
///
/// What it records, and why:
/// - one row per INSERT (`insert`), UPDATE (`update`; `delete` when it sets `deleted_at`, `restore` when it
///   clears it) and DELETE (`hard_delete`, the old row), written by an `AFTER … FOR EACH ROW` trigger, so
///   hand-written SQL is recorded as the repository's statements are;
/// - the row as stored (sealed fields stay ciphertext, lookup digests stay digests), its `version`, the
///   time the row was written (`clock_timestamp()`) and the principal
///   `taxiway.principal` (`unknown` without one);
/// - not the UPDATEs a migration's backfill makes with `taxiway.maintenance = 'on'` as the table's owner (they
///   keep the version; they are not business changes). The same setting from any other role is ignored:
///   the application role cannot switch the history off.
///
/// The history table refuses UPDATE, DELETE, TRUNCATE and INSERTs not made by the recording trigger
/// (SQLSTATE 42501), except for its owner with `taxiway.maintenance = 'on'` (pruning, erasure).
///
/// The history of a tenant-scoped entity copies the tenant key with the row (right after the key, as in the
/// table) and has the entity's row-level security, enabled and forced with the same `tenant_isolation`
/// policy: a caller reads only its tenant's entries, and the recording trigger (which runs as the role making
/// the change) writes an entry only when it passes the policy's `WITH CHECK`, which the row's own tenant does.
public enum HistoryDDL {
    /// `CREATE OR REPLACE FUNCTION taxiway_history_guard() …`, without its final `;`.
    public static var guardFunction: String {
        """
        CREATE OR REPLACE FUNCTION \(HistoryNames.guardFunction)() RETURNS trigger
            LANGUAGE plpgsql
        AS $$
        BEGIN
            IF current_setting('taxiway.maintenance', true) = 'on' THEN
                IF pg_has_role((SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                END IF;
            END IF;
            IF TG_OP = 'INSERT' AND pg_trigger_depth() > 1 THEN
                RETURN NEW;
            END IF;
            IF TG_NARGS > 0 THEN
                RAISE EXCEPTION 'table % has a history: TRUNCATE is refused, it would remove rows unrecorded', TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege', HINT = 'DELETE the rows: each is recorded as a hard_delete';
            END IF;
            RAISE EXCEPTION 'history table % is append-only: % is refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'history rows are written by the trigger of the entity''s table; its owner may prune them with taxiway.maintenance on';
        END;
        $$
        """
    }

    /// The comment lines above the guard function in `schema.sql` and in migrations.
    public static let guardFunctionComments = [
        "Keeps every history table append-only: UPDATE, DELETE, TRUNCATE and INSERTs not made by a recording",
        "trigger are refused (SQLSTATE 42501), whatever the role's privileges; only the table's owner with",
        "taxiway.maintenance = 'on' may prune or erase history rows. Also refuses TRUNCATE of a table that has a",
        "history (called with an argument), which would remove its rows unrecorded.",
    ]

    /// Every statement of an entity's history, in order, each without its final `;`: the table, its index,
    /// the recording function and trigger, the guard triggers, the revoke, the comment and, for a tenant-scoped
    /// entity, the history's row-level security.
    public static func statements(for entity: Entity) -> [String] {
        [createTable(for: entity), createIndex(for: entity), recordFunction(for: entity), recordTrigger(for: entity),
         tableTruncateTrigger(for: entity)]
            + guardTriggers(of: entity.tableName) + [revoke(of: entity.tableName), comment(for: entity)]
            + (entity.traits.tenantKey.map { rowSecurity(of: entity.tableName, key: $0) } ?? [])
    }

    /// The columns a history copies from its entity's row, with their SQL types: every column of the table, the
    /// tenant key of a tenant-scoped entity right after the key (where the table has it).
    static func copiedColumns(of entity: Entity) -> [(sqlName: String, type: String)] {
        var columns = entity.columns.map { (sqlName: $0.sqlName, type: SQLTypeMapping.type(of: $0)) }
        if let key = TenancyDDL.keyColumn(of: entity) {
            columns.insert((key.sqlName, key.type), at: min(1, columns.count))
        }
        return columns
    }

    /// The row-level security of the history of a tenant-scoped table, each statement without its `;`: enabled,
    /// forced and the same `tenant_isolation` policy as the table's (`USING` for reads, `WITH CHECK` for the
    /// recording trigger's inserts). UPDATE and DELETE stay refused by the guard trigger.
    public static func rowSecurity(of table: String, key: String) -> [String] {
        let history = sqlTable(of: table)
        return [TenancyDDL.enable(history), TenancyDDL.force(history), TenancyDDL.createPolicy(history, key: key)]
    }

    /// The statements that take a history's row-level security away again (when its entity stops being
    /// tenant-scoped), each without its `;`.
    static func dropRowSecurity(of table: String) -> [String] {
        let history = sqlTable(of: table)
        return [TenancyDDL.dropPolicy(history), TenancyDDL.noForce(history), TenancyDDL.disable(history)]
    }

    /// The statement that gives the history entries written before the entity became tenant-scoped the tenant
    /// of their row (entries of rows deleted since keep none, and no tenant sees them). It runs as the tables'
    /// owner with `taxiway.maintenance` on, which the history's guard lets through, and without the tenancy
    /// guard's role (superuser or BYPASSRLS) it would see no entry.
    static func tenantBackfill(of table: String, key: String, tenantKey: String) -> String {
        let history = sqlTable(of: table)
        let sqlKey = Naming.sqlIdentifier(key)
        let sqlTenant = Naming.sqlIdentifier(tenantKey)
        return """
            DO $history$
            BEGIN
                PERFORM set_config('taxiway.maintenance', 'on', true);
                UPDATE \(history) AS h SET \(sqlTenant) = t.\(sqlTenant)
                    FROM \(Naming.sqlIdentifier(table)) AS t
                    WHERE h.\(sqlKey) = t.\(sqlKey) AND h.\(sqlTenant) IS NULL;
                PERFORM set_config('taxiway.maintenance', 'off', true);
            END
            $history$
            """
    }

    /// The history table's SQL name.
    static func sqlTable(of table: String) -> String { Naming.sqlIdentifier(HistoryNames.table(of: table)) }

    /// `CREATE TABLE <table>_history (…)`: the four history columns, then every column of the entity's table
    /// (its tenant key included) with its type, all nullable and without defaults (a column added later is
    /// NULL in older entries).
    public static func createTable(for entity: Entity) -> String {
        let table = entity.tableName
        var definitions = [
            (HistoryNames.idColumn, "bigint", "GENERATED ALWAYS AS IDENTITY"),
            (HistoryNames.operationColumn, "text", "NOT NULL"),
            (HistoryNames.timeColumn, "timestamptz", "NOT NULL"),
            (HistoryNames.principalColumn, "text", "NOT NULL"),
        ]
        definitions += copiedColumns(of: entity).map { ($0.sqlName, $0.type, "NULL") }
        let nameWidth = definitions.map(\.0.count).max() ?? 0
        let typeWidth = definitions.map(\.1.count).max() ?? 0
        var lines = definitions.map { name, type, tail in
            "    " + pad(name, nameWidth) + " " + pad(type, typeWidth) + " " + tail + ","
        }
        let operations = HistoryNames.operations.map { "'\($0)'" }.joined(separator: ", ")
        lines.append("")
        lines.append("    CONSTRAINT \(Naming.sqlIdentifier(HistoryNames.primaryKey(of: table))) PRIMARY KEY (\(HistoryNames.idColumn)),")
        lines.append("    CONSTRAINT \(Naming.sqlIdentifier(HistoryNames.operationCheck(of: table))) "
                     + "CHECK (\(HistoryNames.operationColumn) IN (\(operations)))")
        return "CREATE TABLE \(sqlTable(of: table)) (\n" + lines.joined(separator: "\n") + "\n)"
    }

    /// `CREATE INDEX ix_<history>_<key> ON <history> USING btree (<key>, history_id)`: one entity's entries in
    /// order, for its pages and its reads at a version or a time.
    public static func createIndex(for entity: Entity) -> String {
        let key = entity.primaryKey
        return "CREATE INDEX \(Naming.sqlIdentifier(HistoryNames.keyIndex(of: entity.tableName, key: key.name))) "
            + "ON \(sqlTable(of: entity.tableName)) USING btree (\(key.sqlName), \(HistoryNames.idColumn))"
    }

    /// `CREATE OR REPLACE FUNCTION taxiway_record_<table>() …`: writes one history row per changed row. It
    /// names every column, so it is written again whenever the entity's columns change.
    public static func recordFunction(for entity: Entity) -> String {
        recordFunction(table: entity.tableName, columns: copiedColumns(of: entity).map(\.sqlName),
                       deletedAt: entity.columns.first { $0.role == .deletedAt }?.sqlName ?? "deleted_at")
    }

    /// The recording function of `table`, copying `columns` (SQL names) into its history; `deletedAt` tells a
    /// soft delete and a restore from an update. The time is `clock_timestamp()` when the row is written: for
    /// one row, a later change (made once the earlier one committed, under the row's lock) always has a later
    /// time, so reads at a time agree with the order of the entries.
    static func recordFunction(table: String, columns: [String], deletedAt: String) -> String {
        let names = (Array(HistoryNames.metadataColumns.dropFirst()) + columns).joined(separator: ", ")
        let values = ["v_operation", "clock_timestamp()",
                      "coalesce(NULLIF(current_setting('taxiway.principal', true), ''), '\(HistoryNames.unknownPrincipal)')"]
            + columns.map { "v_row.\($0)" }
        return """
            CREATE OR REPLACE FUNCTION \(Naming.sqlIdentifier(HistoryNames.recordFunction(of: table)))() RETURNS trigger
                LANGUAGE plpgsql
            AS $$
            DECLARE
                v_operation text;
                v_row record;
            BEGIN
                IF TG_OP = 'UPDATE' AND current_setting('taxiway.maintenance', true) = 'on' THEN
                    IF pg_has_role((SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                        RETURN NULL;
                    END IF;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    v_operation := 'insert';
                    v_row := NEW;
                ELSIF TG_OP = 'DELETE' THEN
                    v_operation := 'hard_delete';
                    v_row := OLD;
                ELSE
                    v_row := NEW;
                    IF OLD.\(deletedAt) IS NULL AND NEW.\(deletedAt) IS NOT NULL THEN
                        v_operation := 'delete';
                    ELSIF OLD.\(deletedAt) IS NOT NULL AND NEW.\(deletedAt) IS NULL THEN
                        v_operation := 'restore';
                    ELSE
                        v_operation := 'update';
                    END IF;
                END IF;
                INSERT INTO \(sqlTable(of: table)) (\(names))
                VALUES (\(values.joined(separator: ", ")));
                RETURN NULL;
            END;
            $$
            """
    }

    /// `CREATE TRIGGER trg_<table>_history AFTER INSERT OR UPDATE OR DELETE ON <table> …`.
    public static func recordTrigger(for entity: Entity) -> String {
        "CREATE TRIGGER \(Naming.sqlIdentifier(HistoryNames.trigger(of: entity.tableName))) "
            + "AFTER INSERT OR UPDATE OR DELETE ON \(entity.sqlTableName) FOR EACH ROW EXECUTE FUNCTION "
            + "\(Naming.sqlIdentifier(HistoryNames.recordFunction(of: entity.tableName)))()"
    }

    /// `CREATE TRIGGER trg_<table>_no_truncate BEFORE TRUNCATE ON <table> …`: a TRUNCATE fires no row trigger.
    public static func tableTruncateTrigger(for entity: Entity) -> String {
        "CREATE TRIGGER \(Naming.sqlIdentifier(HistoryNames.tableTruncateTrigger(of: entity.tableName))) BEFORE TRUNCATE "
            + "ON \(entity.sqlTableName) FOR EACH STATEMENT EXECUTE FUNCTION \(HistoryNames.guardFunction)('recorded')"
    }

    /// The guard triggers of a history table: one per row for INSERT, UPDATE and DELETE, one per statement for
    /// TRUNCATE.
    public static func guardTriggers(of table: String) -> [String] {
        let history = sqlTable(of: table)
        return [
            "CREATE TRIGGER \(Naming.sqlIdentifier(HistoryNames.guardTrigger(of: table))) BEFORE INSERT OR UPDATE OR DELETE "
                + "ON \(history) FOR EACH ROW EXECUTE FUNCTION \(HistoryNames.guardFunction)()",
            "CREATE TRIGGER \(Naming.sqlIdentifier(HistoryNames.truncateTrigger(of: table))) BEFORE TRUNCATE "
                + "ON \(history) FOR EACH STATEMENT EXECUTE FUNCTION \(HistoryNames.guardFunction)()",
        ]
    }

    /// `REVOKE UPDATE, DELETE, TRUNCATE ON <history> FROM PUBLIC`: against default privileges granted to every
    /// role (an application role is granted SELECT and INSERT on it; see docs/ddl.md).
    public static func revoke(of table: String) -> String {
        "REVOKE UPDATE, DELETE, TRUNCATE ON \(sqlTable(of: table)) FROM PUBLIC"
    }

    /// `COMMENT ON TABLE <history> IS '…'`.
    public static func comment(for entity: Entity) -> String {
        "COMMENT ON TABLE \(sqlTable(of: entity.tableName)) IS "
            + SQLLiteral.string("The history of \(entity.tableName) (entity \(entity.name)): one row per insert, update, "
                + "soft delete, restore and hard delete, written by trigger \(HistoryNames.trigger(of: entity.tableName)); append-only.")
    }

    /// `DROP TRIGGER IF EXISTS trg_<table>_history ON <table>`, when the history is turned off.
    public static func dropTrigger(of table: String) -> String {
        "DROP TRIGGER IF EXISTS \(Naming.sqlIdentifier(HistoryNames.trigger(of: table))) ON \(Naming.sqlIdentifier(table))"
    }

    /// `DROP TRIGGER IF EXISTS trg_<table>_no_truncate ON <table>`, when the history is turned off.
    public static func dropTableTruncateTrigger(of table: String) -> String {
        "DROP TRIGGER IF EXISTS \(Naming.sqlIdentifier(HistoryNames.tableTruncateTrigger(of: table))) ON \(Naming.sqlIdentifier(table))"
    }

    /// `DROP FUNCTION IF EXISTS taxiway_record_<table>()`.
    public static func dropRecordFunction(of table: String) -> String {
        "DROP FUNCTION IF EXISTS \(Naming.sqlIdentifier(HistoryNames.recordFunction(of: table)))()"
    }

    /// `DROP TABLE IF EXISTS <history>`.
    public static func dropTable(of table: String) -> String {
        "DROP TABLE IF EXISTS \(sqlTable(of: table))"
    }

    /// `DROP FUNCTION IF EXISTS taxiway_history_guard()`.
    public static var dropGuardFunction: String { "DROP FUNCTION IF EXISTS \(HistoryNames.guardFunction)()" }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
