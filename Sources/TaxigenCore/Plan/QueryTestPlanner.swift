/// Plans the generated tests of an entity's named queries (`test-queries.swift`): per query, the plan of its
/// statement (`EXPLAIN`, sequential scans disabled, the table's other indexes dropped in a transaction that
/// rolls back) must use an index that serves it (the indexes `QueryIndexRules` finds, which lint checks
/// too), and both of its repository methods must run.
struct QueryTestPlanner {
    let moduleName: String
    let directory: String

    /// The query tests of `entity` (its code view); none when its spec declares no queries. `tableIndexes`
    /// are the names of every index the DDL creates on its table, those on deprecated fields included (the
    /// code view leaves them out): the test drops each one that does not serve the query, or PostgreSQL
    /// could choose it.
    func plan(_ entity: Entity, tableIndexes: [String]) -> [PlannedFile] {
        guard !entity.queries.isEmpty else { return [] }
        let planner = NamedQueryPlanner(entity: entity)
        let repository = entity.name + GeneratedTypeSuffix.repository
        let cases = entity.queries.enumerated().map { position, query in
            // On a partitioned table the plan names the partitions' indexes; QueryPlan maps them to the declared one.
            let serving = QueryIndexRules.servingIndexes(query, of: entity).map(\.name)
            let dropped = tableIndexes.filter { !serving.contains($0) }
            let arguments = planner.callArguments(query)
            var explain = planner.argumentLines(query, indent: 16)
            if !explain.isEmpty { explain[explain.count - 1].removeLast() }
            return QueryTestCaseContext(
                isFirst: position == 0,
                functionName: query.swiftName,
                title: "\(query.name): \(serving.isEmpty ? "its methods run (no index serves it; taxigen lint reports it)" : "the plan uses an index that serves it, and its methods run")",
                parameterLines: query.parameters.map {
                    "let \(planner.parameterIdentifier($0.name)): \(planner.parameterType($0)) = \(planner.sampleExpression($0, in: query))"
                },
                explainLines: explain,
                hasServing: !serving.isEmpty,
                servingLines: RepositoryPlanner.wrapped(serving.map(SwiftTypeMapping.stringLiteral)),
                droppedLines: RepositoryPlanner.wrapped(dropped.map { SwiftTypeMapping.stringLiteral(Naming.sqlIdentifier($0)) }),
                pageCall: "\(query.swiftName)(" + (arguments + ["page: PageRequest(limit: 5)"]).joined(separator: ", ") + ")",
                keysetCall: "\(query.swiftName)(" + (arguments + ["after: KeysetPageRequest(limit: 5)"]).joined(separator: ", ") + ")")
        }
        let context = QueryTestContext(
            header: FileHeader(comment: "//", source: entity.specPath), moduleName: moduleName, entityName: entity.name,
            repositoryName: repository, hasCipher: entity.hasSensitiveFields,
            tenantScoped: entity.traits.tenantKey != nil, queries: cases)
        return [PlannedFile(path: "\(directory)/\(entity.name)/\(entity.name)QueryTests.swift", template: "test-queries.swift",
                            context: context)]
    }
}

/// Render context of `test-queries.swift`: the named queries of one entity.
struct QueryTestContext: Sendable, Encodable {
    let header: FileHeader
    let moduleName: String
    let entityName: String
    let repositoryName: String
    let hasCipher: Bool
    /// Whether the entity is tenant-scoped: the suite runs each test as a caller with a tenant.
    let tenantScoped: Bool
    let queries: [QueryTestCaseContext]
}

/// The test of one named query.
struct QueryTestCaseContext: Sendable, Encodable {
    let isFirst: Bool
    let functionName: String
    let title: String
    /// `let customer: UUID = UUID()`, one per parameter.
    let parameterLines: [String]
    /// The arguments of `explain(`, with the query's own closures, one per line (the last without a comma).
    let explainLines: [String]
    /// Whether an index serves the query (else the test only runs the methods; lint reports the query).
    let hasServing: Bool
    /// The names of the indexes that serve the query, as Swift string literals in lines.
    let servingLines: [String]
    /// The SQL names of the other indexes of the table, as Swift string literals in lines: the test drops
    /// them (and rolls back) so the plan can only use a serving index.
    let droppedLines: [String]
    /// The offset-page and keyset-page calls with the sample parameters.
    let pageCall: String
    let keysetCall: String
}
