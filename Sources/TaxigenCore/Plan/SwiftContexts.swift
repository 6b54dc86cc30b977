/// Render context of `model.swift`: the entity's model struct, its create request's fields as stored (the
/// `fieldValues`) beside the key and audit columns (the `rowMetadata`); Taxiway's `EntityModel` does the rest.
struct ModelContext: Sendable, Encodable {
    let header: FileHeader
    let typeName: String
    let docLines: [String]
    /// The create request, whose fields the model holds.
    let createName: String
    /// `StoredModel`, or `AppendedModel` for an append-only entity (no update, soft delete or version).
    let modelProtocol: String
    /// `StoredRowMetadata`, or `AppendedRowMetadata` for an append-only entity.
    let metadataType: String
    /// The documentation of `rowMetadata`.
    let metadataDoc: String
    /// The key's column, a Swift string literal.
    let keyColumn: String
    /// The key's property name, a Swift string literal.
    let keyProperty: String
    /// The key's property as declared.
    let keyIdentifier: String
    /// The key property's documentation line.
    let keyDoc: String
    /// A property that reads and writes `fieldValues` for each field dynamic member lookup cannot serve (named
    /// like a model's method, or `data`): each element is printed as is (one line, or a wrapped accessor block
    /// when a line would be too long).
    let fieldLines: [String]
    let hasFields: Bool
    /// The API response type, `<Entity>Response`: Taxiway's `EntityResponse` of the model.
    let response: ResponseAliasContext
    /// The typed columns, printed after the model (`columns.swift`).
    let columns: ColumnsContext
    /// The enums of enum fields (`enums.swift`); nil when there are none.
    let enums: EnumsContext?
    /// The `data` helpers of a `json_data` entity (`data.swift`); nil otherwise.
    let data: JSONDataContext?
}

/// The typealias that names a model's API response type.
struct ResponseAliasContext: Sendable, Encodable {
    let typeName: String
    /// The sensitive fields the response leaves out, in prose (`` `tax_number` and `phone` ``), or nil.
    let omittedFields: String?
}

/// How a generated type that holds sensitive fields prints: `description`, `debugDescription` and
/// `customMirror` with each sensitive value replaced by Taxiway's `Redacted`.
struct RedactionContext: Sendable, Encodable {
    let typeName: String
    /// `CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable`, without the first two when
    /// a stored property is named `description` or `debugDescription` (printing then goes through the mirror).
    let conformances: String
    /// Whether the type gets a redacting `description` and `debugDescription`.
    let describes: Bool
    /// The sensitive fields, for documentation: `` `tax_number` ``.
    let fields: String
    /// The mirror's children: each stored property's label and the expression of what it shows.
    let children: [ArgumentContext]
}

/// One stored property of a generated struct.
struct PropertyContext: Sendable, Encodable {
    /// The property name as written in declarations (escaped when a keyword).
    let identifier: String
    /// The raw property name, as used after a dot.
    let name: String
    /// The column or JSON key.
    let column: String
    /// How `init(from:)` and `encode(to:)` read and write the property, under its key `column` (a snake_case
    /// name, never escaped in a string literal): `required`, or `optional` when nullable.
    let coding: String
    /// The Swift type, optional when nullable.
    let type: String
    let docLines: [String]
    /// ` = default` for an initializer parameter, or empty.
    let defaultClause: String
    /// Whether a comma follows in a parameter list.
    let isLast: Bool
}

/// Render context of `columns.swift`, a part of the model's file: table and column name constants.
struct ColumnsContext: Sendable, Encodable {
    let typeName: String
    let tableName: String
    let columns: [ColumnConstantContext]
    /// Every column's SQL identifier as Swift string literals, wrapped into lines of sensible length.
    let allNameLines: [String]
}

/// One typed column.
struct ColumnConstantContext: Sendable, Encodable {
    let identifier: String
    /// `Column<Order, Date> = .init("placed_at") { $0.placedAt }`: the type, then the initial value.
    let declaration: String
    let docLines: [String]
}

/// Render context of `enums.swift`, a part of the model's file: the String-backed enums of an entity's enum
/// fields.
struct EnumsContext: Sendable, Encodable {
    let typeName: String
    let enums: [EnumContext]
}

/// One generated enum.
struct EnumContext: Sendable, Encodable {
    let name: String
    let field: String
    let docLines: [String]
    let cases: [EnumCaseContext]
    let isFirst: Bool
}

/// One enum case and its stored value.
struct EnumCaseContext: Sendable, Encodable {
    let identifier: String
    /// ` = "raw"` when the raw value differs from the case name, else empty.
    let rawValueClause: String
}

/// Render context of `create.swift`: the create request and the list of its fields.
struct CreateContext: Sendable, Encodable {
    let header: FileHeader
    let typeName: String
    let entityName: String
    let entityPhrase: String
    /// The type that lists the fields, `Customer.PatchFields`.
    let fieldList: String
    let properties: [PropertyContext]
    /// False for an entity with no fields of its own: its request is empty.
    let hasProperties: Bool
    let redaction: RedactionContext?
    /// The fields with their keys and rules (`patch.swift`), printed after the create request.
    let fields: FieldsContext
}

/// Render context of `patch.swift`, a part of the create request's file: the list of the request's fields
/// (`Customer.PatchFields`, or an append-only entity's `RequestFields`), and the patch type.
struct FieldsContext: Sendable, Encodable {
    let entityName: String
    /// `PatchFields` or `RequestFields`: the struct's name, and the Taxiway protocol it conforms to.
    let typeName: String
    /// The create request, `CustomerCreate`.
    let requestName: String
    /// The struct's `///` lines.
    let docLines: [String]
    /// `fields.name, fields.email,` wrapped into lines: the elements of `all`.
    let allLines: [String]
    let hasFields: Bool
    let fields: [FieldContext]
    /// The patch type alias; nil for an append-only entity, whose rows are never changed.
    let patch: PatchAliasContext?
}

/// The patch type of an entity: `CustomerPatch`, Taxiway's `Patch` of its `PatchFields`.
struct PatchAliasContext: Sendable, Encodable {
    let typeName: String
    let entityName: String
    let entityPhrase: String
    /// The immutable fields, listed in the documentation; nil when there are none.
    let immutableFields: String?
}

/// One field of a create request: its key path, key and the spec's rules (checked when a request is
/// validated and when a patch sets it). Its documentation points to the model's property.
struct FieldContext: Sendable, Encodable {
    let identifier: String
    /// `PatchableField<String> = .init(\.name, Customer.columns.name)`, `PatchableField<String?> = .init(\.taxNumber, sealed: …)`
    /// or `FixedField<Int64> = .init(\.number, key: "number")`: the type, then the initial value.
    let declaration: String
    /// The `///` lines.
    let docLines: [String]
    let checks: [String]
    let hasChecks: Bool
}

/// Render context of `data.swift`, a part of the model's file: typed helpers for a json_data entity's `data`
/// column.
struct JSONDataContext: Sendable, Encodable {
    let typeName: String
}
