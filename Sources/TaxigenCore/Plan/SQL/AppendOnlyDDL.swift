/// The SQL of `append_only:`, written once for `schema.sql` and for migrations: the trigger that refuses every
/// UPDATE, DELETE and TRUNCATE (in place of the touch trigger), the shared function behind it, and for a
/// partitioned table its `PARTITION BY RANGE (created_at)`, its primary key `(key, created_at)` and its two
/// maintenance functions.
///
/// The refusal is SQLSTATE 42501 (`insufficient_privilege`) whatever the role's privileges; only the table's
/// owner with `taxiway.maintenance = 'on'` (a migration's backfill, a key rotation's reseal) may change rows.
/// Partitions are named `<table>_pYYYYMMDD` after their first day (UTC) and cover one UTC day, ISO week or
/// calendar month; the table has no DEFAULT partition, so a row whose time has no partition is refused
/// (SQLSTATE 23514) rather than parked where creating its partition later would fail.
public enum AppendOnlyDDL {
    /// The shared trigger function of every append-only table.
    public static let refuseFunction = "taxiway_refuse_append_only_change"

    /// `CREATE OR REPLACE FUNCTION taxiway_refuse_append_only_change() …`, without its final `;`.
    public static var refuseFunctionStatement: String {
        """
        CREATE OR REPLACE FUNCTION \(refuseFunction)() RETURNS trigger
            LANGUAGE plpgsql
        AS $$
        BEGIN
            IF current_setting('taxiway.maintenance', true) = 'on'
               AND pg_has_role((SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'table % is append-only: % is refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'rows of an append-only table are only ever inserted; archive old rows by detaching partitions';
        END;
        $$
        """
    }

    /// The comment lines above the shared function in `schema.sql` and in migrations.
    public static let refuseFunctionComments = [
        "Keeps every append-only table append-only: UPDATE, DELETE and TRUNCATE are refused (SQLSTATE 42501),",
        "whatever the role's privileges; only the table's owner with taxiway.maintenance = 'on' (a migration's",
        "backfill, a key rotation's reseal) may change rows.",
    ]

    /// The triggers of an append-only table (each without its final `;`): every UPDATE and DELETE row and
    /// every TRUNCATE is refused. On a partitioned table they are cloned to every partition.
    public static func triggers(for entity: Entity) -> [String] {
        let name = DerivedNames.appendOnlyTrigger(table: entity.tableName)
        return [
            "CREATE TRIGGER \(Naming.sqlIdentifier(name)) BEFORE UPDATE OR DELETE ON \(entity.sqlTableName) "
                + "FOR EACH ROW EXECUTE FUNCTION \(refuseFunction)()",
            "CREATE TRIGGER \(Naming.sqlIdentifier(DerivedNames.fit(name + "_truncate"))) BEFORE TRUNCATE ON \(entity.sqlTableName) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION \(refuseFunction)()",
        ]
    }

    /// The columns of the primary key: the key, and for a partitioned table the partition column too
    /// (PostgreSQL requires a partitioned table's unique constraints to hold its partition key).
    public static func primaryKeyColumns(of entity: Entity) -> [String] {
        guard let partitioning = entity.traits.appendOnly?.partitioning,
              let time = entity.column(named: partitioning.column) else { return [entity.primaryKey.sqlName] }
        return [entity.primaryKey.sqlName, time.sqlName]
    }

    /// ` PARTITION BY RANGE (created_at)` for a partitioned table, else empty.
    public static func partitionClause(of entity: Entity) -> String {
        guard let partitioning = entity.traits.appendOnly?.partitioning else { return "" }
        return " PARTITION BY RANGE (\(Naming.sqlIdentifier(partitioning.column)))"
    }

    /// A partitioned table's maintenance: its two functions and the first call that creates the current
    /// partition and `ahead` more (each without its final `;`); empty for a plain table.
    public static func maintenance(for entity: Entity) -> [String] {
        guard let partitioning = entity.traits.appendOnly?.partitioning else { return [] }
        return [createPartitionsFunction(entity, partitioning), detachPartitionsFunction(entity, partitioning),
                "SELECT count(*) FROM \(DerivedNames.createPartitionsFunction(table: entity.tableName))()"]
    }

    /// The comment above a partitioned table's maintenance functions.
    public static func maintenanceComments(for entity: Entity) -> [String] {
        guard let partitioning = entity.traits.appendOnly?.partitioning else { return [] }
        let create = DerivedNames.createPartitionsFunction(table: entity.tableName)
        let detach = DerivedNames.detachPartitionsFunction(table: entity.tableName)
        return [
            "Partitions of \(entity.tableName), one per UTC \(partitioning.interval.rawValue), named \(entity.tableName)_pYYYYMMDD. Run",
            "SELECT * FROM \(create)(); from a scheduled job (at least once per \(partitioning.interval.rawValue)): it creates the",
            "current partition and the next \(partitioning.ahead) (or the count given) that are missing, and returns their names.",
            "SELECT * FROM \(detach)(older_than); detaches the partitions that end at or before older_than",
            "and returns their names: they stay as plain tables, with their rows, to archive and drop.",
        ]
    }

    /// The SQL expression of the start of the interval holding `time` (UTC).
    private static func truncated(_ interval: AppendOnlyTrait.Interval, _ time: String) -> String {
        "date_trunc('\(interval.rawValue)', \(time), 'UTC')"
    }

    /// The SQL interval literal of one partition.
    private static func step(_ interval: AppendOnlyTrait.Interval) -> String {
        switch interval {
        case .day: "interval '1 day'"
        case .week: "interval '7 days'"
        case .month: "interval '1 month'"
        }
    }

    /// The table name as a SQL string literal (for `to_regclass` and partition names).
    private static func literal(_ text: String) -> String { SQLLiteral.string(text) }

    /// For a tenant-scoped table, the statements of `create_partitions` that give each new partition the parent's
    /// row-level security (enabled, forced, the tenant policy): queries through the parent are held to the
    /// parent's policy, but a statement that names a partition is held to the partition's own.
    private static func partitionRowSecurity(_ entity: Entity) -> String {
        guard let key = entity.traits.tenantKey else { return "" }
        let condition = literal(TenancyDDL.condition(key: key))
        let indent = "\n            "
        return indent + "EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', parent_schema, partition_name);"
            + indent + "EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', parent_schema, partition_name);"
            + indent + "EXECUTE format('CREATE POLICY \(TenancyDDL.policyName) ON %I.%I USING (%s) WITH CHECK (%s)',"
            + indent + "               parent_schema, partition_name, \(condition),"
            + indent + "               \(condition));"
    }

    private static func createPartitionsFunction(_ entity: Entity, _ partitioning: AppendOnlyTrait.Partitioning) -> String {
        let name = Naming.sqlIdentifier(DerivedNames.createPartitionsFunction(table: entity.tableName))
        return """
            CREATE FUNCTION \(name)(ahead integer DEFAULT \(partitioning.ahead)) RETURNS SETOF text
                LANGUAGE plpgsql
            AS $$
            DECLARE
                parent regclass := \(literal(entity.sqlTableName))::regclass;
                parent_schema name := (SELECT n.nspname FROM pg_catalog.pg_class c
                                       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent);
                period_start timestamptz := \(truncated(partitioning.interval, "now()"));
                period_end timestamptz;
                partition_name text;
            BEGIN
                IF ahead IS NULL OR ahead < 0 OR ahead > 1000 THEN
                    RAISE EXCEPTION 'ahead must be between 0 and 1000, not %', ahead USING ERRCODE = 'invalid_parameter_value';
                END IF;
                FOR step IN 0..ahead LOOP
                    period_end := period_start + \(step(partitioning.interval));
                    partition_name := \(literal(entity.tableName + "_p")) || to_char(period_start AT TIME ZONE 'UTC', 'YYYYMMDD');
                    IF to_regclass(format('%I.%I', parent_schema, partition_name)) IS NULL THEN
                        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                                       parent_schema, partition_name, parent, period_start, period_end);\(partitionRowSecurity(entity))
                        RETURN NEXT partition_name;
                    END IF;
                    period_start := period_end;
                END LOOP;
            END;
            $$
            """
    }

    private static func detachPartitionsFunction(_ entity: Entity, _ partitioning: AppendOnlyTrait.Partitioning) -> String {
        let name = Naming.sqlIdentifier(DerivedNames.detachPartitionsFunction(table: entity.tableName))
        return """
            CREATE FUNCTION \(name)(older_than timestamptz) RETURNS SETOF text
                LANGUAGE plpgsql
            AS $$
            DECLARE
                parent regclass := \(literal(entity.sqlTableName))::regclass;
                part record;
            BEGIN
                IF older_than IS NULL THEN
                    RAISE EXCEPTION 'older_than must not be NULL' USING ERRCODE = 'invalid_parameter_value';
                END IF;
                FOR part IN
                    SELECT c.oid::regclass AS partition,
                           substring(pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM 'TO \\(''([^'']+)''\\)')::timestamptz AS upper_bound
                    FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = parent
                    ORDER BY 2
                LOOP
                    CONTINUE WHEN part.upper_bound IS NULL OR part.upper_bound > older_than;
                    EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, part.partition);
                    RETURN NEXT part.partition::text;
                END LOOP;
            END;
            $$
            """
    }
}
