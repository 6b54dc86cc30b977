/// The statements of an entity that are not part of `CREATE TABLE`: trigger, indexes and comments.
enum SQLStatements {
    /// The shared trigger function that keeps `updated_at` and `version` right on every `UPDATE`.
    static let touchFunction = "taxiway_touch_row"

    /// `CREATE TRIGGER trg_<table>_touch BEFORE UPDATE ON <table> FOR EACH ROW EXECUTE FUNCTION taxiway_touch_row();`
    static func touchTrigger(for entity: Entity) -> String {
        "CREATE TRIGGER \(Naming.sqlIdentifier(DerivedNames.touchTrigger(table: entity.tableName))) "
            + "BEFORE UPDATE ON \(entity.sqlTableName) FOR EACH ROW EXECUTE FUNCTION \(touchFunction)();"
    }

    /// `CREATE [UNIQUE] INDEX <name> ON <table> USING <kind> (<columns> [opclass]) [WHERE deleted_at IS NULL];`
    static func createIndex(_ index: Index, in entity: Entity) -> String {
        var columns = index.columns.map { entity.column(named: $0)?.sqlName ?? Naming.sqlIdentifier($0) }
        if let operatorClass = index.operatorClass, !columns.isEmpty {
            // The class is the last column's: the only one of a vector, GIN or prefix index, after the tenant key.
            columns[columns.count - 1] += " \(operatorClass)"
        }
        var statement = "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(Naming.sqlIdentifier(index.name)) "
            + "ON \(entity.sqlTableName) USING \(index.kind.rawValue) (\(columns.joined(separator: ", ")))"
        if index.isPartial, let deletedAt = entity.columns.first(where: { $0.role == .deletedAt }) {
            statement += " WHERE \(deletedAt.sqlName) IS NULL"
        }
        return statement + ";"
    }

    /// `COMMENT ON TABLE` for the entity's description and `COMMENT ON COLUMN` for every described column.
    static func comments(for entity: Entity) -> [String] {
        var statements: [String] = []
        if let text = commentText(entity.description) {
            statements.append("COMMENT ON TABLE \(entity.sqlTableName) IS \(SQLLiteral.string(text));")
        }
        for column in entity.columns {
            if let text = commentText(column.description) {
                statements.append("COMMENT ON COLUMN \(entity.sqlTableName).\(column.sqlName) IS \(SQLLiteral.string(text));")
            }
            if column.role == .primaryKey, let comment = TenancyDDL.keyComment(for: entity) {
                statements.append(comment)
            }
        }
        return statements
    }

    /// A description as comment text: lines trimmed at the end, no leading or trailing empty lines; nil when empty.
    static func commentText(_ description: String?) -> String? {
        let lines = DocLines.of(description)
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
