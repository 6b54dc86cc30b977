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
    /// `COMMENT ON …;` for the table and its described columns.
    let comments: [String]
    /// Whether there is any comment statement.
    let hasComments: Bool
}
