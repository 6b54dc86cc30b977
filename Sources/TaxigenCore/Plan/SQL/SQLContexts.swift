/// Render context of `schema.sql`: the whole PostgreSQL schema of a set of entities, as one script.
struct SchemaSQLContext: Sendable, Encodable {
    let header: FileHeader
    /// The lines of the comment under the header (without the `-- ` marker).
    let introLines: [String]
    /// Whether the script creates the pgvector extension.
    let usesVector: Bool
    /// `CREATE EXTENSION IF NOT EXISTS vector;`, or empty.
    let extensionStatement: String
    /// The name of the shared trigger function.
    let touchFunction: String
    /// Whether any table has a history (and so the script creates the history guard function).
    let usesHistory: Bool
    /// The comment lines above the history guard function (without the `-- ` marker).
    let historyGuardComments: [String]
    /// `CREATE OR REPLACE FUNCTION taxiway_history_guard() …;`, or empty.
    let historyGuardFunction: String
    /// Whether any table is append-only (and so the script creates the function its triggers run).
    let usesAppendOnly: Bool
    /// The comment lines above the append-only function (without the `-- ` marker).
    let appendOnlyFunctionComments: [String]
    /// `CREATE OR REPLACE FUNCTION taxiway_refuse_append_only_change() …;`, or empty.
    let appendOnlyFunction: String
    /// One table per entity, in `Schema` order.
    let tables: [TableSQLContext]
}

/// Everything one entity's table needs: the table, its trigger, indexes and comments.
struct TableSQLContext: Sendable, Encodable {
    /// The banner comment's text: entity, spec and table.
    let banner: String
    /// The table name as written in SQL (quoted where PostgreSQL reserves it).
    let tableName: String
    /// The column definitions, aligned, each ending with a comma.
    let columns: [String]
    /// The table constraints (primary key, CHECKs), the last without a trailing comma.
    let constraints: [String]
    /// `CREATE TRIGGER …;`
    let trigger: String
    /// `CREATE [UNIQUE] INDEX …;` in `Schema` order.
    let indexes: [String]
    /// A tenant-scoped table's `ENABLE` and `FORCE ROW LEVEL SECURITY` and its `CREATE POLICY`; empty otherwise.
    let rowSecurity: [String]
    /// Whether there is any row-security statement.
    let hasRowSecurity: Bool
    /// `COMMENT ON …;` for the table and its described columns.
    let comments: [String]
    /// Whether there is any comment statement.
    let hasComments: Bool
    /// `history: true`: the history table, its recording function and trigger, its guards (`HistoryDDL`),
    /// each ending with `;`; empty otherwise.
    let history: [String]
    /// Whether there is any history statement.
    let hasHistory: Bool
    /// ` PARTITION BY RANGE (created_at)` for a partitioned append-only table, else empty.
    let partitionClause: String
    /// A partitioned table's maintenance functions and first call (`AppendOnlyDDL`), each ending with `;`.
    let maintenance: [String]
    /// The comment lines above them (without the `-- ` marker).
    let maintenanceComments: [String]
    /// Whether there is any maintenance statement.
    let hasMaintenance: Bool
}
