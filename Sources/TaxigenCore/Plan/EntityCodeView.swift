/// The entity as the generated Swift code sees it: without its deprecated fields (`deprecated: true`).
///
/// A deprecated field's column stays in the table, the DDL and the migration snapshot (the release still
/// running reads and writes it), but the model, the create and update types, the repository's column
/// lists and finders, the generated tests and their fixtures leave it out, so that a later migration can
/// drop it. The planners of Swift code take this view; `SQLPlanner` and the snapshots take the entity as
/// it is. Decided here once, so no template needs to know about deprecation.
extension Entity {
    /// The entity without its deprecated columns, their lookup digests, and the indexes and CHECKs over
    /// them; the entity itself when it has none.
    public var codeView: Entity {
        guard hasDeprecatedColumns else { return self }
        let deprecated = Set(columns.filter(\.isDeprecated).map(\.name))
        let lookups = Set(columns.filter { $0.isDeprecated && $0.lookup != nil }.map { EntityBuilder.lookupColumnName($0.name) })
        let hidden = deprecated.union(lookups)
        return Entity(name: name, snakeName: snakeName, tableName: tableName, description: description,
                      hasJSONData: hasJSONData, specPath: specPath, location: location,
                      columns: columns.filter { !hidden.contains($0.name) },
                      indexes: indexes.filter { hidden.isDisjoint(with: $0.columns) },
                      checks: checks.filter { !hidden.contains($0.column) },
                      queries: queries, traits: traits)
    }
}

extension Entity {
    /// Whether some column is deprecated, so that the code view is not the entity itself.
    var hasDeprecatedColumns: Bool { columns.contains(where: \.isDeprecated) }
}

/// A schema whose entities are seen as the generated code sees them (see `Entity.codeView`).
extension Schema {
    /// Every entity's `codeView`.
    public var codeView: Schema {
        guard entities.contains(where: \.hasDeprecatedColumns) else { return self }
        return Schema(entities: entities.map(\.codeView))
    }
}
