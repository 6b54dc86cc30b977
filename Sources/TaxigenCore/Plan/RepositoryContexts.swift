/// Render context of `repository.swift`: one entity's table description and repository extension, with
/// every SQL fragment and every binding decided by `RepositoryPlanner`.
struct RepositoryContext: Sendable, Encodable {
    let header: FileHeader
    let typeName: String
    let tableTypeName: String
    let entityName: String
    let entityPhrase: String
    let hasCipher: Bool
    /// Whether the append-only table is partitioned by time (`append_only: { partition: … }`).
    let isPartitioned: Bool
    /// `static let taxNumber = SealedField(…)`, one per sensitive field.
    let sealedFieldDeclarations: [String]
    /// `public static let sealedTable = SealedTable(…)`.
    let sealedTableDeclaration: String
    /// The sensitive fields for documentation: `` `tax_number`, `phone` ``.
    let sensitiveFieldList: String
    let createName: String
    /// `[index name: field]` for DuplicateEntity, as a Swift dictionary literal.
    let uniqueFieldsLiteral: String
    /// Whether the spec says `access_log: true` (the schema then asks for access records).
    let accessLogged: Bool
    /// `, tenantKey: "tenant_id"` for a tenant-scoped entity (its repository then needs a caller with a tenant), or "".
    let tenantKeyArgument: String
    /// The table's and the key's SQL names, as Swift string literals.
    let tableSQL: String
    let keySQL: String
    /// The select list as Swift string literals, wrapped into lines of sensible length.
    let selectColumnLines: [String]
    /// `InsertedColumn(…)` per written column, in parameter order.
    let insertedColumns: [String]
    /// `, dataColumn: "data"` for a `json_data` entity (its schema then has the `setData` statement), or "".
    let dataColumnArgument: String
    /// An append-only table's statements of `write(_:id:to:)`: each written column (and lookup digest) in
    /// `inserted` order; empty for a regular table, which writes through its create request's fields list.
    let writeStatements: [String]
    /// The create request's arguments in `decode(_:)`: each field read from the row, in order.
    let decodeArguments: [ArgumentContext]
    /// Whether the entity has fields (an entity without any reads `Create()`).
    let hasDecodeArguments: Bool
    let uniqueFinders: [UniqueFinderContext]
    let lookupFinders: [LookupFinderContext]
    /// The two methods of each named query of the spec's `queries`.
    let namedQueries: [NamedQueryMethodContext]
    /// Whether some named query has conditions: the file then extends `Condition` with them.
    let hasQueryConditions: Bool
    /// Whether the repository has entity-specific members (a cipher, finders, JSON data, named queries).
    let hasExtension: Bool
    /// `history: true`: the table type conforms to `HistoryTable`.
    let hasHistory: Bool
    /// The history table's SQL name, as a Swift string literal (empty without a history).
    let historyTableSQL: String
    /// The history table's name, for documentation.
    let historyTableName: String
}

/// `find(byNumber:)` of a unique field.
struct UniqueFinderContext: Sendable, Encodable {
    let field: String
    let label: String
    let parameterType: String
    /// The typed column's property in `Columns`.
    let column: String
}

/// `find(byEmail:)` or `list(byPhone:page:)` of a sensitive field with a lookup digest.
struct LookupFinderContext: Sendable, Encodable {
    let docLine: String
    let signature: String
    /// The field's `Sealed` constant.
    let property: String
    /// The statement that runs the query with `digests`.
    let call: String
}

/// One argument of a call spread over lines.
struct ArgumentContext: Sendable, Encodable {
    let label: String
    let expression: String
    let isLast: Bool
}

