import PostgresNIO

/// Reads what a database really holds from pg_catalog, to compare with what the `Schema` asks for.
struct Catalog {
    /// A column as the catalog describes it.
    struct Column: Sendable, Equatable {
        let name: String
        /// `format_type(atttypid, atttypmod)`: `character varying(320)`, `timestamp with time zone`, …
        let type: String
        let isNotNull: Bool
        /// `pg_get_expr(adbin, adrelid)`, or nil without a default.
        let defaultExpression: String?
    }

    /// An index as the catalog describes it.
    struct Index: Sendable, Equatable {
        let name: String
        let columns: [String]
        let isUnique: Bool
        let isPrimary: Bool
        /// `pg_am.amname`: btree, gin, hnsw, …
        let accessMethod: String
        /// `pg_get_expr(indpred, indrelid)`, e.g. `(deleted_at IS NULL)`, or nil for a full index.
        let predicate: String?
        let operatorClasses: [String]
        /// `pg_indexes.indexdef`.
        let definition: String
    }

    /// A constraint as the catalog describes it.
    struct Constraint: Sendable, Equatable {
        let name: String
        /// `p`, `c`, `f`, `u`, `n` (PostgreSQL 18 records NOT NULL too), …
        let type: String
        let definition: String
    }

    /// A trigger as the catalog describes it.
    struct Trigger: Sendable, Equatable {
        let name: String
        let function: String
        /// `pg_trigger.tgtype`: 1 row, 2 before, 16 update, …
        let type: Int16
    }

    let connection: PostgresConnection

    /// The tables of the `public` schema, sorted.
    func tables() async throws -> [String] {
        try await connection.rows("SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1")
            .map { try $0.decode(String.self) }
    }

    /// The columns of a table in order (`table` as written in SQL, quoted where needed).
    func columns(of table: String) async throws -> [Column] {
        try await connection.rows("""
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = to_regclass(\(table)) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """).map {
            let (name, type, notNull, defaultExpression) = try $0.decode((String, String, Bool, String?).self)
            return Column(name: name, type: type, isNotNull: notNull, defaultExpression: defaultExpression)
        }
    }

    /// The indexes of a table, sorted by name.
    func indexes(of table: String) async throws -> [Index] {
        try await connection.rows("""
            SELECT i.relname::text, ix.indisunique, ix.indisprimary, am.amname::text, pg_get_expr(ix.indpred, ix.indrelid),
                   ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                         JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n),
                   ARRAY(SELECT o.opcname::text FROM unnest(ix.indclass) WITH ORDINALITY AS c(opclass, n)
                         JOIN pg_opclass o ON o.oid = c.opclass ORDER BY c.n),
                   pg_get_indexdef(ix.indexrelid)
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_am am ON am.oid = i.relam
            WHERE ix.indrelid = to_regclass(\(table))
            ORDER BY 1
            """).map {
            let (name, unique, primary, method, predicate, columns, classes, definition) =
                try $0.decode((String, Bool, Bool, String, String?, [String], [String], String).self)
            return Index(name: name, columns: columns, isUnique: unique, isPrimary: primary, accessMethod: method,
                         predicate: predicate, operatorClasses: classes, definition: definition)
        }
    }

    /// The constraints of a table, sorted by name.
    func constraints(of table: String) async throws -> [Constraint] {
        try await connection.rows("""
            SELECT conname::text, contype::text, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE conrelid = to_regclass(\(table)) ORDER BY 1
            """).map {
            let (name, type, definition) = try $0.decode((String, String, String).self)
            return Constraint(name: name, type: type, definition: definition)
        }
    }

    /// Every foreign-key constraint of the database (`contype = 'f'`).
    func foreignKeyCount() async throws -> Int64 {
        try await connection.row("SELECT count(*) FROM pg_constraint WHERE contype = 'f'").decode(Int64.self)
    }

    /// The user triggers of a table.
    func triggers(of table: String) async throws -> [Trigger] {
        try await connection.rows("""
            SELECT t.tgname::text, p.proname::text, t.tgtype FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE t.tgrelid = to_regclass(\(table)) AND NOT t.tgisinternal ORDER BY 1
            """).map {
            let (name, function, type) = try $0.decode((String, String, Int16).self)
            return Trigger(name: name, function: function, type: type)
        }
    }

    /// The comment of a table, and of each of its columns by name.
    func comments(of table: String) async throws -> (table: String?, columns: [String: String]) {
        let tableComment = try await connection.row("SELECT obj_description(to_regclass(\(table)), 'pg_class')")
            .decode(String?.self)
        let rows = try await connection.rows("""
            SELECT a.attname::text, col_description(a.attrelid, a.attnum) FROM pg_attribute a
            WHERE a.attrelid = to_regclass(\(table)) AND a.attnum > 0 AND NOT a.attisdropped
              AND col_description(a.attrelid, a.attnum) IS NOT NULL
            """)
        var columns: [String: String] = [:]
        for row in rows {
            let (name, comment) = try row.decode((String, String).self)
            columns[name] = comment
        }
        return (tableComment, columns)
    }

    /// Whether a function of that name exists.
    func functionExists(_ name: String) async throws -> Bool {
        try await connection.row("SELECT count(*) FROM pg_proc WHERE proname = \(name)").decode(Int64.self) > 0
    }

    /// The server's major version (15, 18, …).
    func serverMajorVersion() async throws -> Int {
        Int(try await connection.row("SHOW server_version_num").decode(String.self))! / 10000
    }
}
