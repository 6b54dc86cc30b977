/// How a checked `Schema` becomes its snapshot, through the same SQL helpers that write `schema.sql`.
extension SchemaSnapshot {
    /// The snapshot of a schema.
    public init(schema: Schema) {
        self.init(extensions: schema.usesVector ? ["vector"] : [],
                  functions: (schema.entities.isEmpty ? [] : [SQLStatements.touchFunction])
                      + (schema.entities.contains { $0.traits.appendOnly != nil } ? [AppendOnlyDDL.refuseFunction] : []),
                  tables: schema.entities.concurrentMap { TableSnapshot(entity: $0) })
    }
}

/// A table snapshot from an entity.
extension TableSnapshot {
    /// The snapshot of one entity's table.
    public init(entity: Entity) {
        let tenancy = TenancySnapshot(entity: entity)
        // A deprecated sensitive field's lookup digest goes with it.
        let deprecatedLookups = Set(entity.columns.filter { $0.isDeprecated && $0.lookup != nil }.map { EntityBuilder.lookupColumnName($0.name) })
        let columns = entity.columns.map { column in
            ColumnSnapshot(name: column.name, type: SQLTypeMapping.type(of: column), nullable: column.isNullable,
                           defaultExpression: SQLPlanner.defaultExpression(of: column),
                           comment: SQLStatements.commentText(column.description), deprecated: column.isDeprecated || column.role == .lookup && deprecatedLookups.contains(column.name))
        } + (tenancy.map { [$0.keyColumn] } ?? [])
        let checks = entity.checks.map { check in
            CheckSnapshot(name: check.name, column: check.column,
                          expression: Self.checkExpression(check, in: entity, columnSQLName: nil))
        }
        let indexes = entity.indexes.map { index in
            var definition = SQLStatements.createIndex(index, in: entity)
            if definition.hasSuffix(";") { definition.removeLast() }
            return IndexSnapshot(name: index.name, columns: index.columns, unique: index.isUnique,
                                 method: index.kind.rawValue, operatorClass: index.operatorClass,
                                 partial: index.isPartial, definition: definition)
        }
        self.init(name: entity.tableName, comment: SQLStatements.commentText(entity.description),
                  primaryKey: entity.primaryKey.name,
                  primaryKeyConstraint: DerivedNames.primaryKeyConstraint(table: entity.tableName),
                  trigger: entity.traits.appendOnly == nil ? DerivedNames.touchTrigger(table: entity.tableName)
                      : DerivedNames.appendOnlyTrigger(table: entity.tableName),
                  columns: columns, checks: checks, indexes: indexes, tenancy: tenancy,
                  history: HistorySnapshot(entity: entity))
        appendOnly = AppendOnlySnapshot(entity: entity)
    }

    /// The body of a CHECK constraint; with `columnSQLName`, as it reads when its column has that name
    /// (to recognise a constraint whose column is being renamed).
    static func checkExpression(_ check: CheckConstraint, in entity: Entity, columnSQLName: String?) -> String {
        let column = columnSQLName ?? entity.column(named: check.column)?.sqlName ?? Naming.sqlIdentifier(check.column)
        return SQLCheckExpression.expression(check.rule, column: column)
    }
}
