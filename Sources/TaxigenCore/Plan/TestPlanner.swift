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
                                                schemaPath: "../\(Generator.Layout.sql)/schema.sql"))
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
            PlannedFile(path: "\(folder)/\(entity.name)RepositoryTests.swift", template: "test-repository.swift",
                        shared: shared),
        ]
    }

    private func entityContext(_ entity: Entity) -> EntityTestContext {
        let writable = entity.writableColumns
        let arguments = writable.enumerated().map { offset, column in
            ArgumentContext(label: column.swiftName, expression: FixtureValues.valid(column, in: entity),
                            isLast: offset == writable.count - 1)
        }
        let patchable = writable.filter { !$0.isImmutable && !$0.isUnique }
        let updateColumn = patchable.first { column in
            switch column.type {
            case .string, .text, .int, .bigint, .double, .decimal, .date, .timestamp: true
            default: false
            }
        } ?? patchable.first
        let uniqueColumn = writable.first { $0.isUnique }
        let refColumn = entity.refs.first?.column
        return EntityTestContext(
            header: FileHeader(comment: "//", source: entity.specPath), moduleName: moduleName, entityName: entity.name,
            entityPhrase: entity.snakeName.replacing(character: "_", with: " "),
            createName: entity.name + GeneratedTypeSuffix.create, patchName: entity.name + GeneratedTypeSuffix.patch,
            repositoryName: entity.name + GeneratedTypeSuffix.repository, fixtureName: entity.name + "Fixture",
            hasCipher: entity.hasSensitiveFields, fixtureArguments: arguments, hasFixtureArguments: !arguments.isEmpty,
            boundCases: writable.flatMap { FixtureValues.boundCases($0, in: entity) },
            hasBoundCases: writable.contains { !FixtureValues.boundCases($0, in: entity).isEmpty },
            updateField: updateColumn.map { UpdateFieldContext(property: $0.swiftName, identifier: $0.swiftIdentifier) },
            uniqueCase: uniqueColumn.map { UniqueCaseContext(property: $0.swiftName, field: $0.name) },
            refFilter: refColumn.map { RefFilterContext(property: $0.swiftName, identifier: $0.swiftIdentifier) },
            sensitiveFields: writable.filter(\.isSensitive).map {
                SensitiveFieldContext(property: $0.swiftName, columnLiteral: SwiftTypeMapping.stringLiteral($0.sqlName))
            },
            tableLiteral: SwiftTypeMapping.stringLiteral(entity.sqlTableName),
            keyColumnLiteral: SwiftTypeMapping.stringLiteral(entity.primaryKey.sqlName))
    }
}
