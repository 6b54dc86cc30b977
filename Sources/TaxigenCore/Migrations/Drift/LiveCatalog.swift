/// What a live database holds in its `public` schema, read from pg_catalog for `taxigen db diff`. A partitioned
/// table is read as its parent: its partitions, and the indexes and constraints PostgreSQL copies onto them, are
/// made by its `create_partitions()` as time goes on and are not drift.
public struct LiveCatalog: Sendable {
    /// A table and its columns.
    public struct Table: Sendable, Hashable {
        public let name: String
        public var columns: [Column] = []
    }

    /// A column: `format_type` and nullability.
    public struct Column: Sendable, Hashable {
        public let name: String
        public let type: String
        public let isNotNull: Bool
    }

    /// An index.
    public struct Index: Sendable, Hashable {
        public let name: String
        public let table: String
        public let columns: [String]
        public let isUnique: Bool
        public let isPrimary: Bool
        public let method: String
        /// `pg_get_expr(indpred, indrelid)`, or nil for a full index.
        public let predicate: String?
        public let operatorClasses: [String]
        /// The operator classes that are not their type's default for the access method, in column order.
        public let nonDefaultClasses: [String]
        /// `pg_index.indisvalid`: false after a failed `CREATE INDEX CONCURRENTLY`.
        public let isValid: Bool
    }

    /// A constraint.
    public struct Constraint: Sendable, Hashable {
        public let name: String
        public let table: String
        /// `c` (CHECK), `f` (foreign key), `p`, `u`, …
        public let type: String
        public let definition: String
    }

    /// Every table but the ledger, sorted by name.
    public var tables: [Table] = []
    /// Every index of those tables.
    public var indexes: [Index] = []
    /// Every constraint of those tables (and every foreign key of the schema).
    public var constraints: [Constraint] = []

    /// Reads the catalog through a connection.
    public static func read(from connection: some MigrationConnection) async throws -> LiveCatalog {
        var catalog = LiveCatalog()
        var tables: [String: Table] = [:]
        for row in try await connection.query(Queries.tables) {
            guard let name = row[0] else { continue }
            tables[name] = Table(name: name)
        }
        for row in try await connection.query(Queries.columns) {
            guard let table = row[0], let name = row[1], let type = row[2] else { continue }
            tables[table]?.columns.append(Column(name: name, type: type, isNotNull: row[3] == "true"))
        }
        catalog.tables = tables.values.sorted { $0.name < $1.name }
        catalog.indexes = try await connection.query(Queries.indexes).compactMap { row in
            guard let name = row[0], let table = row[1], let method = row[5] else { return nil }
            return Index(name: name, table: table, columns: split(row[2]), isUnique: row[3] == "true", isPrimary: row[4] == "true",
                         method: method, predicate: row[6], operatorClasses: split(row[7]), nonDefaultClasses: split(row[9]),
                         isValid: row[8] == "true")
        }
        catalog.constraints = try await connection.query(Queries.constraints).compactMap { row in
            guard let name = row[0], let table = row[1], let type = row[2] else { return nil }
            return Constraint(name: name, table: table, type: type, definition: row[3] ?? "")
        }
        return catalog
    }

    private static func split(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map(String.init)
    }

    /// The catalog queries; every column is text.
    private enum Queries {
        static let tables = """
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT IN ('\(Ledger.table)', '\(DataStep.progressTable)')
            """
        static let columns = """
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """
        static let indexes = """
            SELECT i.relname::text, t.relname::text,
                   array_to_string(ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                                         JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n), ','),
                   ix.indisunique::text, ix.indisprimary::text, am.amname::text, pg_get_expr(ix.indpred, ix.indrelid),
                   array_to_string(ARRAY(SELECT o.opcname::text FROM unnest(ix.indclass) WITH ORDINALITY AS c(opclass, n)
                                         JOIN pg_opclass o ON o.oid = c.opclass ORDER BY c.n), ','),
                   ix.indisvalid::text,
                   array_to_string(ARRAY(SELECT o.opcname::text FROM unnest(ix.indclass) WITH ORDINALITY AS c(opclass, n)
                                         JOIN pg_opclass o ON o.oid = c.opclass WHERE NOT o.opcdefault ORDER BY c.n), ',')
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
            WHERE n.nspname = 'public' AND NOT t.relispartition AND t.relname NOT IN ('\(Ledger.table)', '\(DataStep.progressTable)')
            ORDER BY 1
            """
        static let constraints = """
            SELECT con.conname::text, t.relname::text, con.contype::text, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND NOT t.relispartition AND t.relname NOT IN ('\(Ledger.table)', '\(DataStep.progressTable)')
            ORDER BY 1
            """
    }
}
