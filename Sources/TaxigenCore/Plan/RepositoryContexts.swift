/// Render context of `repository.swift`, `repository-queries.swift` and `repository-rows.swift`: one
/// entity's repository, with every SQL statement and every binding decided by `RepositoryPlanner`.
struct RepositoryContext: Sendable, Encodable {
    let header: FileHeader
    let typeName: String
    let entityName: String
    let entityPhrase: String
    let tableName: String
    let keyIdentifier: String
    let hasCipher: Bool
    /// Whether `create` makes the key (`UUID()`) and binds it: entities with sensitive fields, whose sealed
    /// values are bound to their row's key.
    let presetsKey: Bool
    /// `static let taxNumber = SealedField(…)`, one per sensitive field.
    let sealedFieldDeclarations: [String]
    /// `static let sealedTable = SealedTable(…)`.
    let sealedTableDeclaration: String
    /// The sensitive fields for documentation: `` `tax_number`, `phone` ``.
    let sensitiveFieldList: String
    let hasJSONData: Bool
    let createName: String
    let patchName: String
    let filterName: String
    let sortName: String
    /// `[index name: field]` for DuplicateEntity, as a Swift dictionary literal.
    let uniqueFieldsLiteral: String
    let selectSQL: String
    /// `SELECT … WHERE key = $1 AND deleted_at IS NULL`, and the same without the `deleted_at` condition.
    let findSQL: String
    let findIncludingDeletedSQL: String
    let insertSQL: String
    /// `INSERT … SELECT … FROM unnest($1::type[], …) … RETURNING …`: a batch of rows, one array per column.
    let bulkInsertSQL: String
    let returningSQL: String
    let insertColumnCount: Int
    let keyColumnSQL: String
    let updateSQLPrefix: String
    let touchAssignments: String
    let softDeleteSQL: String
    let restoreSQL: String
    let versionProbeSQL: String
    let countSQL: String
    let dataSetSQL: String
    let dataContainsSQL: String
    let createBindings: [String]
    /// The statements that append a batch's columns to `bindings`, in `bulkInsertSQL` parameter order.
    let bulkBindings: [String]
    let decodeArguments: [ArgumentContext]
    let patchAssignments: [PatchAssignmentContext]
    let uniqueFinders: [FinderContext]
    /// `list(byPhone:page:)` of sensitive fields with a lookup that is not unique.
    let lookupLists: [FinderContext]
    let refLookups: [FinderContext]
    let filters: [FilterContext]
    let hasFilters: Bool
    let sortKeys: [SortKeyContext]
}

/// One argument of a call spread over lines.
struct ArgumentContext: Sendable, Encodable {
    let label: String
    let expression: String
    let isLast: Bool
}

/// How a patch field turns into `column = $n` (and, for a sensitive field with a lookup, `lookup = $m`).
struct PatchAssignmentContext: Sendable, Encodable {
    let identifier: String
    let parts: [PatchPartContext]
}

/// One `column = $n` of a patch field.
struct PatchPartContext: Sendable, Encodable {
    /// The statement that appends the value to `bindings`.
    let bindStatement: String
    let column: String
    let cast: String
}

/// A lookup by a unique field or a ref.
struct FinderContext: Sendable, Encodable {
    let methodName: String
    let label: String
    let parameterType: String
    /// The statement that appends the value to `bindings`.
    let bindStatement: String
    let column: String
    let docLine: String
    let filterLabel: String
    /// The name of the finder's statement in `Rows` (`findByEmail`); unique finders only.
    let statementName: String
    /// The finder's whole statement, a Swift string literal; unique finders only.
    let sql: String
}

/// One optional equality filter of `list` and `count`.
struct FilterContext: Sendable, Encodable {
    let identifier: String
    let name: String
    let type: String
    /// The statement that appends the value to `bindings`.
    let bindStatement: String
    let column: String
    let docLine: String
    let isLast: Bool
}

/// One ordering `list` offers.
struct SortKeyContext: Sendable, Encodable {
    let identifier: String
    let column: String
}
