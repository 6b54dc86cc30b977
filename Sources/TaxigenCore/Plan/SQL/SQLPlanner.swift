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
    /// Whether the script holds the history tables of `history: true` entities (migrations plan those
    /// themselves, from `HistoryDDL`, and render the tables without them).
    var includesHistory = true

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
        ] + (usesAppendOnly ? [
            "Append-only tables (append_only) keep created_at only, get time-ordered keys from the repository",
            "and refuse UPDATE, DELETE and TRUNCATE through \(AppendOnlyDDL.refuseFunction)().",
        ] : [])
        return SchemaSQLContext(header: FileHeader(comment: "--", source: sourceSummary), introLines: intro,
                                usesVector: schema.usesVector,
                                extensionStatement: schema.usesVector ? "CREATE EXTENSION IF NOT EXISTS vector;" : "",
                                touchFunction: SQLStatements.touchFunction,
                                usesHistory: usesHistory, historyGuardComments: HistoryDDL.guardFunctionComments,
                                historyGuardFunction: usesHistory ? HistoryDDL.guardFunction + ";" : "",
                                usesAppendOnly: usesAppendOnly, appendOnlyFunctionComments: AppendOnlyDDL.refuseFunctionComments,
                                appendOnlyFunction: usesAppendOnly ? AppendOnlyDDL.refuseFunctionStatement + ";" : "",
                                tables: tables)
    }

    /// Whether any table is append-only.
    private var usesAppendOnly: Bool { schema.entities.contains { $0.traits.appendOnly != nil } }

    /// Whether the script creates any history table.
    private var usesHistory: Bool { includesHistory && schema.entities.contains { $0.traits.history } }

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
        let rowSecurity = TenancyDDL.rowSecurity(for: entity)
        let history = includesHistory && entity.traits.history ? HistoryDDL.statements(for: entity).map { $0 + ";" } : []
        let maintenance = AppendOnlyDDL.maintenance(for: entity).map { $0 + ";" }
        return TableSQLContext(banner: CommentText.singleLine("\(entity.name) (\(entity.specPath)): table \(entity.tableName)"),
                               tableName: entity.sqlTableName, columns: columnDefinitions(entity),
                               constraints: constraintDefinitions(entity), trigger: trigger(for: entity),
                               indexes: entity.indexes.map { SQLStatements.createIndex($0, in: entity) },
                               rowSecurity: rowSecurity, hasRowSecurity: !rowSecurity.isEmpty,
                               comments: comments, hasComments: !comments.isEmpty,
                               history: history, hasHistory: !history.isEmpty,
                               partitionClause: AppendOnlyDDL.partitionClause(of: entity),
                               maintenance: maintenance, maintenanceComments: AppendOnlyDDL.maintenanceComments(for: entity),
                               hasMaintenance: !maintenance.isEmpty)
    }

    /// The touch trigger, or an append-only table's refusing triggers.
    private func trigger(for entity: Entity) -> String {
        guard entity.traits.appendOnly != nil else { return SQLStatements.touchTrigger(for: entity) }
        return AppendOnlyDDL.triggers(for: entity).map { $0 + ";" }.joined(separator: "\n")
    }

    /// `name  type  NOT NULL DEFAULT …,` per column, with names and types in aligned columns.
    private func columnDefinitions(_ entity: Entity) -> [String] {
        var rows = entity.columns.map { column in
            (sqlName: column.sqlName, type: SQLTypeMapping.type(of: column), nullable: column.isNullable,
             defaultExpression: Self.defaultExpression(of: column))
        }
        // A tenant-scoped table's tenant key follows its primary key.
        if let key = TenancyDDL.keyColumn(of: entity) {
            rows.insert((key.sqlName, key.type, key.nullable, key.defaultExpression), at: min(1, rows.count))
        }
        let nameWidth = rows.map { Self.width(of: $0.sqlName) }.max() ?? 0
        let typeWidth = rows.map { Self.width(of: $0.type) }.max() ?? 0
        return rows.map { row in
            var definition = pad(row.sqlName, nameWidth) + " " + pad(row.type, typeWidth) + " "
                + (row.nullable ? "NULL" : "NOT NULL")
            if let expression = row.defaultExpression {
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
                + "PRIMARY KEY (\(AppendOnlyDDL.primaryKeyColumns(of: entity).joined(separator: ", ")))",
        ]
        for check in entity.checks {
            let column = entity.column(named: check.column)?.sqlName ?? Naming.sqlIdentifier(check.column)
            constraints.append("CONSTRAINT \(Naming.sqlIdentifier(check.name)) CHECK (\(SQLCheckExpression.expression(check.rule, column: column)))")
        }
        return constraints.indices.map { constraints[$0] + ($0 == constraints.count - 1 ? "" : ",") }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Self.width(of: text)))
    }

    /// How many characters `text` has: its bytes when it is ASCII (SQL names and types always are), without
    /// counting characters one by one.
    private static func width(of text: String) -> Int {
        text.isASCII && !text.utf8.contains(UInt8(ascii: "\r")) ? text.utf8.count : text.count
    }
}
