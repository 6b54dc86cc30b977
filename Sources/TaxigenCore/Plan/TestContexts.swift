/// Render context of `test-harness.swift`: the shared set-up of the generated tests.
struct TestHarnessContext: Sendable, Encodable {
    let header: FileHeader
    let moduleName: String
    let schemaPath: String
    /// Whether any entity is tenant-scoped (the harness then has `TenantScope`, the suites' caller with a tenant).
    var hasTenantScoped = false
}

/// Render context of `test-fixture.swift`, `test-validation.swift` and `test-repository.swift`.
struct EntityTestContext: Sendable, Encodable {
    let header: FileHeader
    let moduleName: String
    let entityName: String
    let entityPhrase: String
    let createName: String
    let patchName: String
    let repositoryName: String
    let fixtureName: String
    /// Whether the entity is tenant-scoped: its repository suite runs each test as a caller with a tenant.
    let tenantScoped: Bool
    /// The Swift literal naming the entity's own row numbering (`TestSequence.next(for:)`).
    let sequenceKey: String
    let hasCipher: Bool
    /// `(label: value)` arguments of a valid create request for the number `n`.
    let fixtureArguments: [ArgumentContext]
    /// False for an entity with no fields of its own (its create request takes no arguments).
    let hasFixtureArguments: Bool
    let boundCases: [BoundCaseContext]
    let hasBoundCases: Bool
    /// A field the update test changes, if the entity has one that can change.
    let updateField: UpdateFieldContext?
    let uniqueCase: UniqueCaseContext?
    let refFilter: RefFilterContext?
    let sensitiveFields: [SensitiveFieldContext]
    let tableLiteral: String
    let keyColumnLiteral: String
    /// The expression that makes the entity's table description (`CustomerTable(cipher: TestHarness.cipher)`).
    let tableConstruction: String
    /// How many rows with distinct unique values the fixture can make, when that is few (see
    /// `FixtureValues.Plan.rowLimit`); nil otherwise.
    let rowLimit: Int?
    /// `history: true`: the suite reads the history of a row through every change.
    let hasHistory: Bool
    /// The rows the append-only suite's time-range test appends (nil for an entity that is not append-only).
    let appendRows: AppendRowsContext?
}

/// The rows the append-only suite's time-range test appends: some one by one, the rest in one bulk call of
/// batches of two. With a ``EntityTestContext/rowLimit`` they are numbered (the fixture's `n`) from 1 and
/// stay within it, each test on a database of its own; otherwise the fixture numbers them.
struct AppendRowsContext: Sendable, Encodable {
    /// The `for` loop's variable: `n`, or `_` when the rows are not numbered.
    let loopVariable: String
    /// The numbers of the rows appended one by one (`1...3`).
    let singles: String
    /// The numbers of the rows appended in bulk (`4...6`).
    let bulk: String
    /// The argument of the fixture's `create` inside the loop and the bulk closure (`n` and `$0`, or none).
    let singleArgument: String
    let bulkArgument: String
    /// What opens the bulk closure's body: `_ in ` when the rows are not numbered.
    let bulkParameter: String
}

/// A value inside and a value outside one rule of one field.
struct BoundCaseContext: Sendable, Encodable {
    let functionName: String
    let title: String
    let property: String
    let rule: String
    let issueField: String
    let validValue: String
    let invalidValue: String
}

/// The field the update test changes.
struct UpdateFieldContext: Sendable, Encodable {
    let property: String
    let identifier: String
}

/// A unique field and the value the conflict test reuses.
struct UniqueCaseContext: Sendable, Encodable {
    let property: String
    let field: String
}

/// A ref the pagination test filters by, so concurrent tests do not disturb its pages.
struct RefFilterContext: Sendable, Encodable {
    let property: String
    let identifier: String
}

/// A sensitive field whose raw column must hold no plaintext.
struct SensitiveFieldContext: Sendable, Encodable {
    let property: String
    let isNullable: Bool
    let columnLiteral: String
}
