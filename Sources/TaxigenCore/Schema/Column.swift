/// One column of an entity's table and the Swift property that carries it.
public struct Column: Sendable {
    /// What part of the entity a column plays.
    public enum Role: String, Sendable, Hashable {
        /// The implicit `<entity>_id` key.
        case primaryKey
        /// A field the spec declares.
        case field
        /// The JsonBase `data` column.
        case data
        /// The audit column `created_at`.
        case createdAt
        /// The audit column `updated_at`.
        case updatedAt
        /// The soft-delete column `deleted_at`.
        case deletedAt
        /// The optimistic-lock column `version`.
        case version
        /// The keyed lookup digest of a sensitive field with `lookup:` (`<field>_lookup bytea`), written by
        /// the repository beside the sealed value; never a model property.
        case lookup

        /// Whether the database, not the caller, sets the column.
        public var isServerManaged: Bool {
            switch self {
            case .primaryKey, .createdAt, .updatedAt, .deletedAt, .version: true
            case .field, .data, .lookup: false
            }
        }

        /// Whether the column is an audit column (`created_at`, `updated_at`, `deleted_at`, `version`).
        public var isAudit: Bool {
            switch self {
            case .createdAt, .updatedAt, .deletedAt, .version: true
            case .primaryKey, .field, .data, .lookup: false
            }
        }
    }

    /// How a sensitive field's lookup digest normalises the plaintext (the spec's `lookup:`).
    public enum Lookup: String, Sendable, Hashable, CaseIterable {
        /// `lookup: true`: Unicode NFC only, equal where Swift's `==` is.
        case exact
        /// `lookup: case_insensitive`: NFC, then lowercased.
        case caseInsensitive = "case_insensitive"
    }

    /// The column's values, shared by every copy of it: planning copies columns into many arrays, and
    /// copying one reference costs less than retaining each of the column's strings.
    private final class Storage: Sendable {
        let name: String
        let sqlName: String
        let swiftName: String
        let swiftIdentifier: String
        let role: Role
        let type: FieldType
        let isNullable: Bool
        let defaultValue: DefaultValue?
        let isUnique: Bool
        let isImmutable: Bool
        let description: String?
        let formerNames: [String]
        let lookup: Lookup?
        let rules: ValidationRules
        let valueRules: [ColumnRule]
        let example: String?
        let isDeprecated: Bool
        let location: SourceLocation

        init(name: String, sqlName: String, swiftName: String, swiftIdentifier: String, role: Role, type: FieldType,
             isNullable: Bool, defaultValue: DefaultValue?, isUnique: Bool, isImmutable: Bool, description: String?,
             formerNames: [String], lookup: Lookup?, rules: ValidationRules, example: String?, isDeprecated: Bool,
             location: SourceLocation) {
            self.name = name
            self.sqlName = sqlName
            self.swiftName = swiftName
            self.swiftIdentifier = swiftIdentifier
            self.role = role
            self.type = type
            self.isNullable = isNullable
            self.defaultValue = defaultValue
            self.isUnique = isUnique
            self.isImmutable = isImmutable
            self.description = description
            self.formerNames = formerNames
            self.lookup = lookup
            self.rules = rules
            self.valueRules = ColumnRule.normalise(type: type, role: role, rules: rules)
            self.example = example
            self.isDeprecated = isDeprecated
            self.location = location
        }
    }

    private let storage: Storage

    /// The column name, unquoted (`manager_id`).
    public var name: String { storage.name }
    /// The column name as it appears in SQL, quoted when PostgreSQL reserves it.
    public var sqlName: String { storage.sqlName }
    /// The Swift property name before keyword escaping (`managerID`).
    public var swiftName: String { storage.swiftName }
    /// The Swift property name as it must be written in declarations (`` `default` ``).
    public var swiftIdentifier: String { storage.swiftIdentifier }
    /// The part the column plays.
    public var role: Role { storage.role }
    /// The column's type.
    public var type: FieldType { storage.type }
    /// Whether NULL is allowed.
    public var isNullable: Bool { storage.isNullable }
    /// The default, if any.
    public var defaultValue: DefaultValue? { storage.defaultValue }
    /// Whether the value is unique among active rows.
    public var isUnique: Bool { storage.isUnique }
    /// Whether the value can be written only on create.
    public var isImmutable: Bool { storage.isImmutable }
    /// The documentation of the column.
    public var description: String? { storage.description }
    /// The previous name of the column, for migrations: the first of ``formerNames``.
    public var renamedFrom: String? { storage.formerNames.first }
    /// Every former name of the column, most recent first (`renamed_from: [b, a]`); a sensitive field's values
    /// sealed under any of them still open.
    public var formerNames: [String] { storage.formerNames }
    /// For a sensitive field with `lookup:`, how its lookup digest normalises the plaintext; else nil.
    public var lookup: Lookup? { storage.lookup }
    /// The validation rules of the column, as the spec states them.
    public var rules: ValidationRules { storage.rules }
    /// The column's rules normalised with its type: what its CHECK constraints, its generated validation, its
    /// generated bound tests and its documentation all derive from.
    public var valueRules: [ColumnRule] { storage.valueRules }
    /// A valid value the spec gives (text fields), from which generated tests build their values.
    public var example: String? { storage.example }
    /// Where the column is declared (the entity's location for implicit columns).
    public var location: SourceLocation { storage.location }
    /// Whether the spec marks the field `deprecated: true`: the column stays in the table (the DDL, the
    /// snapshot), but the generated code no longer reads or writes it, so that a later migration can drop
    /// it while the previous release still runs (see `Entity.codeView`).
    public var isDeprecated: Bool { storage.isDeprecated }

    /// Creates a column; SQL and Swift spellings are derived from `name` by the naming rules.
    public init(name: String, role: Role, type: FieldType, isNullable: Bool = false, defaultValue: DefaultValue? = nil,
                isUnique: Bool = false, isImmutable: Bool = false, description: String? = nil,
                renamedFrom: String? = nil, formerNames: [String]? = nil, lookup: Lookup? = nil,
                rules: ValidationRules = ValidationRules(), example: String? = nil, isDeprecated: Bool = false,
                location: SourceLocation) {
        let swiftName = Naming.lowerCamelCase(name)
        storage = Storage(name: name, sqlName: Naming.sqlIdentifier(name), swiftName: swiftName,
                          swiftIdentifier: Naming.swiftIdentifier(swiftName), role: role, type: type,
                          isNullable: isNullable, defaultValue: defaultValue, isUnique: isUnique,
                          isImmutable: isImmutable, description: description,
                          formerNames: formerNames ?? renamedFrom.map { [$0] } ?? [], lookup: lookup,
                          rules: rules, example: example, isDeprecated: isDeprecated, location: location)
    }

    /// Whether the value is sealed with the field cipher before it reaches the database.
    public var isSensitive: Bool {
        if case .sealed = type { role != .lookup } else { false }
    }

    /// The same column, with another nullability (for values that are never nil where they are bound).
    public func withNullability(_ nullable: Bool) -> Column {
        Column(name: name, role: role, type: type, isNullable: nullable, defaultValue: defaultValue, isUnique: isUnique,
               isImmutable: isImmutable, description: description, formerNames: formerNames, lookup: lookup,
               rules: rules, example: example, isDeprecated: isDeprecated, location: location)
    }
}

/// The value rules of a field: what validation checks and, where SQL can say it, what CHECK constraints enforce.
public struct ValidationRules: Sendable, Hashable {
    /// The formats a text field can be required to have.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case email, url
    }

    /// Minimum length in characters (of the value, or of each item of an array).
    public var minLength: Int?
    /// Maximum length in characters (of the value, or of each item of an array).
    public var maxLength: Int?
    /// A regular expression the whole value (or each item) must match.
    public var pattern: String?
    /// A format the value must have.
    public var format: Format?
    /// The smallest allowed number (of the value, or of each item).
    public var minimum: NumberLiteral?
    /// The largest allowed number (of the value, or of each item).
    public var maximum: NumberLiteral?
    /// The fewest items of an array.
    public var minItems: Int?
    /// The most items of an array.
    public var maxItems: Int?

    /// Creates rules; all absent by default.
    public init(minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, format: Format? = nil,
                minimum: NumberLiteral? = nil, maximum: NumberLiteral? = nil, minItems: Int? = nil,
                maxItems: Int? = nil) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.format = format
        self.minimum = minimum
        self.maximum = maximum
        self.minItems = minItems
        self.maxItems = maxItems
    }

    /// Whether no rule is set.
    public var isEmpty: Bool { self == ValidationRules() }
}
