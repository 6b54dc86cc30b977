/// Reads an `ImportedSchema` from a live database's catalog (pg_catalog), one query per kind of object.
///
/// Only reads: the ledger and data-step tables of taxigen are left out, as are partitions (their parent is read)
/// and views, sequences and functions (they are not tables; the report names what import skipped).
public enum CatalogImport {
    /// Reads the tables of `schema` through a connection.
    public static func read(schema: String = "public", from connection: some MigrationConnection) async throws -> ImportedSchema {
        let name = SQLLiteral.string(schema)
        var tables: [String: ImportedSchema.Table] = [:]
        for row in try await connection.query(Queries.tables(name)) {
            guard let table = row[0] else { continue }
            tables[table] = ImportedSchema.Table(name: table, comment: row[1])
        }
        for row in try await connection.query(Queries.columns(name)) {
            guard let table = row[0], let column = row[1], let type = row[2] else { continue }
            let identity: String? = switch row[5] { case "a": "ALWAYS"; case "d": "BY DEFAULT"; default: nil }
            tables[table]?.columns.append(ImportedSchema.Column(
                name: column, type: DumpText.unqualified(type, schema: schema), notNull: row[3] == "true",
                defaultExpression: row[4], identity: identity, comment: row[6]))
        }
        for row in try await connection.query(Queries.constraints(name)) {
            guard let table = row[1], let constraint = row[0], let kind = row[2], let definition = row[3] else { continue }
            DumpText.addConstraint(name: constraint, definition: definition, kind: kind, to: &tables[table], schema: schema)
        }
        for row in try await connection.query(Queries.indexes(name)) {
            guard let table = row[1], let index = row[0], let definition = row[2] else { continue }
            if let parsed = DumpText.index(definition, schema: schema) {
                tables[table]?.indexes.append(ImportedSchema.Index(
                    name: index, columns: parsed.columns, unique: parsed.unique, method: parsed.method,
                    predicate: parsed.predicate, hasExpression: parsed.hasExpression, keyOptions: parsed.keyOptions,
                    definition: parsed.definition))
            }
        }
        var enums: [String: [String]] = [:]
        for row in try await connection.query(Queries.enums(name)) {
            guard let type = row[0], let label = row[1] else { continue }
            enums[type, default: []].append(label)
        }
        var skipped: [String] = []
        for row in try await connection.query(Queries.others(name)) {
            guard let kind = row[0], let object = row[1] else { continue }
            skipped.append("\(kind) \(object)")
        }
        return ImportedSchema(schemaName: schema, tables: Array(tables.values), enums: enums, skipped: skipped)
    }

    /// The catalog queries; every column is text.
    enum Queries {
        static let excluded = "('\(Ledger.table)', '\(DataStep.progressTable)')"

        static func tables(_ schema: String) -> String {
            """
            SELECT c.relname::text, obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT IN \(excluded)
            """
        }

        static func columns(_ schema: String) -> String {
            """
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, col_description(c.oid, a.attnum)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname NOT IN \(excluded)
            ORDER BY c.relname, a.attnum
            """
        }

        static func constraints(_ schema: String) -> String {
            """
            SELECT con.conname::text, t.relname::text, con.contype::text, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = \(schema) AND con.contype IN ('p', 'u', 'c', 'f') AND t.relname NOT IN \(excluded) AND NOT t.relispartition
            ORDER BY t.relname, con.conname
            """
        }

        static func indexes(_ schema: String) -> String {
            """
            SELECT i.relname::text, t.relname::text, pg_get_indexdef(ix.indexrelid)
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = \(schema) AND t.relname NOT IN \(excluded) AND NOT t.relispartition
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
            ORDER BY t.relname, i.relname
            """
        }

        static func enums(_ schema: String) -> String {
            """
            SELECT t.typname::text, e.enumlabel::text
            FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = \(schema)
            ORDER BY t.typname, e.enumsortorder
            """
        }

        static func others(_ schema: String) -> String {
            """
            SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END, c.relname::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relkind IN ('v', 'm', 'f')
            UNION ALL
            SELECT 'function', p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = \(schema) AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            UNION ALL
            SELECT 'trigger', tg.tgname::text || ' on ' || c.relname::text FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \(schema) AND NOT tg.tgisinternal
            ORDER BY 1, 2
            """
        }
    }
}
