/// An entity as read from one spec file, before cross-entity checks (refs, duplicates, names).
struct EntityDraft {
    let path: String
    let location: SourceLocation
    let name: String
    let nameLocation: SourceLocation
    let tableName: String
    let tableLocation: SourceLocation
    let description: String?
    let hasJSONData: Bool
    /// History, append-only, tenant scope, access log (see `EntityTraitsReader`).
    let traits: EntityTraits
    let fields: [FieldDraft]
    /// The names of fields the spec declares that were refused (each with its error): an index or query that
    /// names one is not reported again as naming an unknown field.
    var refusedFields: Set<String> = []
    let indexes: [IndexDraft]
    /// The `queries` mapping as written, read once the entity's columns are known (see `NamedQueryReader`).
    var queries: SyntaxNode? = nil
    /// `renamed_from:`: the table's former names, most recent first, and where they are written.
    var formerTableNames: [String] = []
    var renamedFromLocation: SourceLocation? = nil
}

/// A field as read from a spec: its column plus what the builder still has to resolve.
struct FieldDraft {
    let column: Column
    /// The index the field asks for with `index:`, if any.
    let index: Index.Kind?
    /// `index: prefix`: the btree has the field's pattern operator class.
    let indexIsPrefix: Bool
    /// Where `index:` was written.
    let indexLocation: SourceLocation
    /// Where `entity:` of a ref was written.
    let refLocation: SourceLocation
}

/// An entry of a spec's `indexes` list, before its fields are resolved.
struct IndexDraft {
    let location: SourceLocation
    let fields: [(text: String, location: SourceLocation)]
    let isUnique: Bool
    let kind: Index.Kind
    /// `prefix: true`: the field is indexed with its pattern operator class, for `prefix` conditions.
    let isPrefix: Bool
    let prefixLocation: SourceLocation
    let includeDeleted: Bool
    let name: String?
    let nameLocation: SourceLocation
}
