import PostgresNIO
import Testing

/// Everything a database's `public` schema holds that migrations must get right, read from pg_catalog
/// independently of taxigen's own catalog reader: two databases are equal when these are.
///
/// Columns are compared by name, not position (PostgreSQL adds a column at the end and cannot reorder),
/// and PostgreSQL 18's named NOT NULL constraints (`contype = 'n'`) are left out (nullability is compared
/// through `attnotnull`; their names follow a column's first name). The ledger table is not part of it.
struct CatalogState: Equatable, Sendable {
    /// A column: `format_type`, `attnotnull`, `pg_get_expr` of its default, its comment.
    struct Column: Equatable, Sendable, CustomStringConvertible {
        let type: String
        let notNull: Bool
        let defaultExpression: String?
        let comment: String?
        var description: String {
            "\(type) \(notNull ? "NOT NULL" : "NULL") default=\(defaultExpression ?? "-") comment=\(comment ?? "-")"
        }
    }

    /// An index: its definition (`pg_get_indexdef`, which holds columns, method, operator classes and
    /// predicate), and whether it is valid.
    struct Index: Equatable, Sendable, CustomStringConvertible {
        let definition: String
        let isValid: Bool
        var description: String { definition + (isValid ? "" : " INVALID") }
    }

    /// A table.
    struct Table: Equatable, Sendable {
        var columns: [String: Column] = [:]
        var indexes: [String: Index] = [:]
        /// Constraint name → `contype: pg_get_constraintdef` (with `NOT VALID` while not validated).
        var constraints: [String: String] = [:]
        /// Trigger name → `function tgtype`.
        var triggers: [String: String] = [:]
        var comment: String?
    }

    var extensions: [String] = []
    var functions: [String] = []
    var tables: [String: Table] = [:]

    /// Reads the catalog of the database a connection is on.
    static func read(_ connection: PostgresConnection) async throws -> CatalogState {
        var state = CatalogState()
        state.extensions = try await connection.texts("SELECT extname::text FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")
            .compactMap { $0[0] }
        state.functions = try await connection.texts("""
            SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            ORDER BY 1
            """).compactMap { $0[0] }
        for row in try await connection.texts("""
            SELECT c.relname::text, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'taxiway_migrations'
            """) {
            state.tables[row[0]!] = Table(comment: row[1])
        }
        for row in try await connection.texts("""
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                   pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """) where state.tables[row[0]!] != nil {
            state.tables[row[0]!]!.columns[row[1]!] = Column(type: row[2]!, notNull: row[3] == "true",
                                                             defaultExpression: row[4], comment: row[5])
        }
        for row in try await connection.texts("""
            SELECT t.relname::text, i.relname::text, pg_get_indexdef(ix.indexrelid), ix.indisvalid::text
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'
            """) where state.tables[row[0]!] != nil {
            state.tables[row[0]!]!.indexes[row[1]!] = Index(definition: row[2]!, isValid: row[3] == "true")
        }
        for row in try await connection.texts("""
            SELECT t.relname::text, con.conname::text, con.contype::text, pg_get_constraintdef(con.oid), con.convalidated::text
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND con.contype <> 'n'
            """) where state.tables[row[0]!] != nil {
            state.tables[row[0]!]!.constraints[row[1]!] = "\(row[2]!): \(row[3]!)" + (row[4] == "true" ? "" : " (not validated)")
        }
        for row in try await connection.texts("""
            SELECT c.relname::text, t.tgname::text, p.proname::text, t.tgtype::text
            FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal
            """) where state.tables[row[0]!] != nil {
            state.tables[row[0]!]!.triggers[row[1]!] = "\(row[2]!) \(row[3]!)"
        }
        return state
    }

    /// Every difference from `other`, one line each (empty when equal), for failure messages.
    func differences(from other: CatalogState) -> [String] {
        var lines: [String] = []
        if extensions != other.extensions { lines.append("extensions \(extensions) ≠ \(other.extensions)") }
        if functions != other.functions { lines.append("functions \(functions) ≠ \(other.functions)") }
        for name in Set(tables.keys).union(other.tables.keys).sorted() {
            guard let table = tables[name], let expected = other.tables[name] else {
                lines.append("table \(name): \(tables[name] == nil ? "missing" : "extra")")
                continue
            }
            if table.comment != expected.comment { lines.append("\(name) comment: \(table.comment ?? "-") ≠ \(expected.comment ?? "-")") }
            lines += Self.compare("\(name) column", table.columns, expected.columns)
            lines += Self.compare("\(name) index", table.indexes, expected.indexes)
            lines += Self.compare("\(name) constraint", table.constraints, expected.constraints)
            lines += Self.compare("\(name) trigger", table.triggers, expected.triggers)
        }
        return lines
    }

    private static func compare<Value: Equatable>(_ label: String, _ actual: [String: Value], _ expected: [String: Value]) -> [String] {
        Set(actual.keys).union(expected.keys).sorted().compactMap { key in
            switch (actual[key], expected[key]) {
            case (nil, let value?): "\(label) \(key): missing (expected \(value))"
            case (let value?, nil): "\(label) \(key): extra (\(value))"
            case (let value?, let other?) where value != other: "\(label) \(key): \(value) ≠ expected \(other)"
            default: nil
            }
        }
    }
}
