/// A PostgreSQL schema as `taxigen import` reads it, from a live database's catalog or from `pg_dump -s`
/// output: tables with their columns, keys, constraints and indexes, and the enum types.
///
/// Types are spelled as `format_type` prints them (`character varying(255)`, `timestamp without time zone`,
/// `numeric(10,2)`, `text[]`), unqualified; defaults as `pg_get_expr` prints them (`nextval('users_id_seq'::regclass)`).
public struct ImportedSchema: Sendable, Hashable, Codable {
    /// The schema name the tables were read from (`public`).
    public var schemaName: String
    /// The tables, sorted by name.
    public var tables: [Table]
    /// Enum types: name → labels in order.
    public var enums: [String: [String]]
    /// Statements of a dump that import did not read (one line each), for the report.
    public var skipped: [String]

    /// Creates a schema; tables are sorted by name.
    public init(schemaName: String = "public", tables: [Table] = [], enums: [String: [String]] = [:], skipped: [String] = []) {
        self.schemaName = schemaName
        self.tables = tables.sorted { $0.name < $1.name }
        self.enums = enums
        self.skipped = skipped
    }

    /// The table with a name, if any.
    public func table(named name: String) -> Table? { tables.first { $0.name == name } }

    /// One table.
    public struct Table: Sendable, Hashable, Codable {
        /// The table name.
        public var name: String
        /// `COMMENT ON TABLE`, if any.
        public var comment: String?
        /// The columns in their order.
        public var columns: [Column] = []
        /// The primary key, if any.
        public var primaryKey: Key?
        /// UNIQUE constraints.
        public var uniques: [Key] = []
        /// CHECK constraints: name and the expression inside `CHECK (…)`.
        public var checks: [Check] = []
        /// Foreign keys.
        public var foreignKeys: [ForeignKey] = []
        /// Indexes that back no constraint.
        public var indexes: [Index] = []

        /// Creates a table.
        public init(name: String, comment: String? = nil) {
            self.name = name
            self.comment = comment
        }

        /// The column with a name, if any.
        public func column(named name: String) -> Column? { columns.first { $0.name == name } }
    }

    /// One column.
    public struct Column: Sendable, Hashable, Codable {
        /// The column name.
        public var name: String
        /// The type as `format_type` prints it, unqualified.
        public var type: String
        /// Whether NOT NULL.
        public var notNull: Bool
        /// The default expression, if any.
        public var defaultExpression: String?
        /// `ALWAYS` or `BY DEFAULT` for an identity column, else nil.
        public var identity: String?
        /// `COMMENT ON COLUMN`, if any.
        public var comment: String?

        /// Creates a column.
        public init(name: String, type: String, notNull: Bool, defaultExpression: String? = nil, identity: String? = nil, comment: String? = nil) {
            self.name = name
            self.type = type
            self.notNull = notNull
            self.defaultExpression = defaultExpression
            self.identity = identity
            self.comment = comment
        }
    }

    /// A primary key or UNIQUE constraint.
    public struct Key: Sendable, Hashable, Codable {
        /// The constraint name.
        public var name: String
        /// Its columns in order.
        public var columns: [String]
    }

    /// A CHECK constraint.
    public struct Check: Sendable, Hashable, Codable {
        /// The constraint name.
        public var name: String
        /// The expression inside `CHECK (…)`.
        public var expression: String
    }

    /// A foreign key constraint.
    public struct ForeignKey: Sendable, Hashable, Codable {
        /// The constraint name.
        public var name: String
        /// The referencing columns.
        public var columns: [String]
        /// The referenced table.
        public var referencedTable: String
        /// The referenced columns.
        public var referencedColumns: [String]
        /// `ON DELETE …`/`ON UPDATE …` actions other than NO ACTION, as written; nil when none.
        public var actions: String?
    }

    /// An index that backs no constraint.
    public struct Index: Sendable, Hashable, Codable {
        /// The index name.
        public var name: String
        /// Its plain columns in order; empty when it has an expression.
        public var columns: [String]
        /// Whether unique.
        public var unique: Bool
        /// The access method (`btree`, `gin`, …).
        public var method: String
        /// The `WHERE` predicate of a partial index.
        public var predicate: String?
        /// Whether a key part is an expression rather than a column.
        public var hasExpression: Bool
        /// Per column, a non-default operator class or collation as written (`varchar_pattern_ops`,
        /// `COLLATE "C"`), or an empty string.
        public var keyOptions: [String]
        /// The `CREATE INDEX` statement, without `;`.
        public var definition: String

        /// The pattern operator class of a one-column btree index that has one (`varchar_pattern_ops`,
        /// `text_pattern_ops`): what a spec declares as a prefix index.
        public var patternClass: String? {
            guard method == "btree", columns.count == 1, keyOptions.count == 1,
                  TaxigenCore.Index.patternClasses.contains(keyOptions[0]) else { return nil }
            return keyOptions[0]
        }

        /// Whether a key has an operator class or collation a spec cannot declare.
        public var hasUndeclarableKey: Bool {
            patternClass == nil && keyOptions.contains { !$0.isEmpty }
        }
    }
}
