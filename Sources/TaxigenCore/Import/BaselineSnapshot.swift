/// The snapshot and the DDL of the tables a baseline adopts, as they are in the database.
///
/// Types are spelled as taxigen spells the same type (`varchar(255)`, `timestamptz`), so that a column
/// that already follows the guidelines shows no change; any other type keeps the catalog's spelling
/// (`timestamp without time zone`, `order_status`). The snapshot holds what a spec can describe: columns,
/// the primary key, plain indexes and unique constraints (as unique indexes). CHECK constraints, partial
/// and expression indexes and foreign keys are not in it: the adoption migration drops the foreign keys,
/// and the rest stays in the database outside taxigen's migrations.
enum BaselineSnapshot {
    /// The snapshot of the adopted tables, with no function and no trigger (the database has neither of taxigen's).
    static func snapshot(of tables: [ImportedSchema.Table]) -> SchemaSnapshot {
        let usesVector = tables.contains { $0.columns.contains { $0.type.hasPrefix("vector(") } }
        return SchemaSnapshot(extensions: usesVector ? ["vector"] : [], functions: [], tables: tables.map(table))
    }

    /// One table as it is.
    static func table(_ table: ImportedSchema.Table) -> TableSnapshot {
        let columns = table.columns.map { column in
            ColumnSnapshot(name: column.name, type: snapshotType(column.type), nullable: !column.notNull,
                           defaultExpression: column.identity.map { "GENERATED \($0) AS IDENTITY" } ?? column.defaultExpression,
                           comment: column.comment)
        }
        var indexes: [IndexSnapshot] = table.uniques.map { unique in
            IndexSnapshot(name: unique.name, columns: unique.columns, unique: true, method: "btree", operatorClass: nil, partial: false,
                          definition: "CREATE UNIQUE INDEX \(Naming.sqlIdentifier(unique.name)) ON \(Naming.sqlIdentifier(table.name)) USING btree (\(unique.columns.map(Naming.sqlIdentifier).joined(separator: ", ")))")
        }
        indexes += table.indexes.filter(isPlain).map { index in
            IndexSnapshot(name: index.name, columns: index.columns, unique: index.unique, method: index.method,
                          operatorClass: index.patternClass, partial: false, definition: index.definition)
        }
        let key = table.primaryKey?.columns.count == 1 ? table.primaryKey!.columns[0] : ""
        return TableSnapshot(name: table.name, comment: table.comment, primaryKey: key,
                             primaryKeyConstraint: table.primaryKey?.name ?? "", trigger: "",
                             columns: columns, checks: [], indexes: indexes)
    }

    /// Whether a spec can describe an index (plain columns, btree or gin, not partial, no operator class or
    /// collation but a prefix index's pattern class).
    static func isPlain(_ index: ImportedSchema.Index) -> Bool {
        !index.hasExpression && index.predicate == nil && ["btree", "gin"].contains(index.method) && !index.columns.isEmpty
            && !index.hasUndeclarableKey
    }

    /// A catalog type in taxigen's spelling where taxigen has the same type.
    static func snapshotType(_ type: String) -> String {
        if type.hasSuffix("[]") { return snapshotType(String(type.dropLast(2))) + "[]" }
        if type.hasPrefix("character varying("), type.hasSuffix(")") { return "varchar(" + type.dropFirst("character varying(".count) }
        switch type {
        case "timestamp with time zone": return "timestamptz"
        default: return type
        }
    }

    /// The DDL that creates the adopted tables as they are (for a fresh database starting from the
    /// baseline): enum types, sequences, tables with their keys, unique and CHECK constraints, foreign
    /// keys between them, indexes and comments.
    static func ddl(of tables: [ImportedSchema.Table], in schema: ImportedSchema) -> [MigrationStatement] {
        var statements: [MigrationStatement] = []
        let names = Set(tables.map(\.name))
        let types = Set(tables.flatMap { $0.columns.map { $0.type.hasSuffix("[]") ? String($0.type.dropLast(2)) : $0.type } })
        for (name, labels) in schema.enums.sorted(by: { $0.key < $1.key }) where types.contains(name) {
            statements.append(MigrationStatement("CREATE TYPE \(Naming.sqlIdentifier(name)) AS ENUM (\(labels.map(SQLLiteral.string).joined(separator: ", ")))"))
        }
        for table in tables {
            var owned: [(String, String)] = []
            for column in table.columns {
                if let sequence = sequenceName(column.defaultExpression) {
                    statements.append(MigrationStatement("CREATE SEQUENCE IF NOT EXISTS \(sequence)"))
                    owned.append((sequence, column.name))
                }
            }
            var parts = table.columns.map { column -> String in
                var text = "    \(Naming.sqlIdentifier(column.name)) \(column.type)"
                if let identity = column.identity { text += " GENERATED \(identity) AS IDENTITY" }
                else if let expression = column.defaultExpression { text += " DEFAULT \(expression)" }
                if column.notNull { text += " NOT NULL" }
                return text
            }
            if let key = table.primaryKey {
                parts.append("    CONSTRAINT \(Naming.sqlIdentifier(key.name)) PRIMARY KEY (\(key.columns.map(Naming.sqlIdentifier).joined(separator: ", ")))")
            }
            for unique in table.uniques {
                parts.append("    CONSTRAINT \(Naming.sqlIdentifier(unique.name)) UNIQUE (\(unique.columns.map(Naming.sqlIdentifier).joined(separator: ", ")))")
            }
            for check in table.checks {
                parts.append("    CONSTRAINT \(Naming.sqlIdentifier(check.name)) CHECK (\(check.expression))")
            }
            statements.append(MigrationStatement("CREATE TABLE \(Naming.sqlIdentifier(table.name)) (\n" + parts.joined(separator: ",\n") + "\n)"))
            for (sequence, column) in owned {
                statements.append(MigrationStatement("ALTER SEQUENCE \(sequence) OWNED BY \(Naming.sqlIdentifier(table.name)).\(Naming.sqlIdentifier(column))", joinsPrevious: true))
            }
            for index in table.indexes {
                statements.append(MigrationStatement(index.definition, joinsPrevious: true))
            }
            if let comment = table.comment {
                statements.append(MigrationStatement("COMMENT ON TABLE \(Naming.sqlIdentifier(table.name)) IS \(SQLLiteral.string(comment))", joinsPrevious: true))
            }
            for column in table.columns {
                if let comment = column.comment {
                    statements.append(MigrationStatement("COMMENT ON COLUMN \(Naming.sqlIdentifier(table.name)).\(Naming.sqlIdentifier(column.name)) IS \(SQLLiteral.string(comment))", joinsPrevious: true))
                }
            }
        }
        for table in tables {
            for fk in table.foreignKeys where names.contains(fk.referencedTable) {
                statements.append(MigrationStatement(
                    "ALTER TABLE \(Naming.sqlIdentifier(table.name)) ADD CONSTRAINT \(Naming.sqlIdentifier(fk.name)) FOREIGN KEY (\(fk.columns.map(Naming.sqlIdentifier).joined(separator: ", "))) "
                        + "REFERENCES \(Naming.sqlIdentifier(fk.referencedTable)) (\(fk.referencedColumns.map(Naming.sqlIdentifier).joined(separator: ", ")))"
                        + (fk.actions.map { " \($0)" } ?? "")))
            }
        }
        return statements
    }

    /// The sequence of a `nextval('name'::regclass)` default, as SQL text.
    static func sequenceName(_ expression: String?) -> String? {
        guard let expression, expression.hasPrefix("nextval('") else { return nil }
        let start = expression.index(expression.startIndex, offsetBy: 9)
        guard let end = expression.range(of: "'::regclass)", range: start..<expression.endIndex) else { return nil }
        return String(expression[start..<end.lowerBound])
    }
}
