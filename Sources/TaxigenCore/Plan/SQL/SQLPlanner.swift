/// Plans `SQL/schema.sql`: the PostgreSQL schema of every entity of a `Schema`, as one transaction.
///
/// Every name, index and CHECK constraint is already decided in the `Schema`; this planner only spells
/// them as SQL (through `SQLTypeMapping`, `SQLLiteral`, `SQLCheckExpression` and `SQLStatements`).
/// To plan a subset of the entities (say, those that need no pgvector), plan a `Schema` of that subset.
struct SQLPlanner {
    /// The path of the planned file, relative to the output directory.
    static let path = "\(Generator.Layout.sql)/schema.sql"
    /// The template that prints it.
    static let template = "schema.sql"

    let schema: Schema

    /// The planned file.
    func plan() -> PlannedFile {
        plan(tables: schema.entities.map(tableContext))
    }

    /// The planned file, given every entity's ``tableContext(_:)`` in schema order.
    func plan(tables: [TableSQLContext]) -> PlannedFile {
        PlannedFile(path: Self.path, template: Self.template, context: context(tables: tables))
    }

    /// The render context of the whole script.
    func context() -> SchemaSQLContext {
        context(tables: schema.entities.map(tableContext))
    }

    /// The render context of the whole script, given every entity's ``tableContext(_:)`` in schema order.
    func context(tables: [TableSQLContext]) -> SchemaSQLContext {
        let names = schema.entities.map(\.tableName)
        let intro = [
            "The PostgreSQL schema of \(names.count) \(names.count == 1 ? "entity" : "entities"): \(names.joined(separator: ", ")).",
            "For a fresh database, in one transaction: psql -v ON_ERROR_STOP=1 -f schema.sql",
            "Keys are random UUIDs; every table has created_at, updated_at, deleted_at and version, kept",
            "right by the trigger function \(SQLStatements.touchFunction)() on every UPDATE. References are uuid",
            "columns with an index and never a foreign key. Unique indexes hold among active rows only.",
        ]
        return SchemaSQLContext(header: FileHeader(comment: "--", source: sourceSummary), introLines: intro,
                                usesVector: schema.usesVector,
                                extensionStatement: schema.usesVector ? "CREATE EXTENSION IF NOT EXISTS vector;" : "",
                                touchFunction: SQLStatements.touchFunction, tables: tables)
    }

    /// `specs/*.yaml` when every spec is in one folder, else the folders' patterns joined.
    private var sourceSummary: String {
        var folders: [String] = []
        for entity in schema.entities {
            let parts = entity.specPath.split(separator: "/", omittingEmptySubsequences: false)
            let folder = parts.count > 1 ? parts.dropLast().joined(separator: "/") + "/*.yaml" : "*.yaml"
            if !folders.contains(folder) { folders.append(folder) }
        }
        return folders.sorted().joined(separator: ", ")
    }

    /// The context of one entity's table.
    func tableContext(_ entity: Entity) -> TableSQLContext {
        let comments = SQLStatements.comments(for: entity)
        return TableSQLContext(banner: CommentText.singleLine("\(entity.name) (\(entity.specPath)): table \(entity.tableName)"),
                               tableName: entity.sqlTableName, columns: columnDefinitions(entity),
                               constraints: constraintDefinitions(entity), trigger: SQLStatements.touchTrigger(for: entity),
                               indexes: entity.indexes.map { SQLStatements.createIndex($0, in: entity) },
                               comments: comments, hasComments: !comments.isEmpty)
    }

    /// `name  type  NOT NULL DEFAULT …,` per column, with names and types in aligned columns.
    private func columnDefinitions(_ entity: Entity) -> [String] {
        let names = entity.columns.map(\.sqlName)
        let types = entity.columns.map(SQLTypeMapping.type)
        let nameWidth = names.map(\.count).max() ?? 0
        let typeWidth = types.map(\.count).max() ?? 0
        return entity.columns.indices.map { index in
            let column = entity.columns[index]
            var definition = pad(names[index], nameWidth) + " " + pad(types[index], typeWidth) + " "
                + (column.isNullable ? "NULL" : "NOT NULL")
            if let expression = Self.defaultExpression(of: column) {
                definition += " DEFAULT " + expression
            }
            return definition + ","
        }
    }

    /// The `DEFAULT` expression of a column, if it has one: its spec default, or `gen_random_uuid()` for the key.
    static func defaultExpression(of column: Column) -> String? {
        if let value = column.defaultValue {
            return SQLLiteral.defaultExpression(value, of: column)
        }
        return column.role == .primaryKey ? "gen_random_uuid()" : nil
    }

    /// The primary key and every CHECK constraint, comma-separated.
    private func constraintDefinitions(_ entity: Entity) -> [String] {
        var constraints = [
            "CONSTRAINT \(Naming.sqlIdentifier(DerivedNames.primaryKeyConstraint(table: entity.tableName))) "
                + "PRIMARY KEY (\(entity.primaryKey.sqlName))",
        ]
        for check in entity.checks {
            let column = entity.column(named: check.column)?.sqlName ?? Naming.sqlIdentifier(check.column)
            constraints.append("CONSTRAINT \(Naming.sqlIdentifier(check.name)) CHECK (\(SQLCheckExpression.expression(check.rule, column: column)))")
        }
        return constraints.indices.map { constraints[$0] + ($0 == constraints.count - 1 ? "" : ",") }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
