/// Plans the generated test scaffolding: per entity a fixture, validation tests for both sides of every
/// bound, and the repository lifecycle against the test database; plus one shared harness.
struct TestPlanner {
    let schema: Schema
    let moduleName: String
    let directory: String

    /// The harness every entity's tests share.
    func harness() -> PlannedFile {
        PlannedFile(path: "\(directory)/TestHarness.swift", template: "test-harness.swift",
                    context: TestHarnessContext(header: FileHeader(comment: "//", source: "specs/*.yaml"),
                                                moduleName: moduleName,
                                                schemaPath: "../\(Generator.Layout.sql)/schema.sql",
                                                hasTenantScoped: schema.entities.contains { $0.traits.tenantKey != nil }))
    }

    /// The fixture, validation tests and repository tests of one entity.
    func plan(_ entity: Entity) -> [PlannedFile] {
        let context = entityContext(entity)
        let shared = RenderContext(context)
        let folder = "\(directory)/\(entity.name)"
        return [
            PlannedFile(path: "\(folder)/\(context.fixtureName).swift", template: "test-fixture.swift", shared: shared),
            PlannedFile(path: "\(folder)/\(entity.name)ValidationTests.swift", template: "test-validation.swift",
                        shared: shared),
            // An append-only entity's repository has no update, delete or restore: its suite tests appends instead.
            PlannedFile(path: "\(folder)/\(entity.name)RepositoryTests.swift",
                        template: entity.traits.appendOnly == nil ? "test-repository.swift" : "test-append-only.swift",
                        shared: shared),
        ]
    }

    private func entityContext(_ entity: Entity) -> EntityTestContext {
        let writable = entity.writableColumns
        let fixture = schema.fixturePlans[entity.name] ?? FixtureValues.plan(entity)
        let arguments = writable.enumerated().map { offset, column in
            ArgumentContext(label: column.swiftName, expression: fixture.source(of: column).expression(),
                            isLast: offset == writable.count - 1)
        }
        let patchable = writable.filter { !$0.isImmutable && !$0.isUnique }
        let updateColumn = patchable.first { column in
            switch column.type {
            case .string, .text, .int, .bigint, .double, .decimal, .date, .timestamp: true
            default: false
            }
        } ?? patchable.first
        let uniqueIndexes = FixtureValues.uniqueIndexes(of: entity)
        // The conflict test copies one unique field into a second row: one the fixture fills in, and that no
        // unique index over deleted rows too holds alone (the soft-deleted first row would still block it).
        let uniqueColumn = writable.first { column in
            column.isUnique && !fixture.source(of: column).isNull
                && !uniqueIndexes.contains { !$0.isPartial && $0.columns == [column.name] }
        }
        // The pagination test gives five rows one ref: one that no unique index makes them collide on.
        let refColumn = entity.refs.map(\.column).first { column in
            !column.isUnique && uniqueIndexes.allSatisfy { index in
                !index.columns.contains(column.name) || index.columns.contains { name in
                    guard name != column.name, let other = entity.column(named: name) else { return false }
                    if other.role == .primaryKey || other.role == .deletedAt { return true }
                    let source = fixture.source(of: other)
                    return source.isNull || source.capacity >= FixtureVariants.requiredCount
                }
            }
        }
        return EntityTestContext(
            header: FileHeader(comment: "//", source: entity.specPath), moduleName: moduleName, entityName: entity.name,
            entityPhrase: entity.snakeName.replacing(character: "_", with: " "),
            createName: entity.name + GeneratedTypeSuffix.create, patchName: entity.name + GeneratedTypeSuffix.patch,
            repositoryName: entity.name + GeneratedTypeSuffix.repository, fixtureName: entity.name + "Fixture",
            tenantScoped: entity.traits.tenantKey != nil,
            sequenceKey: SwiftTypeMapping.stringLiteral("\(moduleName).\(entity.name)"),
            hasCipher: entity.hasSensitiveFields, fixtureArguments: arguments, hasFixtureArguments: !arguments.isEmpty,
            boundCases: writable.flatMap { FixtureValues.boundCases($0, in: entity) },
            hasBoundCases: writable.contains { !FixtureValues.boundCases($0, in: entity).isEmpty },
            updateField: updateColumn.map { UpdateFieldContext(property: $0.swiftName, identifier: $0.swiftIdentifier) },
            // With few distinct fixture rows, the conformance checks (each on a database of its own) are the
            // repository tests: these would make rows in the shared database, where the few values collide.
            uniqueCase: fixture.rowLimit == nil ? uniqueColumn.map { UniqueCaseContext(property: $0.swiftName, field: $0.name) } : nil,
            refFilter: fixture.rowLimit == nil ? refColumn.map { RefFilterContext(property: $0.swiftName, identifier: $0.swiftIdentifier) } : nil,
            sensitiveFields: writable.filter(\.isSensitive).map {
                SensitiveFieldContext(property: $0.swiftName, isNullable: $0.isNullable, columnLiteral: SwiftTypeMapping.stringLiteral($0.sqlName))
            },
            tableLiteral: SwiftTypeMapping.stringLiteral(entity.sqlTableName),
            keyColumnLiteral: SwiftTypeMapping.stringLiteral(entity.primaryKey.sqlName),
            tableConstruction: entity.name + GeneratedTypeSuffix.table + (entity.hasSensitiveFields ? "(cipher: TestHarness.cipher)" : "()"),
            rowLimit: fixture.rowLimit, hasHistory: entity.traits.history,
            appendRows: entity.traits.appendOnly == nil ? nil : appendRows(rowLimit: fixture.rowLimit))
    }

    /// Three rows one by one and three in bulk; within a row limit, half of it (at least one) one by one and
    /// the rest in bulk (a limit is at least 2, `FixtureValues.plan`).
    private func appendRows(rowLimit: Int?) -> AppendRowsContext {
        guard let rowLimit else {
            return AppendRowsContext(loopVariable: "_", singles: "1...3", bulk: "4...6", singleArgument: "",
                                     bulkArgument: "", bulkParameter: "_ in ")
        }
        let singles = min(3, max(1, rowLimit / 2))
        let bulk = min(3, rowLimit - singles)
        return AppendRowsContext(loopVariable: "n", singles: "1...\(singles)", bulk: "\(singles + 1)...\(singles + bulk)",
                                 singleArgument: "n", bulkArgument: "$0", bulkParameter: "")
    }
}
